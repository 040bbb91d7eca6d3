package theme

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// NestingLimit is how deeply block quotes and lists may nest in a brief
// (data.MaxNesting): the quote and list indents, that many times over, must
// leave room for text.
const NestingLimit = 16

// Bounds of a theme's lengths, checked against its page.
const (
	minMargin   = 0   // left and right
	minBand     = 36  // top and bottom: the masthead, header and footer sit there
	minMeasure  = 144 // the text area's width and height, at least
	minSize     = 4
	maxSize     = 72
	minLeading  = 0.8
	maxLeading  = 3
	linesOnPage = 10 // a line of any style, or a table row, fits this many times on a page
	minTextLeft = 144
	maxPadding  = 36
	maxRule     = 10
	maxFigure   = 0.6 // of the text area's height
)

// PageSize returns the paper's width and height in points.
func (t *Theme) PageSize() (w, h float64) {
	if t.Page.Size == "Letter" {
		return 612, 792
	}
	return 595.28, 841.89
}

// LineHeight is a style's line height: its size times its leading, 1.2
// when the leading is not set.
func (s Style) LineHeight() float64 {
	return s.Size * cmp.Or(s.Leading, 1.2)
}

// between reports whether lo <= v <= hi; NaN is never between.
func between(v, lo, hi float64) bool { return v >= lo && v <= hi }

// num formats a length for a message, to a thousandth of a point.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64) }

// validate checks the theme's lengths against its page, and the annex's
// settings, so that no accepted theme can make a layout that never ends. It
// returns every problem, each naming its key.
func (t *Theme) validate() []string {
	var errs []string
	add := func(key, format string, args ...any) {
		errs = append(errs, key+": "+fmt.Sprintf(format, args...))
	}
	pw, ph := t.PageSize()
	m := t.Page.Margins
	for _, s := range []struct {
		key string
		v   float64
		min float64
	}{{"top", m.Top, minBand}, {"right", m.Right, minMargin}, {"bottom", m.Bottom, minBand}, {"left", m.Left, minMargin}} {
		if !between(s.v, s.min, ph) {
			add("page.margins."+s.key, "%s is not between %s and the page's size", num(s.v), num(s.min))
		}
	}
	w, h := pw-m.Left-m.Right, ph-m.Top-m.Bottom
	if !(w >= minMeasure) {
		add("page.margins", "the text area is %s pt wide; at least %d pt must remain between the margins", num(w), minMeasure)
	}
	if !(h >= minMeasure) {
		add("page.margins", "the text area is %s pt high; at least %d pt must remain between the margins", num(h), minMeasure)
	}
	if len(errs) > 0 {
		return errs // the bounds below depend on the text area
	}
	maxLine := h / linesOnPage
	for _, role := range sortedKeys(t.Styles) {
		s := t.Styles[role]
		key := "styles." + role
		if !between(s.Size, minSize, maxSize) {
			add(key+".size", "%s is not between %d and %d", num(s.Size), minSize, maxSize)
			continue
		}
		if s.Leading != 0 && !between(s.Leading, minLeading, maxLeading) {
			add(key+".leading", "%s is not between %s and %d (a multiple of the size)", num(s.Leading), num(minLeading), maxLeading)
			continue
		}
		if lh := s.LineHeight(); lh > maxLine {
			add(key, "lines are %s pt high (size × leading); at most %s pt let %d lines fit on the page", num(lh), num(maxLine), linesOnPage)
		}
		for _, sp := range []struct {
			key string
			v   float64
		}{{"before", s.Before}, {"after", s.After}} {
			if !between(sp.v, 0, maxLine) {
				add(key+"."+sp.key, "%s is not between 0 and %s", num(sp.v), num(maxLine))
			}
		}
		if !between(s.Indent, 0, (w-minTextLeft)/NestingLimit) {
			add(key+".indent", "%s is not between 0 and %s: %d nested quotes or lists must leave %d pt of text", num(s.Indent), num((w-minTextLeft)/NestingLimit), NestingLimit, minTextLeft)
		}
	}
	if !between(t.Table.Padding, 0, maxPadding) {
		add("table.padding", "%s is not between 0 and %d", num(t.Table.Padding), maxPadding)
	} else if st, ok := t.Styles["table"]; ok && st.LineHeight()+2*t.Table.Padding > maxLine {
		add("table.padding", "table rows are %s pt high; at most %s pt let %d rows fit on the page", num(st.LineHeight()+2*t.Table.Padding), num(maxLine), linesOnPage)
	}
	if !between(t.Table.RuleWidth, 0, maxRule) {
		add("table.rule_width", "%s is not between 0 and %d", num(t.Table.RuleWidth), maxRule)
	}
	if !(t.FigureHeight > 0 && t.FigureHeight <= h*maxFigure) {
		add("figure_height", "%s is not above 0 and at most %s (%d%% of the text area's height)", num(t.FigureHeight), num(h*maxFigure), int(maxFigure*100))
	}
	if len(t.Palette) > MaxPalette {
		add("palette", "%d colours; the limit is %d", len(t.Palette), MaxPalette)
	}
	for _, c := range []struct{ key, v string }{{"xlsx.header_fill", t.XLSX.HeaderFill}, {"xlsx.header_color", t.XLSX.HeaderColor}} {
		if _, err := ParseColor(c.v); err != nil {
			add(c.key, "%v", err)
		}
	}
	if !tableStyle(t.XLSX.TableStyle) {
		add("xlsx.table_style", "%q is not one of Excel's table styles (TableStyleLight1–21, TableStyleMedium1–28, TableStyleDark1–11)", t.XLSX.TableStyle)
	}
	if !between(t.XLSX.TitleSize, 6, 72) {
		add("xlsx.title_size", "%s is not between 6 and 72 points", num(t.XLSX.TitleSize))
	}
	if !between(t.XLSX.HeaderHeight, 12, 409) {
		add("xlsx.header_height", "%s is not between 12 and 409 points (Excel's largest row)", num(t.XLSX.HeaderHeight))
	}
	if err := checkDateFormat(t.XLSX.DateFormat); err != nil {
		add("xlsx.date_format", "%v", err)
	}
	return errs
}

// tableStyle reports whether s names one of Excel's built-in table styles.
func tableStyle(s string) bool {
	rest, ok := strings.CutPrefix(s, "TableStyle")
	if !ok {
		return false
	}
	for kind, last := range map[string]int{"Light": 21, "Medium": 28, "Dark": 11} {
		if num, ok := strings.CutPrefix(rest, kind); ok {
			n, err := strconv.Atoi(num)
			return err == nil && n >= 1 && n <= last && strconv.Itoa(n) == num
		}
	}
	return false
}

// checkDateFormat accepts an Excel date format made of day, month and year
// codes (d to dddd, m to mmmm, yy or yyyy) and separators.
func checkDateFormat(s string) error {
	if s == "" || len(s) > 40 {
		return fmt.Errorf("%q: write day, month and year codes such as \"d mmmm yyyy\" or \"yyyy-mm-dd\"", s)
	}
	var d, mo, y bool
	for i := 0; i < len(s); {
		c := s[i]
		j := i
		for j < len(s) && s[j] == c {
			j++
		}
		n := j - i
		switch {
		case c == 'd' && n <= 4:
			d = true
		case c == 'm' && n <= 4:
			mo = true
		case c == 'y' && (n == 2 || n == 4):
			y = true
		case strings.IndexByte(" -/.,", c) >= 0:
		default:
			return fmt.Errorf("%q: %q is not a day (d–dddd), month (m–mmmm) or year (yy, yyyy) code or a separator ( -/.,)", s, s[i:j])
		}
		i = j
	}
	if !d && !mo && !y {
		return fmt.Errorf("%q has no day, month or year", s)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// positioned prefixes each problem "key: message" with the line and column
// of the key in theme.yaml, and sorts the list by position.
func positioned(file string, src []byte, problems []string) error {
	var root yaml.Node
	_ = yaml.Unmarshal(src, &root)
	type item struct {
		line, col int
		s         string
	}
	var items []item
	for _, p := range problems {
		key, _, _ := strings.Cut(p, ": ")
		line, col := keyPos(&root, key)
		it := item{line, col, file + ": " + p}
		if line > 0 {
			it.s = file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + ": " + p
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col))
	})
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(it.s)
	}
	return errors.New(b.String())
}

// keyPos finds a dotted key (styles.body.size, palette[2]) in a YAML
// document: the position of its value, or of the deepest key found.
func keyPos(root *yaml.Node, key string) (line, col int) {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, part := range strings.Split(key, ".") {
		name, idx, hasIdx := strings.Cut(part, "[")
		next := (*yaml.Node)(nil)
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == name {
					next = n.Content[i+1]
					line, col = n.Content[i].Line, n.Content[i].Column
					break
				}
			}
		}
		if next == nil {
			return line, col
		}
		n = next
		line, col = n.Line, n.Column
		if hasIdx {
			i, err := strconv.Atoi(strings.TrimSuffix(idx, "]"))
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return line, col
			}
			n = n.Content[i]
			line, col = n.Line, n.Column
		}
	}
	return line, col
}
