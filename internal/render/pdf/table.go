package pdf

import (
	"math"
	"strings"

	"github.com/un-briefs/report/internal/render/chart"

	"github.com/un-briefs/report/internal/doc"
)

// tableLayout is a table measured for the page.
type tableLayout struct {
	cols   []int     // indexes of the shown columns
	widths []float64 // their widths, padding included
	header [][]string
	headH  float64
}

// measureTable sizes the shown columns from their content: each column gets
// its widest cell, and if the total is too wide, the widest columns give way
// and wrap. Extra width is shared out so the table fills the measure.
func (r *renderer) measureTable(t *doc.Table) tableLayout {
	var tl tableLayout
	for i, c := range t.Columns {
		if !c.Hidden {
			tl.cols = append(tl.cols, i)
		}
	}
	pad := r.th.Table.Padding
	body, head := r.th.Style("table"), r.th.Style("table-header")
	natural := make([]float64, len(tl.cols))
	minW := make([]float64, len(tl.cols))
	r.font(head, 0)
	for k, ci := range tl.cols {
		label := t.Columns[ci].Heading()
		natural[k] = r.f.GetStringWidth(label)
		for _, w := range strings.Fields(label) {
			minW[k] = math.Max(minW[k], r.f.GetStringWidth(w))
		}
	}
	r.font(body, 0)
	// Measure every cell: a table is typeset once, and widths must hold for
	// the widest cell wherever it is.
	cache := map[string]float64{}
	for _, row := range t.Rows {
		for k, ci := range tl.cols {
			txt := row[ci].Text
			w, ok := cache[txt]
			if !ok {
				w = r.f.GetStringWidth(txt)
				if len(cache) < 100000 {
					cache[txt] = w
				}
			}
			natural[k] = math.Max(natural[k], w)
		}
	}
	total := 0.0
	for k := range natural {
		natural[k] += 2 * pad
		minW[k] += 2 * pad
		total += natural[k]
	}
	tl.widths = natural
	avail := r.width
	if total > avail {
		// Shrink the widest columns towards a common width until it fits.
		for iter := 0; iter < 50 && total > avail+0.01; iter++ {
			widest, second := 0, -1.0
			for k, w := range tl.widths {
				if w > tl.widths[widest] {
					widest = k
				}
			}
			for k, w := range tl.widths {
				if k != widest && w > second {
					second = w
				}
			}
			cut := math.Min(total-avail, tl.widths[widest]-math.Max(second, minW[widest]))
			if cut <= 0.01 {
				cut = (total - avail) / float64(len(tl.widths))
				for k := range tl.widths {
					tl.widths[k] -= cut
				}
				break
			}
			tl.widths[widest] -= cut
			total -= cut
		}
	} else {
		extra := (avail - total) / float64(len(tl.widths))
		for k := range tl.widths {
			tl.widths[k] += extra
		}
	}
	r.font(head, 0)
	maxLines := 1
	for k, ci := range tl.cols {
		ls := r.wrap(t.Columns[ci].Heading(), tl.widths[k]-2*pad)
		tl.header = append(tl.header, ls)
		maxLines = max(maxLines, len(ls))
	}
	tl.headH = float64(maxLines)*lineH(head) + 2*pad
	return tl
}

// wrap breaks text into lines no wider than w in the current font.
func (r *renderer) wrap(text string, w float64) []string {
	if r.f.GetStringWidth(text) <= w+0.01 {
		return []string{text}
	}
	var out []string
	cur := ""
	for _, word := range strings.Fields(text) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && r.f.GetStringWidth(try) > w+0.01 {
			out = append(out, cur)
			cur = word
			continue
		}
		cur = try
	}
	if cur != "" || len(out) == 0 {
		out = append(out, cur)
	}
	return out
}

func (r *renderer) table(t *doc.Table) {
	tl := r.measureTable(t)
	cap := r.th.Style("caption")
	body := r.th.Style("table")
	pad := r.th.Table.Padding
	caption := t.Label + ". " + t.Caption
	capLines := r.breakLines(cap, []doc.Run{{Text: caption}}, r.width)
	capH := cap.Before + float64(len(capLines))*lineH(cap) + cap.After
	firstRow := lineH(body) + 2*pad
	whole := capH + tl.headH
	if len(t.Rows) <= 60 {
		// A short table is kept on one page when one page can hold it.
		r.font(body, 0)
		for _, row := range t.Rows {
			n := 1
			for k, ci := range tl.cols {
				n = max(n, len(r.wrap(row[ci].Text, tl.widths[k]-2*pad)))
			}
			whole += float64(n)*lineH(body) + 2*pad
		}
	}
	switch {
	case len(t.Rows) <= 60 && whole <= r.pageH-r.m.Top-r.m.Bottom && r.y+whole > r.bottom():
		r.newPage()
	case r.y+capH+tl.headH+float64(min(3, len(t.Rows)))*firstRow > r.bottom():
		r.newPage()
	}
	r.y += cap.Before
	for _, ln := range capLines {
		r.drawLine(cap, ln, r.m.Left, r.width, false)
	}
	r.y += cap.After
	r.tableHeader(t, tl)
	zebra := r.th.Color("zebra")
	for i, row := range t.Rows {
		r.font(body, 0)
		cells := make([][]string, len(tl.cols))
		n := 1
		for k, ci := range tl.cols {
			cells[k] = r.wrap(row[ci].Text, tl.widths[k]-2*pad)
			n = max(n, len(cells[k]))
		}
		h := float64(n)*lineH(body) + 2*pad
		if r.y+h > r.bottom() {
			r.ruleBelow(tl)
			r.newPage()
			r.tableHeader(t, tl)
			r.font(body, 0)
		}
		x := r.m.Left
		if i%2 == 1 {
			r.fill(zebra)
			r.f.Rect(x, r.y, r.width, h, "F")
		}
		for k, ci := range tl.cols {
			align := "L"
			if t.Columns[ci].Align == doc.Right {
				align = "R"
			}
			for li, s := range cells[k] {
				r.f.SetXY(x+pad, r.y+pad+float64(li)*lineH(body))
				r.f.CellFormat(tl.widths[k]-2*pad, lineH(body), s, "", 0, align, false, 0, "")
			}
			x += tl.widths[k]
		}
		r.y += h
	}
	r.ruleBelow(tl)
	r.notesBelow(t.Notes, t.Source)
}

// notesBelow sets the notes and the source line under a table or figure, in
// the note style, as one block: the note spacing goes around it, not between
// its lines.
func (r *renderer) notesBelow(notes []string, source string) {
	note := r.th.Style("note")
	lines := append([]string{}, notes...)
	if source != "" {
		lines = append(lines, source)
	}
	r.y += note.Before
	for _, s := range lines {
		r.paragraph("note", []doc.Run{{Text: s}}, 0, 0, false)
		r.y -= note.After
	}
	r.y += note.After
}

func (r *renderer) ruleBelow(tl tableLayout) {
	r.draw(r.th.Color("accent"))
	r.f.SetLineWidth(r.th.Table.RuleWidth)
	r.f.Line(r.m.Left, r.y, r.m.Left+r.width, r.y)
}

func (r *renderer) tableHeader(t *doc.Table, tl tableLayout) {
	head := r.th.Style("table-header")
	pad := r.th.Table.Padding
	r.fill(r.th.Color("accent"))
	r.f.Rect(r.m.Left, r.y, r.width, tl.headH, "F")
	r.font(head, 0)
	x := r.m.Left
	for k, ci := range tl.cols {
		align := "L"
		if t.Columns[ci].Align == doc.Right {
			align = "R"
		}
		for li, s := range tl.header[k] {
			r.f.SetXY(x+pad, r.y+pad+float64(li)*lineH(head))
			r.f.CellFormat(tl.widths[k]-2*pad, lineH(head), s, "", 0, align, false, 0, "")
		}
		x += tl.widths[k]
	}
	r.y += tl.headH
}

func (r *renderer) figureHeight(f *doc.Figure) float64 {
	cap := r.th.Style("caption")
	note := r.th.Style("note")
	n := len(f.Notes)
	if f.Source != "" {
		n++
	}
	return cap.Before + 2*lineH(cap) + cap.After + r.th.FigureHeight + note.Before + float64(n)*lineH(note)*1.5 + note.After
}

func (r *renderer) figure(f *doc.Figure) {
	if r.y+r.figureHeight(f) > r.bottom() {
		r.newPage()
	}
	cap := r.th.Style("caption")
	r.y += cap.Before
	for _, ln := range r.breakLines(cap, []doc.Run{{Text: f.Label + ". " + f.Caption}}, r.width) {
		r.drawLine(cap, ln, r.m.Left, r.width, false)
	}
	r.y += cap.After
	h := r.th.FigureHeight
	c := &canvas{r: r}
	saveX, saveY := r.f.GetXY()
	if err := chart.Draw(c, f.Chart, r.th, r.m.Left, r.y, r.width, h); err != nil {
		r.f.SetError(err)
	}
	r.f.SetXY(saveX, saveY)
	r.curFont = ""
	r.y += h
	r.notesBelow(f.Notes, f.Source)
}
