package compose

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
)

const day = 24 * time.Hour

// days returns t as days since the Unix epoch, the x unit of time axes.
func days(t time.Time) float64 { return float64(t.Unix()) / day.Seconds() }

func (c *composer) figure(f *doc.Figure, ch *data.Chart) {
	t := c.b.Table(ch.Table)
	f.Caption = ch.Caption
	f.Source = c.source(ch.Source)
	f.Notes = ch.Notes
	dc := doc.Chart{Type: doc.ChartType(ch.Type), XTitle: ch.XTitle, YTitle: c.yTitle(ch.YTitle, ch.Unit),
		YMin: ch.YMin, YMax: ch.YMax, YStep: ch.YStep, Table: ch.Table, XColumn: ch.X, YColumn: ch.Y}
	xi, yi := t.Index(ch.X), t.Index(ch.Y)
	xc := t.Columns[xi]
	li, si, gi := -1, -1, -1
	if ch.Label != "" {
		li = t.Index(ch.Label)
	}
	if ch.Status != "" {
		si = t.Index(ch.Status)
	}
	if ch.Series != "" {
		gi = t.Index(ch.Series)
	}
	bars := ch.Type == data.Bar || ch.Type == data.GroupedBar
	dc.TimeAxis = !bars && xc.Type == data.Date
	for _, fl := range ch.Flags {
		dc.Flags = append(dc.Flags, fl.Label)
	}
	series := map[string]int{}
	sums := map[string]float64{}
	cat := 0
	cats := map[string]int{}
	n := 0
	for ri, r := range t.Rows {
		if !data.Match(ch.Where, t, r) {
			continue
		}
		if ch.Limit > 0 && n >= ch.Limit {
			dc.Limited++
			continue
		}
		n++
		name := dc.YTitle
		if gi >= 0 {
			name = c.display(t.Columns[gi], r.Values[gi])
		}
		s, ok := series[name]
		if !ok {
			s = len(dc.Series)
			series[name] = s
			dc.Series = append(dc.Series, doc.Series{Name: name})
		}
		xv := r.Values[xi]
		p := doc.Point{}
		if bars {
			label := c.shortLabel(xc, xv)
			if li >= 0 {
				label += "\n" + c.display(t.Columns[li], r.Values[li])
			}
			k, seen := cats[label]
			if ch.Type != data.GroupedBar || !seen {
				k = cat
				cat++
				cats[label] = k
			}
			p.X, p.Label = float64(k), label
		} else {
			if xv.Null {
				continue
			}
			switch xc.Type {
			case data.Date:
				p.X = days(xv.Date)
			default:
				p.X, _ = xv.Float()
			}
			p.Label = c.display(xc, xv)
		}
		if si >= 0 {
			for _, fl := range ch.Flags {
				if r.Values[si].Key() == fl.Value {
					p.Flag = fl.Label
				}
			}
		}
		y, ok := r.Values[yi].Float()
		if p.Flag == "" && !ok && !ch.Cumul {
			if bars {
				p.Flag = c.cat.T("chart.not_available")
			} else {
				continue
			}
		}
		if ch.Cumul {
			sums[name] += y
			y = sums[name]
		}
		if p.Flag == "" {
			p.Y = y
		}
		dc.Rows = append(dc.Rows, ri)
		dc.Series[s].Points = append(dc.Series[s].Points, p)
	}
	for _, e := range ch.Events {
		et := c.b.Table(e.Table)
		exi, eli := et.Index(e.X), et.Index(e.Label)
		for _, r := range et.Rows {
			if !data.Match(e.When, et, r) || r.Values[exi].Null {
				continue
			}
			dc.Events = append(dc.Events, doc.Event{X: days(r.Values[exi].Date), Label: c.display(et.Columns[eli], r.Values[eli])})
		}
	}
	slices.SortStableFunc(dc.Events, func(a, b doc.Event) int { return cmp.Compare(a.X, b.X) })
	c.yTicks(&dc)
	if dc.TimeAxis {
		c.monthTicks(&dc)
	}
	if dc.Limited > 0 {
		f.Notes = append(f.Notes, c.cat.N("chart.limited", int64(n), "total", c.loc.Integer(int64(n+dc.Limited))))
	}
	f.Chart = dc
}

// shortLabel is a category label: dates are shown as "12 Feb".
func (c *composer) shortLabel(col *data.Column, v data.Value) string {
	if col.Type == data.Date && !v.Null {
		return c.loc.Date(v.Date, c.cat.T("date.day_month"))
	}
	return c.display(col, v)
}

// yTicks sets round ticks over the data's range, or the declared range.
func (c *composer) yTicks(ch *doc.Chart) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ch.Series {
		for _, p := range s.Points {
			if p.Flag == "" {
				lo, hi = math.Min(lo, p.Y), math.Max(hi, p.Y)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	if ch.Type == doc.ChartType(data.Bar) || ch.Type == doc.ChartType(data.GroupedBar) || ch.Type == doc.ChartType(data.Step) {
		lo = math.Min(lo, 0)
	}
	if ch.YMin != nil {
		lo = *ch.YMin
	}
	if ch.YMax != nil {
		hi = *ch.YMax
	}
	if hi == lo {
		hi = lo + 1
	}
	step := 0.0
	if ch.YStep != nil {
		step = *ch.YStep
	} else {
		step = niceStep((hi - lo) / 5)
	}
	if ch.YMin == nil {
		lo = math.Floor(lo/step) * step
	}
	if ch.YMax == nil {
		hi = math.Ceil(hi/step) * step
	}
	ylo, yhi := lo, hi
	ch.YMin, ch.YMax = &ylo, &yhi
	decimals := 0
	for s := step; s < 1 && decimals < 6; s *= 10 {
		decimals++
	}
	for i := 0; ; i++ {
		v := lo + float64(i)*step
		if v > hi+step*1e-9 || i > 1000 {
			break
		}
		ch.YTicks = append(ch.YTicks, doc.Tick{Value: v, Label: c.loc.Number(v, decimals)})
	}
}

// niceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// monthTicks puts x ticks on the first day of each month the data spans.
func (c *composer) monthTicks(ch *doc.Chart) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ch.Series {
		for _, p := range s.Points {
			lo, hi = math.Min(lo, p.X), math.Max(hi, p.X)
		}
	}
	for _, e := range ch.Events {
		lo, hi = math.Min(lo, e.X), math.Max(hi, e.X)
	}
	if math.IsInf(lo, 0) {
		return
	}
	start := time.Unix(int64(lo*day.Seconds()), 0).UTC()
	end := time.Unix(int64(hi*day.Seconds()), 0).UTC()
	m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	months := int(end.Sub(m).Hours()/24/30) + 2
	stepM := 1
	for months/stepM > 14 {
		stepM *= 2
	}
	last := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	for t := m; !t.After(last); t = t.AddDate(0, stepM, 0) {
		label := c.loc.Date(t, c.cat.T("date.month"))
		if t.Month() == time.January || stepM > 2 {
			label = c.loc.Date(t, c.cat.T("date.month_year"))
		}
		ch.XTicks = append(ch.XTicks, doc.Tick{Value: days(t), Label: label})
	}
}
