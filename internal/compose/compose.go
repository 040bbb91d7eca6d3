// Package compose turns a loaded brief into the document model: it numbers
// headings, tables and figures, writes captions, formats numbers and dates
// for the brief's language, applies the tables' display rules and resolves
// chart data. All editorial decisions live here; the backends only draw.
package compose

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/i18n"
)

// Options are the inputs of compose that do not come from the brief.
type Options struct {
	BuildDate time.Time // when zero, the brief's date
	Generator string    // e.g. "report v0.1.0"
	// Catalog holds the fixed words and formats of the brief's language,
	// usually the theme's (theme.Catalog); nil means the default theme's.
	Catalog *i18n.Catalog
}

func newComposer(b *data.Brief, opt Options) *composer {
	cat := catalog(b, opt)
	return &composer{b: b, cat: cat, loc: cat.Locale, notes: map[string]int{}, tables: map[string]*doc.Table{}, figures: map[string]*doc.Figure{}}
}

// Meta composes only the brief's metadata, lead included, without its
// tables and figures: what a cover e-mail needs.
func Meta(b *data.Brief, opt Options) doc.Meta {
	c := newComposer(b, opt)
	m := b.Meta
	meta := doc.Meta{
		ID: b.ID, Title: m.Title, Subtitle: m.Subtitle, Series: m.Series, Number: m.Number,
		Date: m.Date, DateText: c.loc.Date(m.Date, c.cat.T("date.long")), Authors: m.Authors, Lang: m.Lang,
		Keywords: m.Keywords, Theme: m.Theme, Generator: opt.Generator, BuildDate: opt.BuildDate,
		Recipients: m.Distribution, Messages: c.cat, Edition: m.Edition,
	}
	if meta.BuildDate.IsZero() {
		meta.BuildDate = m.Date
	}
	// The lead is the first paragraph before any heading.
	for _, blk := range b.Body {
		if blk.Kind == data.Heading {
			break
		}
		if blk.Kind == data.Paragraph {
			meta.Lead = plain(c.runs(blk.Inlines, 0))
			meta.Subject = firstSentence(meta.Lead)
			break
		}
	}
	return meta
}

// Compose builds the document model of b.
func Compose(b *data.Brief, opt Options) *doc.Document {
	c := newComposer(b, opt)
	d := &doc.Document{Meta: Meta(b, opt)}
	for _, t := range b.Tables {
		dt := c.table(t)
		c.tables[t.ID] = dt
		d.Tables = append(d.Tables, dt)
	}
	for _, ch := range b.Charts {
		c.figures[ch.ID] = &doc.Figure{ID: ch.ID}
	}
	d.Blocks = c.blocks(b.Body, true)
	for _, ch := range b.Charts {
		f := c.figures[ch.ID]
		c.figure(f, ch)
		f.Alt = c.figureAlt(f, ch)
		d.Figures = append(d.Figures, f)
	}
	for _, fn := range append(b.Notes[:len(b.Notes):len(b.Notes)], b.TableNotes...) {
		n, ok := c.notes[c.noteKey(fn)]
		if !ok {
			continue // defined but never referenced
		}
		var runs []doc.Run
		for i, blk := range fn.Blocks {
			if i > 0 {
				runs = append(runs, doc.Run{Text: " "})
			}
			runs = append(runs, c.runs(blk.Inlines, 0)...)
		}
		d.Footnotes = append(d.Footnotes, doc.Footnote{Number: n, Runs: runs})
	}
	// Tables' notes are numbered where the tables stand, in reading order.
	slices.SortFunc(d.Footnotes, func(a, b doc.Footnote) int { return a.Number - b.Number })
	for _, f := range b.Files {
		d.Sources = append(d.Sources, doc.Source{Name: f.Name, SHA256: f.SHA256})
	}
	return d
}

type composer struct {
	b       *data.Brief
	cat     *i18n.Catalog
	loc     *i18n.Locale
	notes   map[string]int
	tables  map[string]*doc.Table
	figures map[string]*doc.Figure
	lead    *doc.Paragraph
	heads   []int // counters per heading depth
	nTables int
	nFigs   int
	seenH   bool
	minH    int
}

func (c *composer) blocks(bs []data.Block, top bool) []doc.Block {
	var out []doc.Block
	if top {
		c.minH = 7
		for _, b := range bs {
			if b.Kind == data.Heading && b.Level < c.minH {
				c.minH = b.Level
			}
		}
	}
	for _, b := range bs {
		switch b.Kind {
		case data.Heading:
			if !top {
				// A heading inside a block quote or list item (> # Quoted)
				// opens no section of the brief: it is set as a bold
				// paragraph of its container.
				out = append(out, &doc.Paragraph{Role: "body", Runs: c.runs(b.Inlines, doc.Bold)})
				continue
			}
			c.seenH = true
			out = append(out, c.heading(b))
		case data.Paragraph:
			p := &doc.Paragraph{Role: "body", Runs: c.runs(b.Inlines, 0)}
			if top && !c.seenH && c.lead == nil {
				p.Role = "lead"
				c.lead = p
				out = append(out, &doc.Box{Role: "lead", Blocks: []doc.Block{p}})
				continue
			}
			out = append(out, p)
		case data.Quote:
			inner := c.blocks(b.Children, false)
			for _, x := range inner {
				if p, ok := x.(*doc.Paragraph); ok {
					p.Role = "quote"
				}
			}
			out = append(out, &doc.Quote{Blocks: inner})
		case data.List:
			l := &doc.List{Ordered: b.Ordered, Start: b.Start}
			for _, it := range b.Children {
				l.Items = append(l.Items, c.blocks(it.Children, false))
			}
			out = append(out, l)
		case data.Break:
			out = append(out, &doc.Rule{})
		case data.Place:
			switch b.RefKind {
			case "table":
				t := c.tables[b.Ref]
				c.nTables++
				t.Number = c.nTables
				t.Label = c.cat.T("table.label", "n", c.loc.Plain(int64(t.Number)))
				t.InBody = true
				c.tableNotes(t)
				out = append(out, &doc.TableRef{Table: t})
			case "figure":
				f := c.figures[b.Ref]
				c.nFigs++
				f.Number = c.nFigs
				f.Label = c.cat.T("figure.label", "n", c.loc.Plain(int64(f.Number)))
				out = append(out, &doc.FigureRef{Figure: f})
			}
		}
	}
	return out
}

func (c *composer) heading(b data.Block) *doc.Heading {
	depth := max(b.Level-c.minH, 0) // minH is the least level of the top-level headings
	for len(c.heads) <= depth {
		c.heads = append(c.heads, 0)
	}
	c.heads[depth]++
	c.heads = c.heads[:depth+1]
	nums := make([]string, len(c.heads))
	for i, n := range c.heads {
		nums[i] = strconv.Itoa(n)
	}
	runs := c.runs(b.Inlines, 0)
	num := strings.Join(nums, ".")
	return &doc.Heading{Level: depth + 1, Number: num, Text: plain(runs), Runs: runs, Anchor: "sec-" + num}
}

// runs flattens inline markup into styled runs, joining neighbours of the
// same style.
func (c *composer) runs(ins []data.Inline, style doc.Style) []doc.Run {
	var out []doc.Run
	add := func(r doc.Run) {
		if k := len(out) - 1; k >= 0 && out[k].Style == r.Style && out[k].Link == r.Link && out[k].Footnote == 0 && r.Footnote == 0 {
			out[k].Text += r.Text
			return
		}
		out = append(out, r)
	}
	var walk func(ins []data.Inline, style doc.Style, link string)
	walk = func(ins []data.Inline, style doc.Style, link string) {
		for _, in := range ins {
			switch in.Kind {
			case data.TextRun:
				add(doc.Run{Text: in.Text, Style: style, Link: link})
			case data.Code:
				add(doc.Run{Text: in.Text, Style: style | doc.Mono, Link: link})
			case data.SoftBreak:
				add(doc.Run{Text: " ", Style: style, Link: link})
			case data.HardBreak:
				add(doc.Run{Text: "\n", Style: style, Link: link})
			case data.Emph:
				walk(in.Children, style|doc.Italic, link)
			case data.Strong:
				walk(in.Children, style|doc.Bold, link)
			case data.Link:
				walk(in.Children, style, in.URL)
			case data.FootnoteRef:
				n, ok := c.notes[in.Label]
				if !ok {
					n = len(c.notes) + 1
					c.notes[in.Label] = n
				}
				add(doc.Run{Text: strconv.Itoa(n), Style: style, Footnote: n})
			}
		}
	}
	walk(ins, style, "")
	return out
}

func plain(runs []doc.Run) string {
	var b strings.Builder
	for _, r := range runs {
		if r.Footnote > 0 {
			continue
		}
		b.WriteString(r.Text)
	}
	return b.String()
}

// firstSentence returns s up to the first full stop that is followed by a
// space and a capital letter.
func firstSentence(s string) string {
	rs := []rune(s)
	for i := 0; i+2 < len(rs); i++ {
		if rs[i] == '.' && rs[i+1] == ' ' && unicode.IsUpper(rs[i+2]) {
			// Not after an abbreviation like "U.S." or "e.g.".
			if i >= 2 && rs[i-2] == '.' {
				continue
			}
			return string(rs[:i+1])
		}
	}
	return s
}

func (c *composer) source(s string) string {
	if s == "" {
		return ""
	}
	return c.cat.T("source", "source", s)
}

func kind(t data.ColType) doc.Kind { return doc.Kind(t) }

// Value converts a typed data value to the document model's.
func value(v data.Value) doc.Value {
	return doc.Value{Kind: kind(v.Type), Null: v.Null, Str: v.Str, Int: v.Int, Num: v.Num, Date: v.Date}
}

func (c *composer) table(t *data.Table) *doc.Table {
	dt := &doc.Table{ID: t.ID, Caption: t.Caption, Source: c.source(t.Source), SourceText: t.Source, Annex: t.Annex != data.AnnexNo, Key: t.Key}
	dt.Landscape = t.Landscape
	for _, n := range t.Notes {
		dt.Notes = append(dt.Notes, n.Marker+n.Text)
		dt.NoteMarkers = append(dt.NoteMarkers, n.Marker)
	}
	for _, col := range t.Columns {
		dc := doc.Column{Name: col.Name, Label: col.Label, Kind: kind(col.Type), Unit: col.Unit, Decimals: col.Decimals, Format: col.Format, Align: doc.Left, Hidden: col.Hidden}
		if col.Type == data.Integer || col.Type == data.Number {
			dc.Align = doc.Right
		}
		if col.Align != "" {
			dc.Align = doc.Align(col.Align)
		}
		dc.Width, dc.NoWrap = col.Width, col.NoWrap
		for _, v := range col.Values {
			dc.Values = append(dc.Values, doc.EnumValue{Key: v.Key, Label: v.Label})
		}
		dt.Columns = append(dt.Columns, dc)
	}
	dt.Rows = make([][]doc.Cell, len(t.Rows))
	cells := make([]doc.Cell, len(t.Rows)*len(t.Columns))
	for i, r := range t.Rows {
		row := cells[i*len(t.Columns) : (i+1)*len(t.Columns)]
		for j, col := range t.Columns {
			row[j] = c.cell(t, col, r, r.Values[j])
		}
		dt.Rows[i] = row
	}
	return dt
}

// cell derives a cell's display text from its value and the column's rules.
func (c *composer) cell(t *data.Table, col *data.Column, r data.Row, v data.Value) doc.Cell {
	cell := doc.Cell{Value: value(v), Role: "value", Text: c.display(col, v)}
	if v.Null {
		cell.Role = "empty"
	}
	if len(col.Display) == 0 {
		return cell
	}
	var prefix, suffix, marks string
	for _, rule := range col.Display {
		if rule.Empty && !v.Null {
			continue
		}
		if !data.Match(rule.When, t, r) {
			continue
		}
		if rule.Text != nil {
			cell.Text = *rule.Text
			cell.Role = "status"
		}
		prefix += rule.Prefix
		suffix += rule.Suffix
		if rule.Note != "" {
			if n := t.Note(rule.Note); n != nil {
				marks += n.Marker
			}
		}
	}
	cell.Note = marks
	cell.Text = prefix + cell.Text + marks + suffix
	return cell
}

func (c *composer) display(col *data.Column, v data.Value) string {
	if v.Null {
		return ""
	}
	switch col.Type {
	case data.Integer:
		return nbsp(c.integer(col, v.Int))
	case data.Number:
		return nbsp(c.loc.Number(v.Num, col.Decimals))
	case data.Date:
		return c.loc.Date(v.Date, cmp.Or(col.Format, c.cat.T("date.long")))
	case data.Enum:
		return col.EnumLabel(v.Str)
	}
	return v.Str
}

func (c *composer) yTitle(title, unit string) string {
	switch {
	case title == "":
		return unit
	case unit == "":
		return title
	}
	return fmt.Sprintf("%s (%s)", title, unit)
}

// noteRefRE matches a footnote reference in a table's text: [^label].
var noteRefRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[\^([^\]\s]+)\]`) })

// noteKey is the key of a footnote definition in c.notes: the body's
// label when the body references it, else its name.
func (c *composer) noteKey(fn data.Footnote) string {
	if fn.Label != "" {
		return fn.Label
	}
	return "name:" + fn.Name
}

// noteNumber numbers the footnote named name, referenced from a table, in
// reading order, sharing the number of a body reference to it.
func (c *composer) noteNumber(name string) int {
	key := "name:" + name
	for _, fn := range c.b.Notes {
		if fn.Name == name {
			key = fn.Label
		}
	}
	n, ok := c.notes[key]
	if !ok {
		n = len(c.notes) + 1
		c.notes[key] = n
	}
	return n
}

// refRuns cuts the footnote references out of s: the text as runs with
// markers, or nil when s has none.
func (c *composer) refRuns(s string) []doc.Run {
	if !strings.Contains(s, "[^") {
		return nil
	}
	var runs []doc.Run
	last := 0
	for _, m := range noteRefRE().FindAllStringSubmatchIndex(s, -1) {
		if m[0] > last {
			runs = append(runs, doc.Run{Text: s[last:m[0]]})
		}
		n := c.noteNumber(s[m[2]:m[3]])
		runs = append(runs, doc.Run{Text: strconv.Itoa(n), Footnote: n})
		last = m[1]
	}
	if last < len(s) {
		runs = append(runs, doc.Run{Text: s[last:]})
	}
	return runs
}

// tableNotes numbers the footnotes a placed table references, in reading
// order (caption, cells row by row, notes, source), and takes the
// references out of its text.
func (c *composer) tableNotes(t *doc.Table) {
	t.CaptionRuns = c.refRuns(t.Caption)
	if t.CaptionRuns != nil {
		t.Caption = plain(t.CaptionRuns)
	}
	for i, row := range t.Rows {
		for j := range row {
			cell := &row[j]
			runs := c.refRuns(cell.Text)
			if runs == nil {
				continue
			}
			if t.CellNotes == nil {
				t.CellNotes = map[int][]int{}
			}
			cell.Text = strings.TrimSpace(plain(runs))
			for _, r := range runs {
				if r.Footnote > 0 {
					t.CellNotes[i*len(row)+j] = append(t.CellNotes[i*len(row)+j], r.Footnote)
				}
			}
		}
	}
	for i, n := range t.Notes {
		if runs := c.refRuns(n); runs != nil {
			if t.NoteRuns == nil {
				t.NoteRuns = make([][]doc.Run, len(t.Notes))
			}
			t.NoteRuns[i] = runs
			t.Notes[i] = plain(runs)
		}
	}
	t.SourceRuns = c.refRuns(t.Source)
	if t.SourceRuns != nil {
		t.Source = plain(t.SourceRuns)
		t.SourceText = noteRefRE().ReplaceAllString(t.SourceText, "")
	}
}

// nbsp makes the spaces inside a formatted number (a group separator)
// non-breaking, so that no line breaks inside the number.
func nbsp(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	return strings.ReplaceAll(s, " ", "\u00a0")
}
