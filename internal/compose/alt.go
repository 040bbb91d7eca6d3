package compose

import (
	"cmp"
	"strings"

	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
)

// altTypes name each chart type's message.
var altTypes = map[doc.ChartType]string{
	doc.BarChart:        "alt.type.bar",
	doc.GroupedBarChart: "alt.type.grouped_bar",
	doc.LineChart:       "alt.type.line",
	doc.StepChart:       "alt.type.step",
	doc.ScatterChart:    "alt.type.scatter",
}

// figureAlt is a figure's alternative text for the tagged PDF: the
// brief's alt if it gives one, else written from the chart's data in the
// brief's language: its type and axes, the range of x (dates or numbers),
// the highest and lowest values with where they are, how many points each
// flag marks, and the events marked. f.Chart must be composed.
func (c *composer) figureAlt(f *doc.Figure, ch *data.Chart) string {
	if ch.Alt != "" {
		return ch.Alt
	}
	t := c.b.Table(ch.Table)
	if t == nil {
		return f.Caption
	}
	dc := &f.Chart
	xi, yi := t.Index(ch.X), t.Index(ch.Y)
	if xi < 0 || yi < 0 {
		return f.Caption
	}
	xc, yc := t.Columns[xi], t.Columns[yi]
	plain := t.Plain(xi) // years: 2017, not 2,017
	li, gi := -1, -1
	if ch.Label != "" {
		li = t.Index(ch.Label)
	}
	if ch.Series != "" {
		gi = t.Index(ch.Series)
	}
	var parts []string
	parts = append(parts, c.cat.T("alt.axes",
		"type", c.cat.T(cmp.Or(altTypes[dc.Type], "alt.type.bar")),
		"y", cmp.Or(ch.YTitle, yc.Label, yc.Name),
		"x", cmp.Or(ch.XTitle, xc.Label, xc.Name)))

	// Where each plotted row sits: its point, in its series' order.
	type at struct {
		row int
		p   doc.Point
	}
	next := map[string]int{}
	index := map[string]int{}
	for i, s := range dc.Series {
		index[s.Name] = i
	}
	var pts []at
	for _, ri := range dc.Rows {
		name := dc.YTitle
		if gi >= 0 {
			name = c.display(t.Columns[gi], t.Rows[ri].Values[gi])
		}
		s, ok := index[name]
		if !ok || next[name] >= len(dc.Series[s].Points) {
			continue
		}
		pts = append(pts, at{ri, dc.Series[s].Points[next[name]]})
		next[name]++
	}
	if len(pts) == 0 {
		return strings.Join(parts, "; ")
	}

	// The range of x, for dates and numbers.
	if xc.Type == data.Date || xc.Type == data.Integer || xc.Type == data.Number {
		lo, hi := -1, -1
		for i, p := range pts {
			v := t.Rows[p.row].Values[xi]
			if v.Null {
				continue
			}
			if lo < 0 || less(v, t.Rows[pts[lo].row].Values[xi]) {
				lo = i
			}
			if hi < 0 || less(t.Rows[pts[hi].row].Values[xi], v) {
				hi = i
			}
		}
		if lo >= 0 && lo != hi {
			parts = append(parts, c.cat.T("alt.range", "from", c.altX(xc, plain, t.Rows[pts[lo].row].Values[xi]), "to", c.altX(xc, plain, t.Rows[pts[hi].row].Values[xi])))
		}
	}

	// The extremes.
	where := func(p at) string {
		s := c.altX(xc, plain, t.Rows[p.row].Values[xi])
		var more []string
		if li >= 0 {
			if l := c.display(t.Columns[li], t.Rows[p.row].Values[li]); l != "" {
				more = append(more, l)
			}
		}
		if gi >= 0 && len(dc.Series) > 1 {
			more = append(more, c.display(t.Columns[gi], t.Rows[p.row].Values[gi]))
		}
		if len(more) > 0 {
			s += " (" + strings.Join(more, ", ") + ")"
		}
		return s
	}
	value := func(p at) string {
		var s string
		if ch.Cumul {
			s = c.loc.Number(p.p.Y, yc.Decimals)
		} else {
			s = c.display(yc, t.Rows[p.row].Values[yi])
		}
		if ch.Unit != "" {
			s += "\u00a0" + ch.Unit
		}
		return s
	}
	hi, lo := -1, -1
	for i, p := range pts {
		if p.p.Missing {
			continue
		}
		if hi < 0 || p.p.Y > pts[hi].p.Y {
			hi = i
		}
		if lo < 0 || p.p.Y < pts[lo].p.Y {
			lo = i
		}
	}
	if hi >= 0 {
		parts = append(parts, c.cat.T("alt.highest", "value", value(pts[hi]), "x", where(pts[hi])))
		if lo != hi && pts[lo].p.Y != pts[hi].p.Y {
			parts = append(parts, c.cat.T("alt.lowest", "value", value(pts[lo]), "x", where(pts[lo])))
		}
	}

	// Flagged points, by flag in the order of the key.
	var flags []string
	count := map[string]int{}
	for _, p := range pts {
		if p.p.Flag == "" {
			continue
		}
		if count[p.p.Flag] == 0 {
			flags = append(flags, p.p.Flag)
		}
		count[p.p.Flag]++
	}
	for _, fl := range flags {
		parts = append(parts, c.cat.N("alt.flagged", int64(count[fl]), "flag", fl))
	}

	if len(dc.Series) > 1 {
		names := make([]string, len(dc.Series))
		for i, s := range dc.Series {
			names[i] = s.Name
		}
		parts = append(parts, c.cat.T("alt.series", "list", strings.Join(names, ", ")))
	}
	if len(dc.Events) > 0 {
		names := make([]string, len(dc.Events))
		for i, e := range dc.Events {
			names[i] = e.Label
		}
		parts = append(parts, c.cat.T("alt.events", "list", strings.Join(names, ", ")))
	}
	return strings.Join(parts, "; ")
}

// altX is an x value as the alternative text says it: dates in full,
// years and other plain integers without grouping.
func (c *composer) altX(col *data.Column, plain bool, v data.Value) string {
	switch {
	case v.Null:
		return ""
	case col.Type == data.Date:
		return c.loc.Date(v.Date, c.cat.T("date.long"))
	case plain:
		return c.loc.Plain(v.Int)
	}
	return c.display(col, v)
}

// less orders two values of one date or number column.
func less(a, b data.Value) bool {
	if !a.Date.IsZero() || !b.Date.IsZero() {
		return a.Date.Before(b.Date)
	}
	x, _ := a.Float()
	y, _ := b.Float()
	return x < y
}
