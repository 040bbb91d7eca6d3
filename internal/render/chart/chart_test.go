package chart_test

import (
	"math"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/chart"
	"github.com/un-briefs/report/internal/theme"
)

// recorder is a Canvas that remembers what was drawn.
type recorder struct {
	path  [][2]float64
	fills []shape
	lines []shape
	texts []string
}

type shape struct {
	color theme.RGB
	pts   [][2]float64
	dash  bool
}

func (r *recorder) MoveTo(x, y float64)                { r.path = append(r.path, [2]float64{x, y}) }
func (r *recorder) LineTo(x, y float64)                { r.path = append(r.path, [2]float64{x, y}) }
func (r *recorder) CurveTo(_, _, _, _, x3, y3 float64) { r.path = append(r.path, [2]float64{x3, y3}) }
func (r *recorder) ClosePath()                         {}
func (r *recorder) TextWidth(s string, st theme.Style) float64 {
	return float64(len(s)) * st.Size * 0.5
}
func (r *recorder) Text(x, y float64, s string, st theme.Style, deg float64) {
	r.texts = append(r.texts, s)
}
func (r *recorder) Paint(fill, stroke *theme.RGB, w float64, dash []float64) {
	if fill != nil {
		r.fills = append(r.fills, shape{color: *fill, pts: r.path})
	}
	if stroke != nil {
		r.lines = append(r.lines, shape{color: *stroke, pts: r.path, dash: len(dash) > 0})
	}
	r.path = nil
}

func figures(t *testing.T) ([]*doc.Figure, *theme.Theme) {
	t.Helper()
	b, err := data.LoadDir("../../../briefs/nk-2017")
	if err != nil {
		t.Fatal(err)
	}
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	return compose.Compose(b, compose.Options{}).Figures, th
}

func draw(t *testing.T, ch doc.Chart, th *theme.Theme) *recorder {
	t.Helper()
	r := &recorder{}
	if err := chart.Draw(r, ch, th, 50, 100, 480, 210); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestBarsAreTheData checks that each bar's height is its value on the axis,
// and that flagged points are labelled instead of drawn as bars.
func TestBarsAreTheData(t *testing.T) {
	figs, th := figures(t)
	ch := figs[0].Chart
	r := draw(t, ch, th)
	blue := theme.MustColor(th.Palette[0])
	var heights []float64
	for _, f := range r.fills {
		if f.color == blue && len(f.pts) == 4 {
			heights = append(heights, f.pts[0][1]-f.pts[1][1])
		}
	}
	var values []float64
	flags := 0
	for _, p := range ch.Series[0].Points {
		if p.Flag != "" {
			flags++
			continue
		}
		values = append(values, p.Y)
	}
	heights = heights[:len(heights)-1] // the last blue box is the legend's key
	if len(heights) != len(values) {
		t.Fatalf("%d bars drawn for %d values", len(heights), len(values))
	}
	scale := heights[0] / values[0]
	for i := range values {
		if math.Abs(heights[i]-values[i]*scale) > 0.5 {
			t.Errorf("bar %d: height %.1f for %v (%.1f expected)", i, heights[i], values[i], values[i]*scale)
		}
	}
	text := strings.Join(r.texts, "|")
	for _, want := range []string{"0", "1,000", "2,000", "3,000", "4,000", "Distance (km)", "Pukguksong-2", "12 Feb"} {
		if !strings.Contains("|"+text+"|", "|"+want+"|") {
			t.Errorf("no text %q drawn", want)
		}
	}
	got := 0
	for _, s := range r.texts {
		if s == "failed" {
			got++
		}
	}
	if got != 4 { // three bars and the legend
		t.Errorf("%d 'failed' labels, want 4", got)
	}
	if flags != 4 {
		t.Errorf("%d flagged points, want 4", flags)
	}
}

// TestStepIsCumulative checks the step line climbs by each test's missiles.
func TestStepIsCumulative(t *testing.T) {
	figs, th := figures(t)
	ch := figs[1].Chart
	r := draw(t, ch, th)
	blue := theme.MustColor(th.Palette[0])
	var step shape
	dashed := 0
	for _, l := range r.lines {
		if l.color == blue && len(l.pts) > len(step.pts) {
			step = l
		}
		if l.dash {
			dashed++
		}
	}
	n := len(ch.Series[0].Points)
	if len(step.pts) != 2*n-1 {
		t.Fatalf("step line has %d vertices for %d points", len(step.pts), n)
	}
	base := step.pts[0][1]
	unit := (base - step.pts[2][1]) / (ch.Series[0].Points[1].Y - ch.Series[0].Points[0].Y)
	for i, p := range ch.Series[0].Points {
		y := step.pts[2*i][1]
		want := base - (p.Y-ch.Series[0].Points[0].Y)*unit
		if math.Abs(y-want) > 0.5 {
			t.Errorf("point %d at y %.1f, want %.1f", i, y, want)
		}
	}
	if dashed != len(ch.Events) {
		t.Errorf("%d dashed markers for %d events", dashed, len(ch.Events))
	}
	for _, want := range []string{"Resolution 2356", "Resolution 2371", "Resolution 2375", "Hydrogen bomb", "Feb", "Sep"} {
		if !strings.Contains(strings.Join(r.texts, "|"), want) {
			t.Errorf("no text %q", want)
		}
	}
}

func TestCheckRefusesBadData(t *testing.T) {
	lo, hi := 0.0, 10.0
	ok := doc.Chart{Type: "line", YMin: &lo, YMax: &hi, YTicks: []doc.Tick{{Value: 0}, {Value: 10}},
		Series: []doc.Series{{Points: []doc.Point{{X: 1, Y: 1}, {X: 2, Y: 2}}}}}
	if err := chart.Check(ok); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*doc.Chart){
		"NaN":        func(c *doc.Chart) { c.Series[0].Points[0].Y = math.NaN() },
		"Inf":        func(c *doc.Chart) { c.Series[0].Points[1].X = math.Inf(1) },
		"one point":  func(c *doc.Chart) { c.Series[0].Points = c.Series[0].Points[:1] },
		"zero range": func(c *doc.Chart) { c.YMax = c.YMin },
	} {
		c := ok
		c.Series = []doc.Series{{Points: append([]doc.Point(nil), ok.Series[0].Points...)}}
		mutate(&c)
		if err := chart.Check(c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestOtherTypes(t *testing.T) {
	_, th := figures(t)
	lo, hi, step := 0.0, 30.0, 10.0
	ticks := []doc.Tick{{Value: 0, Label: "0"}, {Value: 10, Label: "10"}, {Value: 20, Label: "20"}, {Value: 30, Label: "30"}}
	grouped := doc.Chart{Type: "grouped-bar", YTitle: "Count", YMin: &lo, YMax: &hi, YStep: &step, YTicks: ticks,
		Series: []doc.Series{
			{Name: "2016", Points: []doc.Point{{X: 0, Y: 5, Label: "Jan"}, {X: 1, Y: 12, Label: "Feb"}, {X: 2, Y: 7, Label: "Mar"}}},
			{Name: "2017", Points: []doc.Point{{X: 0, Y: 9, Label: "Jan"}, {X: 1, Y: 21, Label: "Feb"}, {X: 2, Flag: "n/a", Label: "Mar"}}},
		}}
	r := draw(t, grouped, th)
	colours := map[theme.RGB]int{}
	for _, f := range r.fills {
		if len(f.pts) == 4 {
			colours[f.color]++
		}
	}
	// Three bars of 2016 and two of 2017, plus a legend key each.
	if colours[theme.MustColor(th.Palette[0])] != 4 || colours[theme.MustColor(th.Palette[1])] != 3 {
		t.Errorf("bars by colour: %v", colours)
	}
	for _, kind := range []doc.ChartType{"line", "scatter"} {
		c := doc.Chart{Type: kind, YTitle: "Count", YMin: &lo, YMax: &hi, YTicks: ticks,
			XTicks: []doc.Tick{{Value: 0, Label: "a"}, {Value: 10, Label: "b"}},
			Series: []doc.Series{{Name: "s", Points: []doc.Point{{X: 0, Y: 1}, {X: 5, Y: 25}, {X: 10, Y: 12}}}}}
		r := draw(t, c, th)
		markers := 0
		for _, f := range r.fills {
			if len(f.pts) == 5 && f.color == theme.MustColor(th.Palette[0]) { // a circle: a move and four curves
				markers++
			}
		}
		if markers != 3 {
			t.Errorf("%s: %d markers, want 3", kind, markers)
		}
	}
}
