package chart

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/theme"
)

// Check refuses chart data that cannot be drawn truthfully: values that are
// not finite, fewer than two points, an empty y range or too few ticks.
func Check(ch doc.Chart) error {
	n := 0
	for _, s := range ch.Series {
		for _, p := range s.Points {
			if math.IsNaN(p.X) || math.IsInf(p.X, 0) || math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
				return fmt.Errorf("chart: series %q has a value that is not finite", s.Name)
			}
			n++
		}
	}
	if n < 2 {
		return errors.New("chart: fewer than two points")
	}
	if ch.YMin == nil || ch.YMax == nil || !(*ch.YMax > *ch.YMin) || math.IsInf(*ch.YMax-*ch.YMin, 0) {
		return errors.New("chart: the y range is empty")
	}
	if len(ch.YTicks) < 2 {
		return errors.New("chart: fewer than two y ticks")
	}
	for _, t := range append(slices.Clip(ch.YTicks), ch.XTicks...) {
		if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
			return errors.New("chart: a tick is not finite")
		}
	}
	for _, e := range ch.Events {
		if math.IsNaN(e.X) || math.IsInf(e.X, 0) {
			return errors.New("chart: an event is not finite")
		}
	}
	return nil
}

// chart is one chart being drawn: its geometry and what is placed so far.
type chart struct {
	c      Canvas
	ch     doc.Chart
	th     *theme.Theme
	cs     theme.ChartStyle
	st     theme.Style // ticks, labels and the legend
	title  theme.Style // the axis titles
	lh     float64     // a line of st
	frame  rect
	plot   rect
	x0, x1 float64 // the x axis's range in data units
	y0, y1 float64
	bars   bool
	pl     *placer
	flags  []flagAt     // flags drawn, whose labels are set last
	msg    doc.Messages // the words of the notes
	notes  []string
}

func (d *chart) xp(v float64) float64 { return d.plot.x0 + (v-d.x0)/(d.x1-d.x0)*d.plot.w() }
func (d *chart) yp(v float64) float64 { return d.plot.y1 - (v-d.y0)/(d.y1-d.y0)*d.plot.h() }

func (d *chart) palette(i int) theme.RGB {
	return theme.MustColor(d.th.Palette[i%len(d.th.Palette)])
}

func (d *chart) text(l label, st theme.Style) { d.c.Text(l.x, l.y, l.s, st, l.deg) }

func (d *chart) mk(x, y float64, s string, st theme.Style, deg float64) label {
	return label{x: x, y: y, s: s, deg: deg, w: d.c.TextWidth(s, st), size: st.Size}
}

// Draw draws ch into the box at x, y of width w and height h on c. Every
// label lies inside the box, clear of the other labels and of the series;
// Draw returns notes, in the words of msg, that say what it had to leave
// out or shorten, to be set under the chart with the chart's own notes.
func Draw(c Canvas, ch doc.Chart, th *theme.Theme, msg doc.Messages, x, y, w, h float64) ([]string, error) {
	if err := Check(ch); err != nil {
		return nil, err
	}
	if msg == nil {
		return nil, errors.New("chart: no message catalogue for the notes")
	}
	d := &chart{c: c, ch: ch, th: th, cs: th.Chart, st: th.Style("chart"), title: th.Style("chart-title"),
		frame: rect{x, y, x + w, y + h}, bars: ch.Type.Bars(), msg: msg}
	d.lh = d.st.Size * 1.25
	d.pl = newPlacer(d.frame)
	d.y0, d.y1 = *ch.YMin, *ch.YMax
	if err := d.xRange(); err != nil {
		return nil, err
	}
	top := d.legend()
	cats := d.categoryLayout(top)
	if d.plot.h() < 4*d.lh || d.plot.w() < 4*d.lh {
		return nil, fmt.Errorf("chart: %.0f × %.0f points is too small for the chart's labels", w, h)
	}
	d.grid()
	if d.bars {
		d.drawBars()
	} else {
		d.drawEvents()
		d.drawLines()
	}
	d.axes()
	d.yLabels()
	if d.bars {
		d.categoryLabels(cats)
	} else {
		d.xLabels()
	}
	d.xTitle()
	d.flagLabels()
	d.eventLabels()
	return d.notes, nil
}

// xRange sets the x axis's range: categories for bars, else the ticks' and
// data's extent.
func (d *chart) xRange() error {
	if d.bars {
		n := len(d.ch.Categories)
		for _, s := range d.ch.Series {
			for _, p := range s.Points {
				n = max(n, int(p.X)+1)
			}
		}
		d.x0, d.x1 = -0.5, float64(n)-0.5
		return nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, t := range d.ch.XTicks {
		lo, hi = math.Min(lo, t.Value), math.Max(hi, t.Value)
	}
	for _, s := range d.ch.Series {
		for _, p := range s.Points {
			lo, hi = math.Min(lo, p.X), math.Max(hi, p.X)
		}
	}
	for _, e := range d.ch.Events {
		lo, hi = math.Min(lo, e.X), math.Max(hi, e.X)
	}
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return errors.New("chart: the x range is empty")
	}
	d.x0, d.x1 = lo, hi
	return nil
}

// flagged lists the flag labels that are drawn, in order of first use.
func (d *chart) flagged() []string {
	var out []string
	for _, s := range d.ch.Series {
		for _, p := range s.Points {
			if p.Flag != "" && !slices.Contains(out, p.Flag) {
				out = append(out, p.Flag)
			}
		}
	}
	return out
}

// legend sets the y axis's title at the top left and the key at the top
// right: one entry per series and one per flag that is drawn. Entries that
// do not fit beside the title go on further rows. It returns the height
// the top takes.
func (d *chart) legend() float64 {
	c, st := d.c, d.st
	type entry struct {
		label string
		key   func(x, y float64) // draws the key with the text's baseline at y
	}
	var es []entry
	for i, ser := range d.ch.Series {
		col := d.palette(i)
		if len(d.ch.Series) == 1 && ser.Name == d.ch.YTitle {
			continue // the y axis's title already names it
		}
		if d.bars {
			es = append(es, entry{ser.Name, func(x, y float64) {
				s := st.Size * 0.9
				c.MoveTo(x, y-s*0.8)
				c.LineTo(x+s*1.2, y-s*0.8)
				c.LineTo(x+s*1.2, y+s*0.1)
				c.LineTo(x, y+s*0.1)
				c.ClosePath()
				c.Paint(&col, nil, 0, nil)
			}})
		} else {
			es = append(es, entry{ser.Name, func(x, y float64) {
				if d.ch.Type == doc.ScatterChart {
					circle(c, x+st.Size*0.8, y-st.Size*0.33, d.cs.MarkerRadius)
					c.Paint(&col, nil, 0, nil)
					return
				}
				c.MoveTo(x, y-st.Size*0.33)
				c.LineTo(x+st.Size*1.6, y-st.Size*0.33)
				c.Paint(nil, &col, d.cs.LineWidth, nil)
			}})
		}
	}
	for _, fl := range d.flagged() {
		es = append(es, entry{fl, func(x, y float64) { d.flagKey(x+st.Size*0.8, y+st.Size*0.1) }})
	}
	keyW := st.Size * 1.6
	gap := d.cs.Gap
	width := func(e entry) float64 { return keyW + gap + c.TextWidth(e.label, st) }
	// The y title, shortened if it would not fit at all.
	yt := fitText(c, d.ch.YTitle, d.title, d.frame.w())
	rowY := d.frame.y0 + ascent*math.Max(d.title.Size, st.Size)
	var titleW float64
	if yt != "" {
		l := d.mk(d.frame.x0, rowY, yt, d.title, 0)
		d.pl.reserve(l)
		d.text(l, d.title)
		titleW = l.w + 3*gap
	}
	// Fill rows from the right.
	avail := d.frame.w() - titleW
	var row []entry
	rows := 1
	flush := func() {
		total := -gap * 2
		for _, e := range row {
			total += width(e) + gap*2
		}
		ex := d.frame.x1 - total
		for _, e := range row {
			e.key(ex, rowY)
			l := d.mk(ex+keyW+gap, rowY, e.label, st, 0)
			d.pl.reserve(l)
			d.text(l, st)
			ex += width(e) + gap*2
		}
		row = nil
	}
	used := 0.0
	for _, e := range es {
		if e.label == "" {
			continue
		}
		wd := width(e)
		if wd > d.frame.w() {
			e.label = fitText(c, e.label, st, d.frame.w()-keyW-gap)
			wd = width(e)
		}
		if len(row) > 0 && used+wd > avail {
			flush()
			rowY += d.lh
			rows++
			avail, used = d.frame.w(), 0
		}
		row = append(row, e)
		used += wd + gap*2
	}
	flush()
	return rowY - d.frame.y0 + descent*st.Size + d.lh*0.6
}

// list joins the labels a note names, the first ten of them and a count
// of the rest, so that a note stays a sentence.
func list(labels []string) string {
	if len(labels) <= 10 {
		return strings.Join(labels, "; ")
	}
	return strings.Join(labels[:10], "; ") + "; … (+" + strconv.Itoa(len(labels)-10) + ")"
}

// fitText shortens s with an ellipsis until it is at most w wide.
func fitText(c Canvas, s string, st theme.Style, w float64) string {
	if c.TextWidth(s, st) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && c.TextWidth(string(r)+"…", st) > w {
		r = r[:len(r)-1]
	}
	if len(r) == 0 {
		return ""
	}
	return strings.TrimSpace(string(r)) + "…"
}

// catLayout is how category labels are set.
type catLayout struct {
	lines  [][]string // each category's lines, shortened to fit
	deg    float64    // 0, or the theme's angle
	every  int        // every k-th category is labelled
	height float64
	thick  float64 // a turned label's thickness across its lines
}

// yLabelWidth is the widest y tick label.
func (d *chart) yLabelWidth() float64 {
	w := 0.0
	for _, t := range d.ch.YTicks {
		w = math.Max(w, d.c.TextWidth(t.Label, d.st))
	}
	return w
}

// categoryLayout sets the plot's box. Below it go the x labels and the x
// title; at its left the y labels. For bars, it decides whether category
// labels lie level or turned, shortens labels too long for the frame, and
// labels every k-th category when they cannot all be told apart.
func (d *chart) categoryLayout(top float64) catLayout {
	gap, tick := d.cs.Gap, d.cs.TickLength
	left := d.yLabelWidth() + gap + tick
	bottom := tick + gap
	if d.ch.XTitle != "" {
		bottom += d.title.Size + gap
	}
	var cl catLayout
	if !d.bars {
		bottom += d.lh
		right := gap
		d.plot = rect{d.frame.x0 + left, d.frame.y0 + top, d.frame.x1 - right, d.frame.y1 - bottom}
		return cl
	}
	n := len(d.ch.Categories)
	cl.lines = make([][]string, n)
	nl := 1
	for i, s := range d.ch.Categories {
		cl.lines[i] = strings.Split(s, "\n")
		nl = max(nl, len(cl.lines[i]))
	}
	widest := func() float64 {
		w := 0.0
		for _, ls := range cl.lines {
			for _, l := range ls {
				w = math.Max(w, d.c.TextWidth(l, d.st))
			}
		}
		return w
	}
	plotW := d.frame.w() - left - gap
	slot := plotW / float64(max(n, 1))
	cl.every = 1
	if widest() <= slot-gap {
		cl.height = float64(nl) * d.lh
	} else {
		cl.deg = d.cs.LabelAngle
		a := cl.deg * math.Pi / 180
		thick := float64(nl) * d.lh
		// Turned labels take at most 35% of the height, and reach left of
		// the first bar by at most a third of the width.
		maxW := math.Min((0.35*d.frame.h()-thick*math.Cos(a))/math.Sin(a), d.frame.w()/3/math.Cos(a))
		short := false
		for _, ls := range cl.lines {
			for j, l := range ls {
				if f := fitText(d.c, l, d.st, maxW); f != l {
					ls[j], short = f, true
				}
			}
		}
		if short {
			d.notes = append(d.notes, d.msg.T("chart.labels_shortened"))
		}
		wd := widest()
		cl.height = wd*math.Sin(a) + thick*math.Cos(a)
		// The first category's text ends under its bar and runs back and
		// down, left of the plot: start with room for it (the loop below
		// makes sure of every label).
		first := 0.0
		if n > 0 {
			for _, l := range cl.lines[0] {
				first = math.Max(first, d.c.TextWidth(l, d.st))
			}
		}
		left = math.Max(left, first*math.Cos(a)-slot/2+gap)
		cl.thick = thick
	}
	bottom += cl.height
	d.plot = rect{d.frame.x0 + left, d.frame.y0 + top, d.frame.x1 - gap, d.frame.y1 - bottom}
	// Move the plot right until no turned label reaches out of the frame.
	for range 4 {
		reach := d.frame.x0
		for i := 0; i < n; i += cl.every {
			for _, l := range d.catLabel(cl, i) {
				reach = math.Min(reach, l.poly().bounds().x0)
			}
		}
		if reach >= d.frame.x0-1e-6 {
			break
		}
		d.plot.x0 += d.frame.x0 - reach + 0.5
	}
	if cl.deg != 0 {
		// Turned labels side by side need their thickness across the slant.
		slot := d.plot.w() / float64(max(n, 1))
		cl.every = max(1, int(math.Ceil((cl.thick+gap*0.5)/math.Sin(cl.deg*math.Pi/180)/slot-1e-9)))
	}
	if cl.every > 1 {
		d.notes = append(d.notes, d.msg.T("chart.categories_thinned", "k", strconv.Itoa(cl.every), "n", strconv.Itoa(n)))
	}
	return cl
}

// catLabel returns the lines of category i's label, placed under its bars:
// level and centred, or turned so that the text ends under the bars.
func (d *chart) catLabel(cl catLayout, i int) []label {
	ls := cl.lines[i]
	cx := d.xp(float64(i))
	top := d.plot.y1 + d.cs.Gap
	var set []label
	if cl.deg == 0 {
		for j, s := range ls {
			wd := d.c.TextWidth(s, d.st)
			set = append(set, d.mk(cx-wd/2, top+ascent*d.st.Size+float64(j)*d.lh, s, d.st, 0))
		}
		return set
	}
	// Line j's baseline ends at e + j·lh across the slant; the block's end
	// edge is centred under the bars and its top corner touches the gap
	// below the axis.
	a := cl.deg * math.Pi / 180
	sin, cos := math.Sin(a), math.Cos(a)
	n := float64(len(ls))
	ex := cx - ((n-1)*d.lh+descent*d.st.Size-ascent*d.st.Size)/2*sin
	ey := top + ascent*d.st.Size*cos
	for j, s := range ls {
		wd := d.c.TextWidth(s, d.st)
		bx, by := ex+float64(j)*d.lh*sin, ey+float64(j)*d.lh*cos
		set = append(set, label{x: bx - wd*cos, y: by + wd*sin, s: s, deg: cl.deg, w: wd, size: d.st.Size})
	}
	return set
}

// grid draws the y ticks' grid lines, and the zero line when the range
// crosses zero.
func (d *chart) grid() {
	c := d.c
	grid := d.th.Color("grid")
	for _, t := range d.ch.YTicks {
		if t.Value < d.y0 || t.Value > d.y1 {
			continue
		}
		y := d.yp(t.Value)
		c.MoveTo(d.plot.x0, y)
		c.LineTo(d.plot.x1, y)
		c.Paint(nil, &grid, d.cs.GridWidth, nil)
	}
}

// axes draws the axis lines and tick marks, and the zero line over the
// bars when the range crosses zero.
func (d *chart) axes() {
	c := d.c
	rule := d.th.Color("rule")
	if d.y0 < 0 && d.y1 > 0 {
		y := d.yp(0)
		c.MoveTo(d.plot.x0, y)
		c.LineTo(d.plot.x1, y)
		c.Paint(nil, &rule, d.cs.ZeroWidth, nil)
	}
	c.MoveTo(d.plot.x0, d.plot.y0)
	c.LineTo(d.plot.x0, d.plot.y1)
	c.LineTo(d.plot.x1, d.plot.y1)
	c.Paint(nil, &rule, d.cs.AxisWidth, nil)
	for _, t := range d.ch.YTicks {
		if t.Value < d.y0 || t.Value > d.y1 {
			continue
		}
		y := d.yp(t.Value)
		c.MoveTo(d.plot.x0-d.cs.TickLength, y)
		c.LineTo(d.plot.x0, y)
		c.Paint(nil, &rule, d.cs.AxisWidth, nil)
	}
	if !d.bars {
		for _, t := range d.ch.XTicks {
			x := d.xp(t.Value)
			c.MoveTo(x, d.plot.y1)
			c.LineTo(x, d.plot.y1+d.cs.TickLength)
			c.Paint(nil, &rule, d.cs.AxisWidth, nil)
		}
	}
}

// strided places the labels at indexes 0, k, 2k, … for the smallest k at
// which every one of them finds a free place among its candidates, so that
// thinned tick labels stay evenly spaced. Tick labels say where the axis
// is, not what the data are: thinning them needs no note.
func (d *chart) strided(n int, within rect, cands func(i int) [][]label, st theme.Style) {
	for k := 1; k <= max(n, 1); k++ {
		var chosen [][]label
		saved := len(d.pl.texts)
		ok := true
		for i := 0; i < n; i += k {
			ls, fit := d.pl.first(within, cands(i)...)
			if !fit {
				ok = false
				break
			}
			chosen = append(chosen, ls)
		}
		if ok {
			for _, ls := range chosen {
				for _, l := range ls {
					d.text(l, st)
				}
			}
			return
		}
		d.pl.texts = d.pl.texts[:saved]
	}
}

// yLabels sets the y tick labels right-aligned left of the axis, centred on
// their ticks, or nudged down or up to clear the other labels.
func (d *chart) yLabels() {
	ticks := slices.DeleteFunc(slices.Clone(d.ch.YTicks), func(t doc.Tick) bool { return t.Value < d.y0 || t.Value > d.y1 })
	within := rect{d.frame.x0, d.frame.y0, d.plot.x0, d.frame.y1}
	d.strided(len(ticks), within, func(i int) [][]label {
		t := ticks[i]
		wd := d.c.TextWidth(t.Label, d.st)
		x := d.plot.x0 - d.cs.TickLength - d.cs.Gap*0.5 - wd
		base := d.yp(t.Value) + d.st.Size*0.36
		var out [][]label
		for _, dy := range []float64{0, 0.4, -0.4, 0.8} {
			out = append(out, []label{d.mk(x, base+dy*d.st.Size, t.Label, d.st, 0)})
		}
		return out
	}, d.st)
}

// xLabels sets the tick labels of a number or date axis under their ticks:
// centred, or flush with the tick when the frame's edge is near.
func (d *chart) xLabels() {
	ticks := d.ch.XTicks
	y := d.plot.y1 + d.cs.TickLength + d.cs.Gap*0.5 + ascent*d.st.Size
	within := rect{d.frame.x0, d.plot.y1, d.frame.x1, d.frame.y1}
	d.strided(len(ticks), within, func(i int) [][]label {
		t := ticks[i]
		x := d.xp(t.Value)
		wd := d.c.TextWidth(t.Label, d.st)
		return [][]label{
			{d.mk(x-wd/2, y, t.Label, d.st, 0)},
			{d.mk(x-d.cs.TickLength*0.5, y, t.Label, d.st, 0)},
			{d.mk(x-wd+d.cs.TickLength*0.5, y, t.Label, d.st, 0)},
		}
	}, d.st)
}

// categoryLabels sets each labelled category under its bars. A label
// that finds no room is named in a note.
func (d *chart) categoryLabels(cl catLayout) {
	within := rect{d.frame.x0, d.plot.y1, d.frame.x1, d.frame.y1}
	var lost []string
	for i := 0; i < len(cl.lines); i += cl.every {
		set := d.catLabel(cl, i)
		if _, ok := d.pl.first(within, set); !ok {
			lost = append(lost, strings.ReplaceAll(d.ch.Categories[i], "\n", " "))
			continue
		}
		for _, l := range set {
			d.text(l, d.st)
		}
	}
	if len(lost) > 0 {
		d.notes = append(d.notes, d.msg.T("chart.categories_left_out", "list", list(lost)))
	}
}

// xTitle sets the x axis's title centred under the labels.
func (d *chart) xTitle() {
	if d.ch.XTitle == "" {
		return
	}
	s := fitText(d.c, d.ch.XTitle, d.title, d.frame.w())
	wd := d.c.TextWidth(s, d.title)
	y := d.frame.y1 - descent*d.title.Size
	cx := (d.plot.x0 + d.plot.x1) / 2
	x := math.Max(d.frame.x0, math.Min(cx-wd/2, d.frame.x1-wd))
	if ls, ok := d.pl.first(d.frame, []label{d.mk(x, y, s, d.title, 0)}); ok {
		d.text(ls[0], d.title)
	} else {
		d.notes = append(d.notes, d.msg.T("chart.x_title_left_out", "title", d.ch.XTitle))
	}
}

// baseline is where bars start and flags stand: zero, or the nearest end
// of the y range.
func (d *chart) baseline() float64 {
	return d.yp(math.Max(d.y0, math.Min(d.y1, 0)))
}

// barGeometry returns the width of a category's slot and of one bar.
func (d *chart) barGeometry() (slot, barW float64) {
	slot = d.plot.w() / (d.x1 - d.x0)
	return slot, slot * d.cs.BarRatio / float64(max(len(d.ch.Series), 1))
}

// flagAt records a flag to draw: its triangle now, its label later.
type flagAt struct {
	x, y  float64 // the triangle's base centre
	label string
}

// drawBars draws each bar from zero to its value, and a flag at the
// baseline for each bar without a value.
func (d *chart) drawBars() {
	c := d.c
	slot, barW := d.barGeometry()
	group := slot * d.cs.BarRatio
	zero := d.baseline()
	for si, ser := range d.ch.Series {
		col := d.palette(si)
		for _, p := range ser.Points {
			left := d.xp(p.X) - group/2 + float64(si)*barW
			if noValue(p) {
				d.flag(left+barW/2, zero, p.Flag)
				continue
			}
			top := d.yp(p.Y)
			c.MoveTo(left, zero)
			c.LineTo(left, top)
			c.LineTo(left+barW, top)
			c.LineTo(left+barW, zero)
			c.ClosePath()
			c.Paint(&col, nil, 0, nil)
			d.pl.obstacle(poly{{left, math.Min(top, zero)}, {left + barW, math.Min(top, zero)}, {left + barW, math.Max(top, zero)}, {left, math.Max(top, zero)}})
		}
	}
}

// flag draws a hollow triangle standing on the baseline at x, which reads in
// greyscale too, and queues its label.
func (d *chart) flag(x, base float64, label string) {
	fs := d.cs.FlagSize
	d.flagKey(x, base)
	d.pl.obstacle(poly{{x - fs*0.6, base}, {x, base - fs}, {x + fs*0.6, base}})
	if label != "" {
		d.flags = append(d.flags, flagAt{x, base, label})
	}
}

// flagKey draws the flag's triangle with its base centred at x, y.
func (d *chart) flagKey(x, y float64) {
	c := d.c
	fs := d.cs.FlagSize
	col := d.th.Color("flag")
	white := theme.RGB{R: 255, G: 255, B: 255}
	c.MoveTo(x-fs*0.6, y-d.cs.FlagWidth/2)
	c.LineTo(x, y-fs)
	c.LineTo(x+fs*0.6, y-d.cs.FlagWidth/2)
	c.ClosePath()
	c.Paint(&white, &col, d.cs.FlagWidth, nil)
}

// flagLabels sets each flag's label turned upright above its triangle, or
// below the baseline when the bars above leave no room. Labels that find
// no room are counted in a note: the triangles stay, and the key says what
// they mean.
func (d *chart) flagLabels() {
	st := d.st
	st.Color = d.th.Colors["flag"]
	st.Size *= 0.9
	lost := 0
	if float64(len(d.flags))*st.Size > 2*d.plot.w() {
		// Far more flags than upright labels fit side by side: none is
		// tried, which also keeps a chart of many thousand bars fast.
		lost, d.flags = len(d.flags), nil
	}
	for _, f := range d.flags {
		wd := d.c.TextWidth(f.label, st)
		x := f.x + st.Size*(ascent-descent)/2
		above := d.mk(x, f.y-d.cs.FlagSize-d.cs.Gap*0.5, f.label, st, 90)
		below := d.mk(x, f.y+d.cs.Gap+wd, f.label, st, 90)
		ls, ok := d.pl.first(d.plot, []label{above}, []label{below})
		if !ok {
			lost++
			continue
		}
		d.text(ls[0], st)
	}
	if lost > 0 {
		d.notes = append(d.notes, d.msg.T("chart.flags_left_out", "n", strconv.Itoa(lost)))
	}
}

// drawEvents draws each event as a dashed vertical line across the plot.
func (d *chart) drawEvents() {
	c := d.c
	col := d.th.Color("flag")
	for _, e := range d.ch.Events {
		x := d.xp(e.X)
		c.MoveTo(x, d.plot.y1)
		c.LineTo(x, d.plot.y0)
		c.Paint(nil, &col, d.cs.EventWidth, d.cs.EventDash)
		d.pl.obstacle(poly{{x, d.plot.y0}, {x, d.plot.y1}})
	}
}

// eventLabels sets each event's label upright beside its line, at the top
// of the plot or at its foot, on whichever side is clear of the series and
// the other labels. A label that finds no room is named in a note.
func (d *chart) eventLabels() {
	st := d.st
	g := d.cs.Gap * 0.6
	var lost []string
	for _, e := range d.ch.Events {
		x := d.xp(e.X)
		wd := d.c.TextWidth(e.Label, st)
		s := e.Label
		if wd > d.plot.h()-2*g {
			s = fitText(d.c, s, st, d.plot.h()-2*g)
			wd = d.c.TextWidth(s, st)
		}
		leftX := x - g - descent*st.Size
		rightX := x + g + ascent*st.Size
		topY := d.plot.y0 + g + wd
		footY := d.plot.y1 - g
		var cands [][]label
		for _, p := range [][2]float64{{leftX, topY}, {rightX, topY}, {leftX, footY}, {rightX, footY}} {
			cands = append(cands, []label{d.mk(p[0], p[1], s, st, 90)})
		}
		ls, ok := d.pl.first(d.plot, cands...)
		if !ok {
			lost = append(lost, e.Label)
			continue
		}
		d.text(ls[0], st)
	}
	if len(lost) > 0 {
		d.notes = append(d.notes, d.msg.T("chart.events_left_out", "list", list(lost)))
	}
}

// drawLines draws each series as a line, a step line or dots; a point
// without a value breaks the line and stands as a flag at the baseline.
func (d *chart) drawLines() {
	c := d.c
	for si, ser := range d.ch.Series {
		col := d.palette(si)
		if d.ch.Type != doc.ScatterChart {
			for _, run := range runs(ser.Points) {
				vs := d.path(run)
				if len(vs) == 0 {
					continue
				}
				c.MoveTo(vs[0].x, vs[0].y)
				for _, v := range vs[1:] {
					c.LineTo(v.x, v.y)
				}
				if len(vs) == 1 {
					// A lone point between gaps is its dot.
					circle(c, vs[0].x, vs[0].y, d.cs.LineWidth)
					c.Paint(&col, nil, 0, nil)
				} else {
					c.Paint(nil, &col, d.cs.LineWidth, nil)
				}
				for i := 1; i < len(vs); i++ {
					d.pl.obstacle(poly{vs[i-1], vs[i]})
				}
				if len(vs) == 1 {
					d.pl.obstacle(square(vs[0], d.cs.LineWidth))
				}
			}
		}
		// Dots show each value while they can be told apart.
		if len(ser.Points) <= d.cs.MaxMarkers || d.ch.Type == doc.ScatterChart {
			for _, p := range ser.Points {
				if noValue(p) {
					continue
				}
				x, y := d.xp(p.X), d.yp(p.Y)
				circle(c, x, y, d.cs.MarkerRadius)
				c.Paint(&col, nil, 0, nil)
				d.pl.obstacle(square(pt{x, y}, d.cs.MarkerRadius))
			}
		}
		for _, p := range ser.Points {
			if noValue(p) && p.Flag != "" {
				d.flag(d.xp(p.X), d.baseline(), p.Flag)
			}
		}
	}
}

// noValue reports whether a point has no value to draw: it is missing,
// or flagged instead.
func noValue(p doc.Point) bool { return p.Missing || p.Flag != "" }

func square(p pt, r float64) poly {
	return poly{{p.x - r, p.y - r}, {p.x + r, p.y - r}, {p.x + r, p.y + r}, {p.x - r, p.y + r}}
}

// runs splits points at those without a value.
func runs(pts []doc.Point) [][]doc.Point {
	var out [][]doc.Point
	start := 0
	for i, p := range pts {
		if noValue(p) {
			if i > start {
				out = append(out, pts[start:i])
			}
			start = i + 1
		}
	}
	if start < len(pts) {
		out = append(out, pts[start:])
	}
	return out
}

// path returns the vertices of a line or step run. Points within a quarter
// point of each other across x are drawn as one vertical stroke through
// their range, which looks the same and keeps a 100,000-point series small.
func (d *chart) path(pts []doc.Point) []pt {
	var vs []pt
	to := func(x, y float64) {
		if n := len(vs); n > 0 && math.Abs(vs[n-1].x-x) < 1e-9 && math.Abs(vs[n-1].y-y) < 1e-9 {
			return
		}
		vs = append(vs, pt{x, y})
	}
	step := d.ch.Type == doc.StepChart
	for i := 0; i < len(pts); {
		gx, first := d.xp(pts[i].X), d.yp(pts[i].Y)
		lo, hi, last := first, first, first
		j := i + 1
		for ; j < len(pts); j++ {
			x, y := d.xp(pts[j].X), d.yp(pts[j].Y)
			if x-gx >= 0.25 {
				break
			}
			lo, hi, last = math.Min(lo, y), math.Max(hi, y), y
		}
		if step && len(vs) > 0 {
			to(gx, vs[len(vs)-1].y)
		}
		to(gx, first)
		to(gx, lo)
		to(gx, hi)
		to(gx, last)
		i = j
	}
	return vs
}

func circle(c Canvas, x, y, r float64) {
	k := 0.5523 * r
	c.MoveTo(x+r, y)
	c.CurveTo(x+r, y+k, x+k, y+r, x, y+r)
	c.CurveTo(x-k, y+r, x-r, y+k, x-r, y)
	c.CurveTo(x-r, y-k, x-k, y-r, x, y-r)
	c.CurveTo(x+k, y-r, x+r, y-k, x+r, y)
	c.ClosePath()
}

// Measurer measures text as a Canvas does.
type Measurer interface {
	TextWidth(s string, st theme.Style) float64
}

// Notes returns the notes Draw would return for a box of width w and
// height h, without drawing: a layout needs them to reserve the chart's
// height before placing it.
func Notes(m Measurer, ch doc.Chart, th *theme.Theme, msg doc.Messages, w, h float64) ([]string, error) {
	return Draw(measureOnly{m}, ch, th, msg, 0, 0, w, h)
}

// measureOnly is a Canvas that measures and draws nothing.
type measureOnly struct{ Measurer }

func (measureOnly) MoveTo(x, y float64)                                   {}
func (measureOnly) LineTo(x, y float64)                                   {}
func (measureOnly) CurveTo(x1, y1, x2, y2, x3, y3 float64)                {}
func (measureOnly) ClosePath()                                            {}
func (measureOnly) Paint(fill, stroke *theme.RGB, w float64, d []float64) {}
func (measureOnly) Text(x, y float64, s string, st theme.Style, deg float64) {
}
