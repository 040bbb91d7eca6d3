package pdf

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/un-briefs/report/internal/render/chart"
	"github.com/un-briefs/report/third_party/fpdf"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/theme"
)

// tableLayout is a table measured for the page.
type tableLayout struct {
	cols   []int     // indexes of the shown columns
	widths []float64 // their widths, padding included
	header [][]string
	headH  float64
	body   theme.Style // the table's text, possibly set smaller than the theme's
	head   theme.Style
	// natural holds each shown cell's unwrapped width, row by row, so that
	// a cell is measured once: one that fits its column is set as it is.
	natural []float32
	width   float64 // the measure the table is laid out in
}

// noWrap reports whether a column's cells must stay on one line: numbers
// and dates, and columns the brief marks so.
func noWrap(c doc.Column) bool {
	return c.NoWrap || c.Kind == doc.Integer || c.Kind == doc.Number || c.Kind == doc.Date
}

// measureTable sizes the shown columns with the automatic table layout of
// CSS 2.1 (§17.5.2.2): each column has a minimum width, its widest
// unbreakable piece, and a maximum width, its content unwrapped. When the
// maxima fit the measure they are used and the rest is shared out evenly;
// otherwise every column gets its minimum and the rest is shared in
// proportion to max − min. No column is narrower than its minimum. A table
// whose minima do not fit is set smaller, down to the theme's min_size; ok
// is false when even that does not fit.
func (r *renderer) measureTable(t *doc.Table, avail float64) (tl tableLayout, need float64, ok bool) {
	for i, c := range t.Columns {
		if !c.Hidden {
			tl.cols = append(tl.cols, i)
		}
	}
	tl.width = avail
	pad := r.th.Table.Padding
	tl.body, tl.head = r.th.Style("table"), r.th.Style("table-header")
	n := len(tl.cols)
	minW, maxW := make([]float64, n), make([]float64, n)
	capW := r.th.Table.WordBreak
	if capW <= 0 {
		capW = avail
	}
	r.font(tl.head, 0)
	for k, ci := range tl.cols {
		minW[k], maxW[k] = r.minMax(t.Columns[ci].Heading(), true, capW)
	}
	r.font(tl.body, 0)
	// Measure every cell once: a table is typeset once, and widths must
	// hold for the widest cell wherever it is.
	type mm struct{ min, max float64 }
	cache := map[string]mm{}
	tl.natural = make([]float32, len(t.Rows)*n)
	wraps := make([]bool, n)
	for k, ci := range tl.cols {
		wraps[k] = !noWrap(t.Columns[ci])
	}
	for i, row := range t.Rows {
		for k, ci := range tl.cols {
			txt := row[ci].Text
			m, hit := cache[txt]
			if !hit {
				m.min, m.max = r.minMax(txt, wraps[k], capW)
				if len(cache) < 100000 {
					cache[txt] = m
				}
			}
			if !wraps[k] {
				m.min = m.max
			}
			if t.CellNotes != nil {
				if ns := t.CellNotes[i*len(t.Columns)+ci]; ns != nil {
					mw := r.cellMarkWidth(tl.body, ns)
					r.font(tl.body, 0) // the markers' font was set to measure them
					m.min += mw
					m.max += mw
				}
			}
			tl.natural[i*n+k] = float32(m.max)
			minW[k] = max(minW[k], m.min)
			maxW[k] = max(maxW[k], m.max)
		}
	}
	// Widths hinted by the brief: a fraction of the measure or points,
	// never below the column's minimum.
	for k, ci := range tl.cols {
		if h := t.Columns[ci].Width; h > 0 {
			if h <= 1 {
				h *= avail
			}
			h -= 2 * pad
			minW[k] = max(minW[k], h)
			maxW[k] = minW[k]
		}
	}
	sumMin, sumMax := 0.0, 0.0
	for k := range minW {
		minW[k] += 2 * pad
		maxW[k] += 2 * pad
		sumMin += minW[k]
		sumMax += maxW[k]
	}
	if sumMin > avail+0.01 {
		// Too wide: shrink the text, as far as the theme allows. Widths
		// scale with the size; the padding does not.
		padAll := 2 * pad * float64(n)
		size := tl.body.Size * (avail - padAll) / (sumMin - padAll)
		size = math.Floor(size*10) / 10
		if ms := r.th.Table.MinSize; ms <= 0 || size < ms || avail <= padAll || tl.body.Size <= ms {
			return tl, sumMin, false
		}
		scale := size / tl.body.Size
		tl.body.Size = size
		tl.head.Size *= scale
		sumMin, sumMax = 0, 0
		for k := range minW {
			minW[k] = (minW[k]-2*pad)*scale + 2*pad
			maxW[k] = (maxW[k]-2*pad)*scale + 2*pad
			sumMin += minW[k]
			sumMax += maxW[k]
		}
		for i := range tl.natural {
			tl.natural[i] *= float32(scale)
		}
	}
	tl.widths = make([]float64, n)
	if sumMax <= avail {
		extra := (avail - sumMax) / float64(n)
		for k := range tl.widths {
			tl.widths[k] = maxW[k] + extra
		}
	} else {
		spread := sumMax - sumMin
		for k := range tl.widths {
			tl.widths[k] = minW[k]
			if spread > 0 {
				tl.widths[k] += (avail - sumMin) * (maxW[k] - minW[k]) / spread
			}
		}
	}
	r.font(tl.head, 0)
	maxLines := 1
	for k, ci := range tl.cols {
		ls := r.wrapText(t.Columns[ci].Heading(), tl.widths[k]-2*pad)
		tl.header = append(tl.header, ls)
		maxLines = max(maxLines, len(ls))
	}
	tl.headH = float64(maxLines)*lineH(tl.head) + 2*pad
	return tl, sumMin, true
}

// rowLines wraps row i's cells for the layout, measuring again only the
// cells wider than their column. The body font must be set.
func (r *renderer) rowLines(t *doc.Table, tl *tableLayout, i int, cells [][]string) ([][]string, int) {
	pad := r.th.Table.Padding
	n := len(tl.cols)
	lines := 1
	for k, ci := range tl.cols {
		txt := t.Rows[i][ci].Text
		w := tl.widths[k] - 2*pad
		if ns := t.CellNotes[i*len(t.Columns)+ci]; ns != nil {
			w -= r.cellMarkWidth(tl.body, ns)
			r.font(tl.body, 0)
		}
		if float64(tl.natural[i*n+k]) <= w+0.01 || noWrap(t.Columns[ci]) {
			cells[k] = append(cells[k][:0], txt)
		} else {
			cells[k] = r.wrapText(txt, w)
		}
		lines = max(lines, len(cells[k]))
	}
	return cells, lines
}

// tooWide reports a table whose columns cannot fit, naming it.
func tooWide(t *doc.Table, need, avail float64) error {
	return fmt.Errorf("table %q (%s) is too wide for the page: its columns need at least %.0f pt and the text block is %.0f pt; "+
		"shorten its headings or longest words, hide columns (hidden: true), or let the theme set tables smaller (table.min_size) or in landscape (table.landscape)",
		t.ID, cmp.Or(t.Label, "not placed"), need, avail)
}

func (r *renderer) table(t *doc.Table) {
	tl, need, ok := r.measureTable(t, r.width)
	if !ok && (r.th.Table.Landscape || t.Landscape) {
		r.landscape(func() {
			if tl, need, ok = r.measureTable(t, r.width); !ok {
				r.f.SetError(tooWide(t, need, r.width))
				return
			}
			r.setTable(t, &tl)
		})
		return
	}
	if !ok {
		r.f.SetError(tooWide(t, need, r.width))
		return
	}
	r.setTable(t, &tl)
}

// setTable sets a measured table: its caption, header and rows, splitting
// between rows across pages with the header repeated.
func (r *renderer) setTable(t *doc.Table, tl *tableLayout) {
	cap := r.th.Style("caption")
	body := tl.body
	pad := r.th.Table.Padding
	caption := t.Label + ". " + t.Caption
	capLines := r.breakLines(cap, r.captionRuns(t, caption), tl.width)
	r.font(body, 0)
	capH := cap.Before + float64(len(capLines))*lineH(cap) + cap.After
	whole := capH + tl.headH
	first := whole // the caption, the header and the first rows, up to three
	cells := make([][]string, len(tl.cols))
	r.font(body, 0)
	for i := range t.Rows {
		if i >= 3 && len(t.Rows) > 60 {
			break
		}
		var n int
		cells, n = r.rowLines(t, tl, i, cells)
		h := float64(n)*lineH(body) + 2*pad
		whole += h
		if i < 3 {
			first += h
		}
	}
	first = min(first, capH+tl.headH+(r.pageH-r.m.Top-r.m.Bottom)/3)
	blank := r.bottom() - r.y
	block := r.pageH - r.m.Top - r.m.Bottom
	switch {
	case r.atTop():
	case len(t.Rows) <= 60 && whole <= block && r.y+whole > r.bottom() && blank <= r.th.Table.KeepWhole*block:
		// A short table is kept whole on the next page when that leaves
		// little blank here.
		r.newPage()
	case r.y+first > r.bottom():
		r.newPage()
	}
	r.y += cap.Before
	r.tg.big = r.bigTable(t, tl)
	r.beginT("Table")
	r.beginT("Caption")
	for _, ln := range capLines {
		r.noteLine(cap, ln, r.m.Left, tl.width, false)
	}
	r.endT("Caption")
	r.y += cap.After
	r.tg.heads = 0
	r.tableHeader(t, tl)
	r.beginT("TBody")
	zebra := r.th.Color("zebra")
	tds := make([]*fpdf.StructElem, len(tl.cols))
	for i := range t.Rows {
		r.font(body, 0)
		var n int
		cells, n = r.rowLines(t, tl, i, cells)
		r.beginT("TR")
		for k := range tds {
			tds[k] = r.beginT("TD")
			r.endT("TD")
		}
		// A row moves whole to the next page; one taller than a page is
		// split between its lines.
		for start := 0; start < n; {
			take := n - start
			if h := float64(take)*lineH(body) + 2*pad; r.y+h > r.bottom() {
				if !r.atTableTop() {
					r.ruleBelow(tl)
					r.newPage()
					r.tableHeader(t, tl)
					r.font(body, 0)
					continue
				}
				take = min(take, max(1, int((r.bottom()-r.y-2*pad)/lineH(body))))
			}
			h := float64(take)*lineH(body) + 2*pad
			if notes := r.cellNotes(t, i); len(notes) > 0 && !r.reserveNotes(notes, h) {
				if r.atTableTop() {
					r.takeNotes(notes) // no page would hold more
				}
			}
			if notes := r.cellNotes(t, i); len(notes) > 0 {
				r.ruleBelow(tl)
				r.newPage()
				r.tableHeader(t, tl)
				r.font(body, 0)
				continue
			}
			x := r.m.Left
			if i%2 == 1 {
				r.artifact("Layout", "", func() {
					r.fill(zebra)
					r.f.Rect(x, r.y, tl.width, h, "F")
				})
			}
			for k, ci := range tl.cols {
				align := alignOf(t.Columns[ci].Align)
				ns := t.CellNotes[i*len(t.Columns)+ci]
				mw := 0.0
				if ns != nil {
					mw = r.cellMarkWidth(body, ns)
					r.font(body, 0)
				}
				r.enterT(tds[k])
				for li := start; li < min(start+take, len(cells[k])); li++ {
					r.f.SetXY(x+pad, r.y+pad+float64(li-start)*lineH(body))
					r.mark()
					r.f.CellFormat(tl.widths[k]-2*pad-mw, lineH(body), cells[k][li], "", 0, align, false, 0, "")
					if ns != nil && li == len(cells[k])-1 {
						end := x + pad + r.f.GetStringWidth(cells[k][li])
						switch align {
						case "R":
							end = x + tl.widths[k] - pad - mw
						case "C":
							end = x + pad + (tl.widths[k]-2*pad-mw+r.f.GetStringWidth(cells[k][li]))/2
						}
						saved := r.y
						r.y += pad + float64(li-start)*lineH(body)
						r.cellMarks(body, ns, end)
						r.y = saved
						r.font(body, 0)
					}
				}
				r.endT("TD")
				x += tl.widths[k]
			}
			r.y += h
			start += take
		}
		r.endT("TR")
	}
	r.endT("TBody")
	r.ruleBelow(tl)
	r.endT("Table")
	r.notesBelowRuns(tableNoteRuns(t))
}

// tableNoteRuns are a table's notes and source line as runs, with their
// footnote markers.
func tableNoteRuns(t *doc.Table) [][]doc.Run {
	var out [][]doc.Run
	for i, n := range t.Notes {
		if t.NoteRuns != nil && t.NoteRuns[i] != nil {
			out = append(out, t.NoteRuns[i])
		} else {
			out = append(out, []doc.Run{{Text: n}})
		}
	}
	if t.SourceRuns != nil {
		out = append(out, t.SourceRuns)
	} else if t.Source != "" {
		out = append(out, []doc.Run{{Text: t.Source}})
	}
	return out
}

func alignOf(a doc.Align) string {
	switch a {
	case doc.Right:
		return "R"
	case doc.Center:
		return "C"
	}
	return "L"
}

// notesBelow sets the notes and the source line under a table or figure, in
// the note style, as one block: the note spacing goes around it, not between
// its lines.
func (r *renderer) notesBelow(notes []string, source string) {
	var lines [][]doc.Run
	for _, s := range notes {
		lines = append(lines, []doc.Run{{Text: s}})
	}
	if source != "" {
		lines = append(lines, []doc.Run{{Text: source}})
	}
	r.notesBelowRuns(lines)
}

func (r *renderer) notesBelowRuns(lines [][]doc.Run) {
	note := r.th.Style("note")
	r.y += note.Before
	for _, runs := range lines {
		r.paragraph("note", runs, 0, 0, false)
		r.y -= note.After
	}
	r.y += note.After
}

func (r *renderer) ruleBelow(tl *tableLayout) {
	r.artifact("Layout", "", func() {
		r.draw(r.th.Color("accent"))
		r.f.SetLineWidth(r.th.Table.RuleWidth)
		r.f.Line(r.m.Left, r.y, r.m.Left+tl.width, r.y)
	})
}

func (r *renderer) tableHeader(t *doc.Table, tl *tableLayout) {
	head := tl.head
	pad := r.th.Table.Padding
	r.artifact("Layout", "", func() {
		r.fill(r.th.Color("accent"))
		r.f.Rect(r.m.Left, r.y, tl.width, tl.headH, "F")
	})
	r.font(head, 0)
	// The first header row is the table's THead; one repeated on a later
	// page is pagination furniture.
	first := r.tg.on && r.tg.heads == 0
	r.tg.heads++
	cells := func() {
		x := r.m.Left
		for k, ci := range tl.cols {
			align := alignOf(t.Columns[ci].Align)
			if first {
				if th := r.beginT("TH"); th != nil {
					th.SetScope("Column")
				}
				r.mark()
			}
			for li, s := range tl.header[k] {
				r.f.SetXY(x+pad, r.y+pad+float64(li)*lineH(head))
				r.f.CellFormat(tl.widths[k]-2*pad, lineH(head), s, "", 0, align, false, 0, "")
			}
			if first {
				r.endT("TH")
			}
			x += tl.widths[k]
		}
	}
	if !r.tg.on {
		cells()
	} else if first {
		r.beginT("THead")
		r.beginT("TR")
		cells()
		r.endT("TR")
		r.endT("THead")
	} else {
		r.artifact("Pagination", "", cells)
	}
	r.y += tl.headH
	r.tableTop = r.y
}

func (r *renderer) figureHeight(f *doc.Figure) float64 {
	cap := r.th.Style("caption")
	note := r.th.Style("note")
	n := len(f.Notes)
	if f.Source != "" {
		n++
	}
	lines := float64(n) * 1.5
	// The notes the chart adds on labels it leaves out, as they will wrap.
	lost, _ := chart.Notes(&canvas{r: r}, f.Chart, r.th, r.msg, r.width, r.th.FigureHeight)
	for _, s := range lost {
		lines += float64(len(r.breakLines(note, []doc.Run{{Text: s}}, r.width)))
	}
	r.curFont = "" // measuring set the chart's font
	return cap.Before + 2*lineH(cap) + cap.After + r.th.FigureHeight + note.Before + lines*lineH(note) + note.After
}

func (r *renderer) figure(f *doc.Figure) {
	if r.y+r.figureHeight(f) > r.bottom() {
		r.newPage()
	}
	cap := r.th.Style("caption")
	r.y += cap.Before
	// A figure may float to a later page, so its elements hang from the
	// Document, after whatever is being set when it is placed.
	r.beginIn(r.tg.doc, "Div")
	r.begin("Caption")
	for _, ln := range r.breakLines(cap, []doc.Run{{Text: f.Label + ". " + f.Caption}}, r.width) {
		r.drawLine(cap, ln, r.m.Left, r.width, false)
	}
	r.end()
	r.y += cap.After
	h := r.th.FigureHeight
	c := &canvas{r: r}
	saveX, saveY := r.f.GetXY()
	r.figBoxes = append(r.figBoxes, Box{Page: r.f.PageNo(), X: r.m.Left, Y: r.y, W: r.width, H: h})
	if fig := r.begin("Figure"); fig != nil {
		fig.SetAlt(r.figureAlt(f))
		r.f.SetBBox(fig, r.m.Left, r.y, r.width, h)
		r.mark()
	}
	// The chart says what it could not show; that goes with its notes.
	lost, err := chart.Draw(c, f.Chart, r.th, r.msg, r.m.Left, r.y, r.width, h)
	if err != nil {
		r.f.SetError(err)
	}
	r.end()
	r.f.SetXY(saveX, saveY)
	r.curFont = ""
	r.y += h
	r.notesBelow(append(slices.Clip(f.Notes), lost...), f.Source)
	r.end()
}

// markText is how a cell shows its footnote numbers.
func markText(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// cellMarkWidth is the width of a cell's footnote markers.
func (r *renderer) cellMarkWidth(st theme.Style, ns []int) float64 {
	r.font(r.markStyle(st), 0)
	return r.f.GetStringWidth(markText(ns)) + 0.5
}

func (r *renderer) markStyle(st theme.Style) theme.Style {
	return theme.Style{Font: st.Font, Size: st.Size * r.th.Geometry.MarkerScale, Bold: st.Bold, Italic: st.Italic, Color: r.th.Colors["link"]}
}

// cellMarks draws a cell's footnote markers at x on the line at r.y.
func (r *renderer) cellMarks(st theme.Style, ns []int, x float64) {
	p := piece{text: markText(ns), footnote: ns[0]}
	r.font(r.markStyle(st), 0)
	p.w = r.f.GetStringWidth(p.text)
	r.marker(st, p, x+0.5, lineH(st))
}

// cellNotes lists the footnotes row i references that are not yet placed.
func (r *renderer) cellNotes(t *doc.Table, i int) []doc.Footnote {
	if t.CellNotes == nil || r.th.Footnotes != "page" {
		return nil
	}
	var out []doc.Footnote
	for j := range t.Columns {
		for _, n := range t.CellNotes[i*len(t.Columns)+j] {
			if fn, ok := r.notesByN[n]; ok && !r.placed[n] && !slices.ContainsFunc(out, func(f doc.Footnote) bool { return f.Number == n }) {
				out = append(out, fn)
			}
		}
	}
	return out
}

// CheckTables reports, without rendering, every placed table of d too wide
// for the text block in th even at the theme's smallest table size (and in
// landscape, when the table or theme allows it), naming each: what
// `report validate` can say before a build fails.
func CheckTables(d *doc.Document, th *theme.Theme) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("pdf: %v", p)
		}
	}()
	r := newRenderer(d, th)
	var errs []error
	for _, t := range d.Tables {
		if !t.InBody {
			continue
		}
		avail := r.width
		_, need, ok := r.measureTable(t, avail)
		if !ok && (th.Table.Landscape || t.Landscape) {
			avail = r.pageH - r.m.Left - r.m.Right
			_, need, ok = r.measureTable(t, avail)
		}
		if !ok {
			errs = append(errs, tooWide(t, need, avail))
		}
	}
	if e := r.f.Error(); e != nil {
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}
