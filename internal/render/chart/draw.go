package chart

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"github.com/wcharczuk/go-chart/v2/roboto"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/theme"
)

// goFont is handed to go-chart so that it never loads its own default font
// (whose lazy loading is racy). Text is measured and set by the Canvas in the
// theme's fonts; this font is only a placeholder, parsed once and never changed.
var goFont = sync.OnceValues(func() (*truetype.Font, error) { return truetype.Parse(roboto.Roboto) })

func hex(c theme.RGB) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func color(s string) drawing.Color {
	c := theme.MustColor(s)
	return drawing.Color{R: uint8(c.R), G: uint8(c.G), B: uint8(c.B), A: 255}
}

// Check refuses chart data that go-chart cannot draw: it hangs on NaN, fails
// on a zero range and panics when lengths differ.
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
	if ch.YMin == nil || ch.YMax == nil || !(*ch.YMax > *ch.YMin) {
		return errors.New("chart: the y range is empty")
	}
	if len(ch.YTicks) < 2 {
		return errors.New("chart: fewer than two y ticks")
	}
	return nil
}

// Draw draws ch into the box at x, y of width w and height h on c.
func Draw(c Canvas, ch doc.Chart, th *theme.Theme, x, y, w, h float64) error {
	if err := Check(ch); err != nil {
		return err
	}
	font, err := goFont()
	if err != nil {
		return err
	}
	base := th.Style("chart")
	r := &renderer{c: c, ox: x, oy: y, base: base}
	px := func(pt float64) int { return int(math.Round(pt * scale)) }
	axis := gochart.Style{FontSize: base.Size, FontColor: color(base.Color), StrokeColor: color(th.Colors["rule"]), StrokeWidth: 0.6 * scale}
	grid := gochart.Style{StrokeColor: color(th.Colors["grid"]), StrokeWidth: 0.5 * scale}
	title := th.Style("chart-title")
	nameStyle := gochart.Style{FontSize: title.Size, FontColor: color(title.Color)}

	legendH := base.Size * 2.4
	bottom := 6.0
	bars := ch.Type == "bar" || ch.Type == "grouped-bar"
	var xr *gochart.ContinuousRange
	var xticks []gochart.Tick
	if bars {
		ncat := 0
		for _, s := range ch.Series {
			for _, p := range s.Points {
				ncat = max(ncat, int(p.X)+1)
			}
		}
		xr = &gochart.ContinuousRange{Min: -0.5, Max: float64(ncat) - 0.5}
		// Category labels are set turned, below the axis, by the bar series;
		// go-chart draws only the axis line and tick marks.
		longest := 0.0
		for _, s := range ch.Series {
			for _, p := range s.Points {
				for _, ln := range splitLines(p.Label) {
					longest = math.Max(longest, c.TextWidth(ln, base))
				}
			}
		}
		bottom = longest*math.Sin(math.Pi/4) + 2*base.Size + 4
		// go-chart takes the x range from the ticks: put them on the edges.
		xticks = []gochart.Tick{{Value: -0.5, Label: " "}, {Value: float64(ncat) - 0.5, Label: " "}}
	} else {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, t := range ch.XTicks {
			lo, hi = math.Min(lo, t.Value), math.Max(hi, t.Value)
		}
		for _, s := range ch.Series {
			for _, p := range s.Points {
				lo, hi = math.Min(lo, p.X), math.Max(hi, p.X)
			}
		}
		if !(hi > lo) {
			return errors.New("chart: the x range is empty")
		}
		xr = &gochart.ContinuousRange{Min: lo, Max: hi}
		for _, t := range ch.XTicks {
			xticks = append(xticks, gochart.Tick{Value: t.Value, Label: t.Label})
		}
	}
	var yticks []gochart.Tick
	var gridLines []gochart.GridLine
	for _, t := range ch.YTicks {
		yticks = append(yticks, gochart.Tick{Value: t.Value, Label: t.Label})
		gridLines = append(gridLines, gochart.GridLine{Value: t.Value})
	}
	var series []gochart.Series
	plot := &plotSeries{ch: ch, th: th, r: r, bars: bars}
	series = append(series, plot)
	gc := gochart.Chart{
		Width: px(w), Height: px(h), DPI: 72 * scale, Font: font,
		Background: gochart.Style{Padding: gochart.Box{Top: px(legendH), Left: px(2), Right: px(8), Bottom: px(bottom)}},
		Canvas:     gochart.Style{},
		XAxis: gochart.XAxis{Name: ch.XTitle, NameStyle: nameStyle, Style: axis, Range: xr, Ticks: xticks,
			TickPosition: gochart.TickPositionUnderTick},
		// go-chart v2.1.2 reads the secondary axis's range from the primary
		// axis's ticks, so the hidden primary axis carries the same ticks.
		YAxis: gochart.YAxis{Style: gochart.Style{Hidden: true}, Range: &gochart.ContinuousRange{}, Ticks: yticks},
		YAxisSecondary: gochart.YAxis{Style: axis,
			Range: &gochart.ContinuousRange{Min: *ch.YMin, Max: *ch.YMax}, Ticks: yticks,
			GridMajorStyle: grid, GridLines: gridLines},
		Series: series,
	}
	if err := gc.Render(func(int, int) (gochart.Renderer, error) { return r, nil }, nil); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	// The y title sits above the axis, level with the legend, where it reads
	// without turning the page.
	c.Text(x, y+legendH*0.55, ch.YTitle, title, 0)
	plot.legend(x, y, w, legendH)
	return nil
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// plotSeries draws the chart's data as a go-chart series: bars with flags,
// or lines and steps, plus event markers.
type plotSeries struct {
	ch   doc.Chart
	th   *theme.Theme
	r    *renderer
	bars bool
}

func (s *plotSeries) GetName() string             { return "data" }
func (s *plotSeries) GetYAxis() gochart.YAxisType { return gochart.YAxisSecondary }
func (s *plotSeries) GetStyle() gochart.Style     { return gochart.Style{} }
func (s *plotSeries) Validate() error             { return nil }

func (s *plotSeries) palette(i int) theme.RGB {
	return theme.MustColor(s.th.Palette[i%len(s.th.Palette)])
}

// at converts a data point to page points.
func (s *plotSeries) at(box gochart.Box, xr, yr gochart.Range, x, y float64) (float64, float64) {
	px := float64(box.Left) + float64(xr.Translate(x))
	py := float64(box.Bottom) - float64(yr.Translate(y))
	return s.r.pt(px, py)
}

func (s *plotSeries) Render(_ gochart.Renderer, box gochart.Box, xr, yr gochart.Range, _ gochart.Style) {
	c := s.r.c
	base := s.th.Style("chart")
	flag := s.th.Color("flag")
	_, yBase := s.r.pt(float64(box.Right), float64(box.Bottom))
	if s.bars {
		nser := len(s.ch.Series)
		slot := (float64(box.Width()) / scale) / (xr.GetMax() - xr.GetMin())
		barW := slot * 0.62 / float64(nser)
		for si, ser := range s.ch.Series {
			col := s.palette(si)
			for _, p := range ser.Points {
				cx, _ := s.at(box, xr, yr, p.X, 0)
				left := cx - slot*0.31 + float64(si)*barW
				if p.Flag != "" {
					s.flagMarker(left+barW/2, yBase, p.Flag, flag)
				} else {
					_, top := s.at(box, xr, yr, p.X, p.Y)
					c.MoveTo(left, yBase)
					c.LineTo(left, top)
					c.LineTo(left+barW, top)
					c.LineTo(left+barW, yBase)
					c.ClosePath()
					c.Paint(&col, nil, 0, nil)
				}
			}
		}
		// Category labels, turned so that long names fit under narrow bars;
		// where bars are too narrow for every label, every k-th is shown.
		lines := 1
		for _, p := range s.ch.Series[0].Points {
			lines = max(lines, len(splitLines(p.Label)))
		}
		every := int(math.Ceil(float64(lines) * base.Size * 1.2 * math.Sqrt2 / slot))
		for i, p := range s.ch.Series[0].Points {
			if i%max(every, 1) != 0 {
				continue
			}
			cx, _ := s.at(box, xr, yr, p.X, 0)
			lines := splitLines(p.Label)
			for i, ln := range lines {
				// Each line is set along a 45° diagonal ending under the bar.
				wd := c.TextWidth(ln, base)
				off := float64(i) * base.Size * 1.15
				d := wd * math.Sqrt2 / 2
				c.Text(cx-d+off*math.Sqrt2/2+base.Size*0.25, yBase+6+d+off*math.Sqrt2/2, ln, base, 45)
			}
		}
		return
	}
	// Event markers: dashed vertical lines with turned labels.
	_, yTop := s.r.pt(0, float64(box.Top))
	// Labels closer than a line to the last one drawn are left out; the
	// markers themselves are all drawn.
	lastLabel := math.Inf(-1)
	for _, e := range s.ch.Events {
		ex, _ := s.at(box, xr, yr, e.X, 0)
		c.MoveTo(ex, yBase)
		c.LineTo(ex, yTop)
		c.Paint(nil, &flag, 0.7, []float64{2.5, 2})
		if ex-lastLabel >= base.Size*1.15 {
			c.Text(ex-2, yTop+c.TextWidth(e.Label, base)+2, e.Label, base, 90)
			lastLabel = ex
		}
	}
	for si, ser := range s.ch.Series {
		col := s.palette(si)
		if s.ch.Type != "scatter" {
			s.path(box, xr, yr, ser.Points)
			c.Paint(nil, &col, 1.6, nil)
		}
		// Markers show each value while they can be told apart.
		if len(ser.Points) <= maxMarkers || s.ch.Type == "scatter" {
			for _, p := range ser.Points {
				px, py := s.at(box, xr, yr, p.X, p.Y)
				circle(c, px, py, 1.8)
				c.Paint(&col, nil, 0, nil)
			}
		}
	}
}

// flagMarker draws a hollow triangle at the base of a bar that has no value,
// with its label above, so that it reads in greyscale too.
func (s *plotSeries) flagMarker(x, yBase float64, label string, col theme.RGB) {
	c := s.r.c
	st := s.th.Style("chart")
	st.Color = hex(col)
	st.Size *= 0.9
	c.MoveTo(x-3.2, yBase-0.8)
	c.LineTo(x, yBase-6.2)
	c.LineTo(x+3.2, yBase-0.8)
	c.ClosePath()
	white := theme.RGB{R: 255, G: 255, B: 255}
	c.Paint(&white, &col, 0.9, nil)
	c.Text(x+st.Size*0.35, yBase-8.5, label, st, 90)
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

// legend sets a key above the plot: one entry per series, one per flag, and
// one for event markers.
func (s *plotSeries) legend(x, y, w, h float64) {
	c := s.r.c
	st := s.th.Style("chart")
	flag := s.th.Color("flag")
	type entry struct {
		label string
		draw  func(x, y float64)
	}
	var es []entry
	for i, ser := range s.ch.Series {
		col := s.palette(i)
		if s.bars {
			es = append(es, entry{ser.Name, func(x, y float64) {
				c.MoveTo(x, y-6)
				c.LineTo(x+9, y-6)
				c.LineTo(x+9, y+1)
				c.LineTo(x, y+1)
				c.ClosePath()
				c.Paint(&col, nil, 0, nil)
			}})
		} else {
			es = append(es, entry{ser.Name, func(x, y float64) {
				c.MoveTo(x, y-2.5)
				c.LineTo(x+12, y-2.5)
				c.Paint(nil, &col, 1.6, nil)
			}})
		}
	}
	seen := map[string]bool{}
	for _, ser := range s.ch.Series {
		for _, p := range ser.Points {
			if p.Flag != "" && !seen[p.Flag] {
				seen[p.Flag] = true
				es = append(es, entry{p.Flag, func(x, y float64) {
					white := theme.RGB{R: 255, G: 255, B: 255}
					c.MoveTo(x+1, y+1)
					c.LineTo(x+4.5, y-5.5)
					c.LineTo(x+8, y+1)
					c.ClosePath()
					c.Paint(&white, &flag, 0.9, nil)
				}})
			}
		}
	}
	// Right-aligned row of entries.
	total := 0.0
	for _, e := range es {
		total += 14 + c.TextWidth(e.label, st) + 12
	}
	ex := x + w - total
	ey := y + h*0.55
	for _, e := range es {
		e.draw(ex, ey)
		c.Text(ex+14, ey, e.label, st, 0)
		ex += 14 + c.TextWidth(e.label, st) + 12
	}
}

// maxMarkers is the most points a line or step chart marks individually.
const maxMarkers = 60

// path traces a line or step series. Points that fall within a quarter
// point of each other across x are drawn as one vertical stroke through
// their range, which looks the same and keeps a 100,000-point series small.
func (s *plotSeries) path(box gochart.Box, xr, yr gochart.Range, pts []doc.Point) {
	c := s.r.c
	var lastX, lastY float64
	started := false
	to := func(x, y float64) {
		switch {
		case !started:
			c.MoveTo(x, y)
			started = true
		case math.Abs(x-lastX) < 1e-9 && math.Abs(y-lastY) < 1e-9:
			return
		default:
			c.LineTo(x, y)
		}
		lastX, lastY = x, y
	}
	step := s.ch.Type == "step"
	for i := 0; i < len(pts); {
		gx, first := s.at(box, xr, yr, pts[i].X, pts[i].Y)
		lo, hi, last := first, first, first
		j := i + 1
		for ; j < len(pts); j++ {
			x, y := s.at(box, xr, yr, pts[j].X, pts[j].Y)
			if x-gx >= 0.25 {
				break
			}
			lo, hi, last = math.Min(lo, y), math.Max(hi, y), y
		}
		if step && started {
			to(gx, lastY)
		}
		to(gx, first)
		to(gx, lo)
		to(gx, hi)
		to(gx, last)
		i = j
	}
}
