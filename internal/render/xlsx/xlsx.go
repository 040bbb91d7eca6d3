// Package xlsx writes the Excel annex: one sheet per annex table with typed
// cells, a styled, frozen and filtered header, print setup, a Notes sheet,
// native charts over the sheet's own cells, and document properties. The
// package is normalised after writing so that the same input gives the same
// bytes. It is the only package that imports excelize.
package xlsx

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/theme"
)

// Render writes the annex of d to w.
func Render(w io.Writer, d *doc.Document, th *theme.Theme) error {
	f := excelize.NewFile()
	defer f.Close()
	p := parts{}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return p })
	a := &annex{f: f, d: d, th: th, sheets: map[string]string{}, tables: map[string]bool{}, msg: d.Meta.Messages}
	if a.msg == nil {
		c, err := th.Catalog(d.Meta.Lang)
		if err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		a.msg = c
	}
	if err := a.build(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteToBuffer(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := p.pack(w, d.Meta.BuildDate); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

type annex struct {
	msg          doc.Messages // the fixed words of the brief's language
	notesSheet   string
	changesSheet string
	f            *excelize.File
	d            *doc.Document
	th           *theme.Theme
	sheets       map[string]string // table id → sheet name
	tables       map[string]bool   // Excel table names taken, in lower case
	styles       struct {
		header, date, integer, text, wrap int
		intFormat                         map[string]int // integer column format → style
		number                            map[int]int
		title, label                      int
	}
}

func (a *annex) build() error {
	f := a.f
	if err := a.makeStyles(); err != nil {
		return err
	}
	used := map[string]bool{}
	a.notesSheet = SheetName(a.msg.T("annex.notes_sheet"), used)
	if len(a.d.Changes) > 0 {
		a.changesSheet = SheetName(a.msg.T("annex.changes_sheet"), used)
	}
	used[recordSheet] = true
	var tables []*doc.Table
	for _, t := range a.d.Tables {
		if t.Annex {
			tables = append(tables, t)
			a.sheets[t.ID] = SheetName(t.ID, used)
		}
	}
	first := true
	for _, t := range tables {
		name := a.sheets[t.ID]
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := a.table(name, t); err != nil {
			return err
		}
	}
	if err := a.charts(tables, used); err != nil {
		return err
	}
	if _, err := f.NewSheet(a.notesSheet); err != nil {
		return err
	}
	if err := a.notes(tables); err != nil {
		return err
	}
	if err := a.changes(); err != nil {
		return err
	}
	if err := a.record(tables); err != nil {
		return err
	}
	m := a.d.Meta
	date := propDate(m.BuildDate)
	return f.SetDocProps(&excelize.DocProperties{
		Title: m.Title, Subject: m.Subject, Creator: m.Generator, LastModifiedBy: m.Generator,
		Keywords: strings.Join(m.Keywords, "; "), Language: m.Lang, Created: date, Modified: date,
		Description: a.msg.T("annex.description", "title", m.Title), Category: cmp.Or(m.Series, a.msg.T("annex.category")),
	})
}

// SheetName makes a valid, unique sheet name from s: at most 31
// characters, none of []:*?/\ and not already in used (compared without case,
// as Excel does).
func SheetName(s string, used map[string]bool) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, s)
	clean = strings.Trim(clean, "'")
	if clean == "" {
		clean = "Table"
	}
	name := truncate(clean, 31)
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = truncate(clean, 31-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func (a *annex) makeStyles() error {
	f := a.f
	var err error
	hc := a.th.XLSX.HeaderColor
	a.styles.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: strings.TrimPrefix(hc, "#")},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{strings.TrimPrefix(a.th.XLSX.HeaderFill, "#")}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
	})
	if err != nil {
		return err
	}
	df := a.th.XLSX.DateFormat
	// The brief's locale id, so that month names follow the brief's
	// language, not the reader's spreadsheet (a theme's own [$-…] wins).
	if c, err := a.th.Catalog(a.d.Meta.Lang); err == nil && c.ExcelLCID != "" && !strings.HasPrefix(df, "[$") {
		df = "[$-" + c.ExcelLCID + "]" + df
	}
	if a.styles.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &df, Alignment: &excelize.Alignment{Horizontal: "left"}}); err != nil {
		return err
	}
	intFmt := "#,##0"
	if a.styles.integer, err = f.NewStyle(&excelize.Style{CustomNumFmt: &intFmt}); err != nil {
		return err
	}
	a.styles.intFormat = map[string]int{}
	if a.styles.text, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: false, Vertical: "top"}}); err != nil {
		return err
	}
	if a.styles.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return err
	}
	if a.styles.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: a.th.XLSX.TitleSize}}); err != nil {
		return err
	}
	if a.styles.label, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return err
	}
	a.styles.number = map[int]int{}
	return nil
}

func (a *annex) numberStyle(decimals int) (int, error) {
	if s, ok := a.styles.number[decimals]; ok {
		return s, nil
	}
	nf := "#,##0"
	if decimals > 0 {
		nf += "." + strings.Repeat("0", decimals)
	}
	s, err := a.f.NewStyle(&excelize.Style{CustomNumFmt: &nf})
	a.styles.number[decimals] = s
	return s, err
}

// integerStyle is the style of an integer column's format: grouped (the
// default), plain for years and identifiers, a percent sign that does not
// scale the value, a sign always shown.
func (a *annex) integerStyle(format string) (int, error) {
	nf, ok := map[string]string{"plain": "0", "percent": `#,##0"%"`, "signed": "+#,##0;-#,##0;0"}[format]
	if !ok {
		return a.styles.integer, nil
	}
	if s, ok := a.styles.intFormat[format]; ok {
		return s, nil
	}
	s, err := a.f.NewStyle(&excelize.Style{CustomNumFmt: &nf})
	a.styles.intFormat[format] = s
	return s, err
}

// hasNotes reports whether any cell of t carries a note marker.
func hasNotes(t *doc.Table) bool {
	for _, r := range t.Rows {
		for _, c := range r {
			if c.Note != "" {
				return true
			}
		}
	}
	return false
}

// header returns the annex's column headings: every column, hidden or not,
// with its unit, and a Notes column when cells carry note markers.
func (a *annex) header(t *doc.Table, notes bool) []string {
	var h []string
	for _, c := range t.Columns {
		h = append(h, c.Heading())
	}
	if notes {
		h = append(h, a.msg.T("annex.notes_column"))
	}
	return h
}

// noteText maps a marker to its note's full text, e.g. "*" → "*unconfirmed".
func noteText(t *doc.Table, marker string) string {
	var out []string
	// A cell's markers are joined ("*†"): split them on the table's
	// markers, the longest first, and give each note's text.
	for marker != "" {
		best := -1
		for i, m := range t.NoteMarkers {
			if m != "" && strings.HasPrefix(marker, m) && (best < 0 || len(m) > len(t.NoteMarkers[best])) {
				best = i
			}
		}
		if best < 0 {
			for _, n := range t.Notes {
				if strings.HasPrefix(n, marker) {
					return strings.Join(append(out, n), "; ")
				}
			}
			return strings.Join(append(out, marker), "; ")
		}
		out = append(out, t.Notes[best])
		marker = marker[len(t.NoteMarkers[best]):]
	}
	return strings.Join(out, "; ")
}

// value is the typed cell the annex keeps for a table cell: dates as dates,
// numbers as numbers, enums as their labels, and no cell at all when empty.
func (a *annex) value(t *doc.Table, col doc.Column, c doc.Cell) (any, int, error) {
	v := c.Value
	if v.Null {
		return nil, 0, nil
	}
	switch v.Kind {
	case doc.Date:
		// Before 1900, ISO 8601 text: see dateValue.
		d, ok := dateValue(v.Date)
		if !ok {
			return d, a.styles.text, nil
		}
		return d, a.styles.date, nil
	case doc.Integer:
		// Past 15 digits, text: see intValue.
		n, ok := intValue(v.Int)
		if !ok {
			return n, a.styles.text, nil
		}
		st, err := a.integerStyle(col.Format)
		return n, st, err
	case doc.Number:
		s, err := a.numberStyle(col.Decimals)
		n, _ := numValue(v.Num)
		return n, s, err
	case doc.Enum:
		for _, ev := range col.Values {
			if ev.Key == v.Str {
				return ev.Label, a.styles.text, nil
			}
		}
	}
	// Text is always a string: a value such as =HYPERLINK(...) stays text.
	if tooLong(v.Str) {
		return nil, 0, errTooLong(v.Str, "table %s, column %s", t.ID, col.Name)
	}
	if r, bad := badChar(v.Str); bad {
		return nil, 0, fmt.Errorf("table %s, column %s: the text holds the character U+%04X, which an Excel cell cannot hold", t.ID, col.Name, r)
	}
	return v.Str, a.styles.text, nil
}

func (a *annex) table(sheet string, t *doc.Table) error {
	f := a.f
	// Whether cells carry note markers is asked of every row: ask once.
	notes := hasNotes(t)
	head := a.header(t, notes)
	widths := a.widths(t, head, notes)
	noteCol, changeCol := len(t.Columns), -1
	if t.Change != nil {
		changeCol = len(head)
		head = append(head, a.msg.T("annex.change_column"))
		widths = append(widths, changeWidth)
	}
	ncol := len(head)
	nrow := len(t.Rows) + 1
	last, err := excelize.CoordinatesToCellName(ncol, nrow)
	if err != nil {
		return err
	}
	// Readers in read-only mode trust the dimension; set it before streaming.
	if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	// Print setup goes before streaming: set afterwards, excelize would read
	// the whole streamed sheet back in to change it.
	if err := a.print(sheet, t, widths); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	hrow := make([]any, ncol)
	for i, h := range head {
		if tooLong(h) {
			return errTooLong(h, "table %s, heading of column %d", t.ID, i+1)
		}
		hrow[i] = excelize.Cell{StyleID: a.styles.header, Value: h}
	}
	if err := sw.SetRow("A1", hrow, excelize.RowOpts{Height: a.th.XLSX.HeaderHeight}); err != nil {
		return err
	}
	row := make([]any, ncol)
	for i, r := range t.Rows {
		lines := 1
		for j, c := range r {
			v, style, err := a.value(t, t.Columns[j], c)
			if err != nil {
				return err
			}
			if v == nil {
				row[j] = nil
				continue
			}
			// Text longer than its column wraps, and the row grows to fit.
			if s, ok := v.(string); ok && style == a.styles.text {
				if n := wrapLines(s, widths[j]); n > 1 {
					style, lines = a.styles.wrap, max(lines, n)
				}
			}
			row[j] = excelize.Cell{StyleID: style, Value: v}
		}
		if notes {
			var ns []string
			for _, c := range r {
				if c.Note != "" {
					ns = append(ns, noteText(t, c.Note))
				}
			}
			row[noteCol] = nil
			if len(ns) > 0 {
				s := strings.Join(ns, "; ")
				if tooLong(s) {
					return errTooLong(s, "table %s, notes of row %d", t.ID, i+1)
				}
				style := a.styles.text
				if n := wrapLines(s, widths[noteCol]); n > 1 {
					style, lines = a.styles.wrap, max(lines, n)
				}
				row[noteCol] = excelize.Cell{StyleID: style, Value: s}
			}
		}
		if changeCol >= 0 {
			row[changeCol] = nil
			if i < len(t.Change) && t.Change[i] != "" {
				row[changeCol] = excelize.Cell{StyleID: a.styles.text, Value: a.msg.T("annex.row." + t.Change[i])}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		var opts []excelize.RowOpts
		if lines > 1 {
			opts = append(opts, excelize.RowOpts{Height: min(float64(lines)*a.th.XLSX.LineHeight, maxRowHeight)})
		}
		if err := sw.SetRow(cell, row, opts...); err != nil {
			return err
		}
	}
	show := true
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: TableName(t.ID, a.tables), StyleName: a.th.XLSX.TableStyle, ShowRowStripes: &show}); err != nil {
		return err
	}
	return sw.Flush()
}

// widths fits each column to its longest text, in Excel's character units,
// measured on a sample for very long tables.
func (a *annex) widths(t *doc.Table, head []string, notes bool) []float64 {
	w := make([]float64, len(head))
	for i, h := range head {
		longest := 0
		for _, word := range strings.Fields(h) {
			longest = max(longest, utf8.RuneCountInString(word))
		}
		w[i] = float64(max(longest, min(utf8.RuneCountInString(h), 18)))
	}
	step := max(1, len(t.Rows)/5000)
	for i := 0; i < len(t.Rows); i += step {
		for j, c := range t.Rows[i] {
			n := utf8.RuneCountInString(a.display(t.Columns[j], c))
			w[j] = math.Max(w[j], float64(n))
		}
	}
	if notes {
		for _, n := range t.Notes {
			w[len(w)-1] = math.Max(w[len(w)-1], float64(utf8.RuneCountInString(n)))
		}
	}
	for i := range w {
		w[i] = math.Min(w[i]*1.1+3, a.th.XLSX.MaxColumnWidth)
	}
	return w
}

// display is how wide a cell shows in Excel: dates in the date format's
// longest form, numbers with separators.
func (a *annex) display(col doc.Column, c doc.Cell) string {
	if c.Value.Null {
		return ""
	}
	switch col.Kind {
	case doc.Date:
		return "30 September 2000"
	case doc.Enum:
		for _, ev := range col.Values {
			if ev.Key == c.Value.Str {
				return ev.Label
			}
		}
	case doc.Integer, doc.Number:
		return c.Text
	}
	return c.Value.Str
}

func (a *annex) print(sheet string, t *doc.Table, widths []float64) error {
	f := a.f
	total := 0.0
	for _, w := range widths {
		total += w
	}
	orient := "portrait"
	if total > 90 {
		orient = "landscape"
	}
	one, zero := 1, 0
	paper := 9 // A4
	if a.th.Page.Size == "Letter" {
		paper = 1
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &paper, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", sheet), Scope: sheet}); err != nil {
		return err
	}
	// A header or footer holds 255 characters: long texts are cut with "…"
	// (the Notes sheet has them whole).
	const headLeft, headRight = "&L&\"-,Bold\"", "&R"
	const footLeft = "&L"
	footRight := "&R" + hfEscape(a.msg.T("annex.page", "page", "\x00P", "pages", "\x00N"))
	footRight = strings.NewReplacer("\x00P", "&P", "\x00N", "&N").Replace(footRight)
	title, caption := hfPair(a.d.Meta.Title, t.Caption, maxHeaderChars-CellChars(headLeft+headRight))
	date := hfFit(a.d.Meta.DateText, maxHeaderChars-CellChars(footLeft+footRight))
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: headLeft + title + headRight + caption,
		OddFooter: footLeft + date + footRight,
	})
}

func (a *annex) notes(tables []*doc.Table) error {
	f := a.f
	sheet := a.notesSheet
	m := a.d.Meta
	row := 1
	set := func(label string, value any) error {
		for _, s := range []any{label, value} {
			if s, ok := s.(string); ok && tooLong(s) {
				return errTooLong(s, "Notes sheet, row %d", row)
			}
		}
		if label != "" {
			if err := f.SetCellStr(sheet, fmt.Sprintf("A%d", row), label); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), a.styles.label); err != nil {
				return err
			}
		}
		// Long labels and values wrap, in a row tall enough for them.
		lines := wrapLines(label, notesLabelWidth)
		if value != nil {
			cell := fmt.Sprintf("B%d", row)
			var err error
			switch v := value.(type) {
			case string:
				err = f.SetCellStr(sheet, cell, v)
				if n := wrapLines(v, a.notesValueWidth()); n > 1 && err == nil {
					lines = max(lines, n)
					err = f.SetCellStyle(sheet, cell, cell, a.styles.wrap)
				}
			default:
				err = f.SetCellValue(sheet, cell, v)
			}
			if err != nil {
				return err
			}
		}
		if lines > 1 {
			if err := f.SetRowHeight(sheet, row, min(float64(lines)*a.th.XLSX.LineHeight, maxRowHeight)); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	if tooLong(m.Title) {
		return errTooLong(m.Title, "Notes sheet, title")
	}
	if err := f.SetCellStr(sheet, "A1", m.Title); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", a.styles.title); err != nil {
		return err
	}
	row = 3
	steps := []struct {
		l string
		v any
	}{{a.msg.T("annex.brief"), m.Title}, {a.msg.T("annex.date"), m.DateText}}
	if m.Series != "" {
		steps = append(steps, struct {
			l string
			v any
		}{a.msg.T("annex.series"), m.Series})
	}
	for _, s := range steps {
		if err := set(s.l, s.v); err != nil {
			return err
		}
	}
	row++
	for _, t := range tables {
		if err := set(a.msg.T("annex.sheet"), a.sheets[t.ID]); err != nil {
			return err
		}
		if err := set(a.msg.T("annex.caption"), t.Caption); err != nil {
			return err
		}
		if t.Source != "" {
			if err := set(a.msg.T("annex.source"), cmp.Or(t.SourceText, t.Source)); err != nil {
				return err
			}
		}
		for _, n := range t.Notes {
			if err := set(a.msg.T("annex.note"), n); err != nil {
				return err
			}
		}
		if err := set(a.msg.T("annex.rows"), int64(len(t.Rows))); err != nil {
			return err
		}
		for j, c := range t.Columns {
			desc := c.Name + ": " + a.msg.T("annex.kind."+string(c.Kind))
			if c.Unit != "" {
				desc += ", " + a.msg.T("annex.unit", "unit", c.Unit)
			}
			if c.Kind == doc.Enum {
				var vs []string
				for _, v := range c.Values {
					vs = append(vs, v.Key+" = "+v.Label)
				}
				desc += " (" + strings.Join(vs, "; ") + ")"
			}
			if c.Hidden {
				desc += "; " + a.msg.T("annex.hidden")
			}
			desc += excelRemark(c.Kind, t.Rows, j)
			if err := set(a.msg.T("annex.column", "label", c.Label), desc); err != nil {
				return err
			}
		}
		row++
	}
	if err := set(a.msg.T("annex.generator"), m.Generator); err != nil {
		return err
	}
	if err := set(a.msg.T("annex.built"), m.BuildDate.UTC().Format("2006-01-02 15:04:05 UTC")); err != nil {
		return err
	}
	srcs := append([]doc.Source(nil), a.d.Sources...)
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Name < srcs[j].Name })
	for _, s := range srcs {
		if err := set(a.msg.T("annex.checksum", "file", s.Name), s.SHA256); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", notesLabelWidth); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "B", "B", a.notesValueWidth())
}

// charts puts the figures declared for the annex on a sheet of their own,
// one below the other, as native charts over their tables' cells: a chart
// beside or below a wide table would not print readably at the table's
// width.
func (a *annex) charts(tables []*doc.Table, used map[string]bool) error {
	var figs []*doc.Figure
	for _, fig := range a.d.Figures {
		if fig.Chart.Annex {
			figs = append(figs, fig)
		}
	}
	if len(figs) == 0 {
		return nil
	}
	sheet := SheetName(a.msg.T("annex.charts_sheet"), used)
	if _, err := a.f.NewSheet(sheet); err != nil {
		return err
	}
	// Printed, the charts fit the page's width, one below the other.
	orient, one, zero, fit := "portrait", 1, 0, true
	paper := 9 // A4
	if a.th.Page.Size == "Letter" {
		paper = 1
	}
	if err := a.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &paper, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := a.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	// Rows of the default height (20 pixels) that a chart takes, and two
	// more between charts.
	step := (a.th.Chart.AnnexHeight+19)/20 + 2
	for k, fig := range figs {
		var t *doc.Table
		for _, tt := range tables {
			if tt.ID == fig.Chart.Table {
				t = tt
			}
		}
		if t == nil {
			return fmt.Errorf("%s: table %q is not in the annex", fig.Label, fig.Chart.Table)
		}
		if err := a.chart(sheet, fmt.Sprintf("A%d", 1+k*step), fig, t); err != nil {
			return fmt.Errorf("%s: %w", fig.Label, err)
		}
	}
	return nil
}

// chart adds a native Excel chart at anchor on sheet for a figure drawn
// straight from an annex table's cells: a bar or line chart whose values are
// a column of the whole table, in the table's order. Validation lets only
// such charts be declared for the annex.
func (a *annex) chart(sheet, anchor string, fig *doc.Figure, t *doc.Table) error {
	ch := fig.Chart
	// The rows plotted must be one run of cells from the table's top.
	for i, r := range ch.Rows {
		if r != i {
			return errors.New("the chart's rows are not one run of the table's rows from the top")
		}
	}
	var typ excelize.ChartType
	switch ch.Type {
	case doc.BarChart:
		typ = excelize.Col
	case doc.LineChart:
		typ = excelize.Line
	default:
		return fmt.Errorf("the annex draws bar and line charts, not %s", ch.Type)
	}
	xi, yi := -1, -1
	for i, c := range t.Columns {
		if c.Name == ch.XColumn {
			xi = i
		}
		if c.Name == ch.YColumn {
			yi = i
		}
	}
	if xi < 0 || yi < 0 || len(ch.Rows) == 0 {
		return errors.New("no cells to draw from")
	}
	data := a.sheets[t.ID]
	col := func(i int) string { n, _ := excelize.ColumnNumberToName(i + 1); return n }
	last := len(ch.Rows) + 1
	ref := func(i int) string { return fmt.Sprintf("'%s'!$%s$2:$%s$%d", data, col(i), col(i), last) }
	fill := strings.TrimPrefix(a.th.Palette[0], "#")
	no := false
	cs := a.th.Chart
	gap := uint(cs.AnnexGap)
	// The category axis shows the column as it is: a date column in its
	// own format, numbers and text as General (a year is 2006, not 2,006).
	xfmt := "General"
	if t.Columns[xi].Kind == doc.Date {
		xfmt = excelDateFormat(ch.XFormat, a.th.XLSX.DateFormat)
	}
	// Category labels sit at the low end of the axis, below negative bars,
	// and are thinned to at most AnnexLabels of them.
	x := excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: xfmt}, TickLabelPosition: excelize.ChartTickLabelLow}
	if n := len(ch.Rows); n > cs.AnnexLabels {
		// Thinned labels are also set upright, so that they need only a
		// line's height each across the axis.
		x.TickLabelSkip = (n + cs.AnnexLabels - 1) / cs.AnnexLabels
		x.Alignment = excelize.Alignment{TextRotation: -90}
	}
	return a.f.AddChart(sheet, anchor, &excelize.Chart{
		Type: typ,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$%s$1", data, col(yi)),
			Categories: ref(xi),
			Values:     ref(yi),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: cs.AnnexMarker, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}},
		}},
		VaryColors:   &no,
		GapWidth:     &gap,
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: fig.Label + ". " + fig.Caption}}},
		Legend:       excelize.ChartLegend{Position: "bottom"},
		XAxis:        x,
		YAxis:        excelize.ChartAxis{MajorGridLines: true, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ch.YTitle}}}},
		Dimension:    excelize.ChartDimension{Width: uint(cs.AnnexWidth), Height: uint(cs.AnnexHeight)},
		ShowBlanksAs: "gap",
	})
}

// wrapLines estimates the lines s takes when wrapped at word boundaries in a
// column width characters wide (Excel's unit: about one character each,
// less a margin), a word longer than a line taking several.
func wrapLines(s string, width float64) int {
	per := max(1, int(width)-2)
	if utf8.RuneCountInString(s) <= per {
		return 1
	}
	lines, cur := 1, 0
	for _, w := range strings.Fields(s) {
		n := utf8.RuneCountInString(w)
		switch {
		case cur == 0:
		case cur+1+n <= per:
			cur += 1 + n
			continue
		default:
			lines++
		}
		lines += (n - 1) / per
		cur = (n-1)%per + 1
	}
	return lines
}

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

// The Notes sheet's columns: labels, and values twice as wide as a table's
// widest column.
const notesLabelWidth = 28

func (a *annex) notesValueWidth() float64 { return 2 * a.th.XLSX.MaxColumnWidth }

// excelDateFormat converts a date pattern of the brief (CLDR letters: y, M
// or L, d, E; text in single quotes) to an Excel number format. An empty
// pattern gives the theme's.
func excelDateFormat(pattern, fallback string) string {
	if pattern == "" {
		return fallback
	}
	var b strings.Builder
	for i := 0; i < len(pattern); {
		c := pattern[i]
		if c == '\'' {
			j := strings.IndexByte(pattern[i+1:], '\'')
			if j < 0 {
				j = len(pattern) - i - 1
			}
			b.WriteString(`"` + strings.ReplaceAll(pattern[i+1:i+1+j], `"`, "") + `"`)
			i += j + 2
			continue
		}
		n := 1
		for i+n < len(pattern) && pattern[i+n] == c {
			n++
		}
		switch c {
		case 'y':
			if n == 2 {
				b.WriteString("yy")
			} else {
				b.WriteString("yyyy")
			}
		case 'M', 'L':
			b.WriteString(strings.Repeat("m", min(n, 4)))
		case 'd':
			b.WriteString(strings.Repeat("d", min(n, 2)))
		case 'E':
			if n >= 4 {
				b.WriteString("dddd")
			} else {
				b.WriteString("ddd")
			}
		case ' ', ',', '.', '-', '/':
			b.WriteString(pattern[i : i+n])
		default:
			b.WriteString(`"` + strings.ReplaceAll(pattern[i:i+n], `"`, "") + `"`)
		}
		i += n
	}
	return b.String()
}
