package compose

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
)

// daySeconds is the length of a day, the x unit of time axes. Dates are
// converted through Unix seconds, never a time.Duration, which overflows
// beyond 292 years.
const daySeconds = 24 * 60 * 60

// days returns t as days since the Unix epoch, the x unit of time axes.
func days(t time.Time) float64 { return float64(t.Unix()) / daySeconds }

// fromDays is the inverse of days, to the second.
func fromDays(d float64) time.Time { return time.Unix(int64(math.Round(d*daySeconds)), 0).UTC() }

// chartTypes maps the declared chart types to the document model's.
var chartTypes = map[data.ChartType]doc.ChartType{
	data.Bar:        doc.BarChart,
	data.GroupedBar: doc.GroupedBarChart,
	data.Line:       doc.LineChart,
	data.Step:       doc.StepChart,
	data.Scatter:    doc.ScatterChart,
}

func (c *composer) figure(f *doc.Figure, ch *data.Chart) {
	t := c.b.Table(ch.Table)
	f.Caption = ch.Caption
	f.Source = c.source(ch.Source)
	f.Notes = ch.Notes
	typ := chartTypes[ch.Type]
	dc := doc.Chart{Type: typ, XTitle: ch.XTitle, YTitle: c.yTitle(ch.YTitle, ch.Unit),
		YMin: ch.YMin, YMax: ch.YMax, YStep: ch.YStep, Table: ch.Table, XColumn: ch.X, YColumn: ch.Y, Annex: ch.Annex}
	xi, yi := t.Index(ch.X), t.Index(ch.Y)
	xc := t.Columns[xi]
	plain := t.Plain(xi)
	if xc.Type == data.Date {
		dc.XFormat = xc.Format
	}
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
	bars := typ.Bars()
	dc.TimeAxis = !bars && xc.Type == data.Date
	rows, limited := ch.Select(t)
	dc.Limited = limited
	// Date categories carry their year when the rows span more than one.
	years := false
	if xc.Type == data.Date && len(rows) > 0 {
		y0 := t.Rows[rows[0]].Values[xi].Date.Year()
		for _, ri := range rows {
			years = years || t.Rows[ri].Values[xi].Date.Year() != y0
		}
	}
	series := map[string]int{}
	sums := map[string]float64{}
	cats := map[string]int{}
	for _, ri := range rows {
		r := t.Rows[ri]
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
			label := c.axisLabel(xc, xv, plain, years)
			if li >= 0 {
				label += "\n" + c.display(t.Columns[li], r.Values[li])
			}
			// Grouped bars share categories across series: their union,
			// in order of first appearance. Plain bars have one per row.
			k, seen := cats[label]
			if typ != doc.GroupedBarChart || !seen {
				k = len(dc.Categories)
				cats[label] = k
				dc.Categories = append(dc.Categories, label)
			}
			p.X, p.Label = float64(k), label
		} else {
			if xc.Type == data.Date {
				p.X = days(xv.Date)
			} else {
				p.X, _ = xv.Float()
			}
			p.Label = c.display(xc, xv)
			if plain {
				p.Label = c.loc.Plain(xv.Int)
			}
		}
		if si >= 0 {
			for _, fl := range ch.Flags {
				if r.Values[si].Key() == fl.Value {
					p.Flag = fl.Label
				}
			}
		}
		y, ok := r.Values[yi].Float()
		if ch.Cumul {
			// A running total goes on through a missing value.
			sums[name] += y
			y, ok = sums[name], true
		}
		switch {
		case p.Flag != "" || !ok:
			p.Missing = true
			if bars && p.Flag == "" {
				p.Flag = c.cat.T("chart.not_available")
			}
		default:
			p.Y = y
		}
		dc.Rows = append(dc.Rows, ri)
		dc.Series[s].Points = append(dc.Series[s].Points, p)
	}
	for _, fl := range ch.Flags {
		dc.Flags = append(dc.Flags, fl.Label)
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
	switch {
	case dc.TimeAxis:
		c.dateTicks(&dc)
	case !bars:
		c.numberTicks(&dc, xc, plain)
	}
	if dc.Limited > 0 {
		n := len(rows)
		f.Notes = append(f.Notes, c.cat.N("chart.limited", int64(n), "total", c.loc.Integer(int64(n+dc.Limited))))
	}
	f.Chart = dc
}

// axisLabel is a value as an axis or category shows it: dates as "12 Feb"
// (with the year when the chart spans several), years and other plain
// integers without grouping.
func (c *composer) axisLabel(col *data.Column, v data.Value, plain, years bool) string {
	switch {
	case v.Null:
		return ""
	case col.Type == data.Date && years:
		return c.loc.Date(v.Date, c.cat.T("date.day_month_year"))
	case col.Type == data.Date:
		return c.loc.Date(v.Date, c.cat.T("date.day_month"))
	case plain:
		return c.loc.Plain(v.Int)
	}
	return c.display(col, v)
}

// span returns the smallest and largest x of the chart's points and events.
func span(ch *doc.Chart) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range ch.Series {
		for _, p := range s.Points {
			lo, hi = math.Min(lo, p.X), math.Max(hi, p.X)
		}
	}
	for _, e := range ch.Events {
		lo, hi = math.Min(lo, e.X), math.Max(hi, e.X)
	}
	return lo, hi
}

// yTicks sets nice ticks (1, 2 or 5 × 10ⁿ apart) over the data's range,
// widened to zero for bars and steps, or over the declared range.
func (c *composer) yTicks(ch *doc.Chart) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ch.Series {
		for _, p := range s.Points {
			if !p.Missing {
				lo, hi = math.Min(lo, p.Y), math.Max(hi, p.Y)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	if ch.Type.Bars() || ch.Type == doc.StepChart {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if ch.YMin != nil {
		lo = math.Min(lo, *ch.YMin)
	}
	if ch.YMax != nil {
		hi = math.Max(hi, *ch.YMax)
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
	decimals := stepDecimals(step)
	// Ticks are whole multiples of the step, so that they read 0.3, not
	// 0.30000000000000004, and pass through zero.
	first := math.Ceil(lo/step - 1e-9)
	for i := 0.0; i <= 1000; i++ {
		v := (first + i) * step
		if v > hi+step*1e-9 {
			break
		}
		if v == 0 {
			v = 0 // not -0
		}
		ch.YTicks = append(ch.YTicks, doc.Tick{Value: v, Label: c.loc.Number(v, decimals)})
	}
}

// stepDecimals is how many decimals tick labels need to tell steps apart.
func stepDecimals(step float64) int {
	d := 0
	for s := step; s < 1 && d < 12; s *= 10 {
		if math.Abs(s-math.Round(s)) < 1e-9 {
			break
		}
		d++
	}
	return d
}

// niceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// maxXTicks is the most ticks compose puts on an x axis; the renderer thins
// their labels further when they do not fit.
const maxXTicks = 8

// numberTicks puts nice ticks on a number x axis, spanning the data. An
// integer axis steps by whole numbers.
func (c *composer) numberTicks(ch *doc.Chart, col *data.Column, plain bool) {
	lo, hi := span(ch)
	if math.IsInf(lo, 0) {
		return
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	step := niceStep((hi - lo) / (maxXTicks - 2))
	if col.Type == data.Integer {
		step = math.Max(step, 1)
	}
	first, last := math.Floor(lo/step), math.Ceil(hi/step)
	decimals := stepDecimals(step)
	for k := first; k <= last && k-first <= 1000; k++ {
		v := k * step
		if v == 0 {
			v = 0
		}
		label := c.loc.Number(v, decimals)
		if plain {
			label = c.loc.Plain(int64(v))
		}
		ch.XTicks = append(ch.XTicks, doc.Tick{Value: v, Label: label})
	}
}

// dateUnit is a granularity of date ticks: n days, months or years.
type dateUnit struct {
	days, months, years int
}

// dateUnits are the date tick granularities, finest first: days, weeks,
// months, quarters, half years and years.
var dateUnits = []dateUnit{
	{days: 1}, {days: 2}, {days: 7}, {days: 14},
	{months: 1}, {months: 2}, {months: 3}, {months: 6},
	{years: 1}, {years: 2}, {years: 5}, {years: 10}, {years: 20}, {years: 25}, {years: 50},
	{years: 100}, {years: 200}, {years: 250}, {years: 500}, {years: 1000},
}

// floor returns the tick at or before t.
func (u dateUnit) floor(t time.Time) time.Time {
	y, m, d := t.Date()
	switch {
	case u.years > 0:
		return time.Date(y-mod(y, u.years), time.January, 1, 0, 0, 0, 0, time.UTC)
	case u.months > 0:
		return time.Date(y, m-time.Month(mod(int(m)-1, u.months)), 1, 0, 0, 0, 0, time.UTC)
	case u.days == 7 || u.days == 14:
		// Weeks start on Mondays.
		back := mod(int(t.Weekday())-int(time.Monday), 7)
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (u dateUnit) next(t time.Time) time.Time { return t.AddDate(u.years, u.months, u.days) }

func mod(a, b int) int { return ((a % b) + b) % b }

// dateTicks puts ticks on a date axis at the finest granularity that gives
// at most maxXTicks of them: days, weeks, months, quarters or years. Years
// are written in full and never grouped.
func (c *composer) dateTicks(ch *doc.Chart) {
	lo, hi := span(ch)
	if math.IsInf(lo, 0) {
		return
	}
	start, end := fromDays(lo), fromDays(hi)
	for ui, u := range dateUnits {
		var ts []time.Time
		t := u.floor(start)
		for ; len(ts) <= maxXTicks+1; t = u.next(t) {
			ts = append(ts, t)
			if !t.Before(end) {
				break
			}
		}
		if len(ts) > maxXTicks+1 && ui < len(dateUnits)-1 {
			continue
		}
		for i, t := range ts {
			var label string
			switch {
			case u.years > 0:
				label = c.loc.Date(t, "y")
			case u.months > 2 || u.months > 0 && (i == 0 || t.Month() == time.January):
				label = c.loc.Date(t, c.cat.T("date.month_year"))
			case u.months > 0:
				label = c.loc.Date(t, c.cat.T("date.month"))
			default:
				label = c.loc.Date(t, c.cat.T("date.day_month"))
			}
			ch.XTicks = append(ch.XTicks, doc.Tick{Value: days(t), Label: label})
		}
		return
	}
}
