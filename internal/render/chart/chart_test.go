package chart_test

import (
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/chart"
	"github.com/un-briefs/report/internal/theme"
)

// recorder is a Canvas that remembers what was drawn. Text is measured as
// half an em a character, a little wider than the theme's sans on average.
type recorder struct {
	path  [][2]float64
	fills []shape
	lines []shape
	texts []text
}

type shape struct {
	color theme.RGB
	pts   [][2]float64
	dash  bool
}

type text struct {
	s    string
	x, y float64
	size float64
	deg  float64
}

func (r *recorder) MoveTo(x, y float64)                { r.path = append(r.path, [2]float64{x, y}) }
func (r *recorder) LineTo(x, y float64)                { r.path = append(r.path, [2]float64{x, y}) }
func (r *recorder) CurveTo(_, _, _, _, x3, y3 float64) { r.path = append(r.path, [2]float64{x3, y3}) }
func (r *recorder) ClosePath()                         {}
func (r *recorder) TextWidth(s string, st theme.Style) float64 {
	return float64(utf8.RuneCountInString(s)) * st.Size * 0.5
}
func (r *recorder) Text(x, y float64, s string, st theme.Style, deg float64) {
	r.texts = append(r.texts, text{s, x, y, st.Size, deg})
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

func (r *recorder) box(t text) [][2]float64 {
	q := chart.TextBox(t.x, t.y, float64(utf8.RuneCountInString(t.s))*t.size*0.5, t.size, t.deg)
	return q[:]
}

func (r *recorder) strings() []string {
	var out []string
	for _, t := range r.texts {
		out = append(out, t.s)
	}
	return out
}

// The frame every test draws in.
const fx, fy, fw, fh = 50.0, 100.0, 480.0, 210.0

func defaultTheme(t *testing.T) *theme.Theme {
	t.Helper()
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// msgs are the bundled brief's messages (English), for charts made by hand.
var msgs doc.Messages

func load(t *testing.T, dir string) []*doc.Figure {
	t.Helper()
	b, err := data.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	d := compose.Compose(b, compose.Options{})
	if msgs == nil {
		msgs = d.Meta.Messages
	}
	return d.Figures
}

func draw(t *testing.T, ch doc.Chart, th *theme.Theme) (*recorder, []string) {
	t.Helper()
	if msgs == nil {
		load(t, "../../../briefs/nk-2017")
	}
	r := &recorder{}
	notes, err := chart.Draw(r, ch, th, msgs, fx, fy, fw, fh)
	if err != nil {
		t.Fatal(err)
	}
	return r, notes
}

// galleries lists the chart gallery's briefs and the bundled brief.
func galleries(t *testing.T) []string {
	dirs, err := filepath.Glob("../../../examples/charts/*/brief.md")
	if err != nil || len(dirs) < 12 {
		t.Fatalf("chart gallery: %d briefs, %v", len(dirs), err)
	}
	for i, d := range dirs {
		dirs[i] = filepath.Dir(d)
	}
	return append(dirs, "../../../briefs/nk-2017")
}

// plotBox finds the axes: the one three-point stroke in the rule colour.
func plotBox(t *testing.T, r *recorder, th *theme.Theme) (x0, y0, x1, y1 float64) {
	t.Helper()
	rule := th.Color("rule")
	for _, l := range r.lines {
		if l.color == rule && len(l.pts) == 3 {
			return l.pts[0][0], l.pts[0][1], l.pts[2][0], l.pts[2][1]
		}
	}
	t.Fatal("no axes drawn")
	return
}

// yScale reads the y axis's scale off the grid lines, which are drawn at
// the ticks, and checks that they are evenly spaced.
func yScale(t *testing.T, r *recorder, th *theme.Theme, ch doc.Chart) func(float64) float64 {
	t.Helper()
	grid := th.Color("grid")
	var ys []float64
	for _, l := range r.lines {
		if l.color == grid && len(l.pts) == 2 && l.pts[0][1] == l.pts[1][1] {
			ys = append(ys, l.pts[0][1])
		}
	}
	var ticks []float64
	for _, tk := range ch.YTicks {
		if tk.Value >= *ch.YMin && tk.Value <= *ch.YMax {
			ticks = append(ticks, tk.Value)
		}
	}
	if len(ys) != len(ticks) || len(ys) < 2 {
		t.Fatalf("%d grid lines for %d ticks", len(ys), len(ticks))
	}
	n := len(ys) - 1
	k := (ys[n] - ys[0]) / (ticks[n] - ticks[0])
	f := func(v float64) float64 { return ys[0] + (v-ticks[0])*k }
	for i, y := range ys {
		if math.Abs(f(ticks[i])-y) > 0.01 {
			t.Errorf("grid line of tick %v at %.2f, want %.2f", ticks[i], y, f(ticks[i]))
		}
	}
	return f
}

// nice reports whether step is 1, 2 or 5 times a power of ten.
func nice(step float64) bool {
	p := math.Pow(10, math.Floor(math.Log10(step)))
	m := step / p
	for _, n := range []float64{1, 2, 5, 10} {
		if math.Abs(m-n) < 1e-6 {
			return true
		}
	}
	return false
}

// checkTicks checks that ticks are evenly spaced, nice, multiples of their
// step, and that their labels are never grouped years.
func checkTicks(t *testing.T, axis string, ticks []doc.Tick) {
	t.Helper()
	if len(ticks) < 2 {
		return
	}
	step := ticks[1].Value - ticks[0].Value
	if !nice(step) {
		t.Errorf("%s ticks %v apart: not 1, 2 or 5 × 10ⁿ", axis, step)
	}
	for i, tk := range ticks {
		if q := tk.Value / step; math.Abs(q-math.Round(q)) > 1e-6 {
			t.Errorf("%s tick %v is not a multiple of its step %v", axis, tk.Value, step)
		}
		if i > 0 && math.Abs(tk.Value-ticks[i-1].Value-step) > step*1e-6 {
			t.Errorf("%s ticks unevenly spaced at %v", axis, tk.Value)
		}
	}
}

// TestGallery draws every chart of the gallery and of the bundled brief on
// the recording canvas and checks what a reader would: text inside the
// frame and apart, bars from zero to their value, gaps where values are
// missing, nice ticks.
func TestGallery(t *testing.T) {
	th := defaultTheme(t)
	palette := map[theme.RGB]int{}
	for i, c := range th.Palette {
		palette[theme.MustColor(c)] = i
	}
	for _, dir := range galleries(t) {
		for _, fig := range load(t, dir) {
			t.Run(filepath.Base(dir)+"/"+fig.ID, func(t *testing.T) {
				ch := fig.Chart
				r, notes := draw(t, ch, th)
				// Text: inside the frame, apart from each other and from the data.
				for i, a := range r.texts {
					ba := r.box(a)
					for _, v := range ba {
						if v[0] < fx-1e-6 || v[0] > fx+fw+1e-6 || v[1] < fy-1e-6 || v[1] > fy+fh+1e-6 {
							t.Errorf("text %q reaches out of the frame at (%.1f, %.1f)", a.s, v[0], v[1])
							break
						}
					}
					for _, b := range r.texts[:i] {
						if chart.Overlap(ba, r.box(b)) {
							t.Errorf("texts %q and %q overlap", a.s, b.s)
						}
					}
					for _, s := range append(slices.Clip(r.fills), r.lines...) {
						if _, ok := palette[s.color]; ok && len(s.pts) >= 2 {
							for k := 1; k < len(s.pts); k++ {
								if chart.Overlap(ba, [][2]float64{s.pts[k-1], s.pts[k]}) {
									t.Errorf("text %q covers the data", a.s)
									break
								}
							}
						}
					}
				}
				if ch.YStep == nil {
					checkTicks(t, "y", ch.YTicks)
				}
				if !ch.TimeAxis && !ch.Type.Bars() {
					checkTicks(t, "x", ch.XTicks)
				}
				for _, tk := range append(slices.Clip(ch.XTicks), ch.YTicks...) {
					if strings.Contains(tk.Label, ",") && tk.Value >= 1000 && tk.Value <= 2999 && ch.TimeAxis {
						t.Errorf("year tick %q is grouped", tk.Label)
					}
				}
				yp := yScale(t, r, th, ch)
				_, top, _, _ := plotBox(t, r, th)
				if ch.Type.Bars() {
					checkBars(t, r, ch, yp, top, palette)
				} else if ch.Type != doc.ScatterChart {
					checkGaps(t, r, ch, top, palette)
				}
				for _, n := range notes {
					if n == "" {
						t.Error("an empty note")
					}
				}
			})
		}
	}
}

// checkBars checks that each bar runs from zero to its value, and that a
// point without a value has no bar.
func checkBars(t *testing.T, r *recorder, ch doc.Chart, yp func(float64) float64, top float64, palette map[theme.RGB]int) {
	t.Helper()
	var bars []shape
	for _, f := range r.fills {
		if _, ok := palette[f.color]; ok && len(f.pts) == 4 && f.pts[0][1] >= top-1e-6 {
			bars = append(bars, f)
		}
	}
	var want []doc.Point
	var series []int
	for si, s := range ch.Series {
		for _, p := range s.Points {
			if !p.Missing && p.Flag == "" {
				want = append(want, p)
				series = append(series, si)
			}
		}
	}
	if len(bars) != len(want) {
		t.Fatalf("%d bars drawn for %d values", len(bars), len(want))
	}
	for i, b := range bars {
		if palette[b.color] != series[i] {
			t.Errorf("bar %d in colour %d, want %d", i, palette[b.color], series[i])
		}
		lo, hi := math.Min(b.pts[0][1], b.pts[1][1]), math.Max(b.pts[0][1], b.pts[1][1])
		v := want[i].Y
		if math.Abs(lo-math.Min(yp(v), yp(0))) > 0.01 || math.Abs(hi-math.Max(yp(v), yp(0))) > 0.01 {
			t.Errorf("bar %d for %v runs from %.2f to %.2f; zero is at %.2f and the value at %.2f", i, v, lo, hi, yp(0), yp(v))
		}
	}
}

// checkGaps checks that a line breaks exactly where a value is missing: no
// stroke of the series crosses a missing point's x, and there is one
// stroke for each run of values.
func checkGaps(t *testing.T, r *recorder, ch doc.Chart, top float64, palette map[theme.RGB]int) {
	t.Helper()
	x0, _, x1, _ := 0.0, 0.0, 0.0, 0.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, tk := range ch.XTicks {
		lo, hi = math.Min(lo, tk.Value), math.Max(hi, tk.Value)
	}
	for _, s := range ch.Series {
		for _, p := range s.Points {
			lo, hi = math.Min(lo, p.X), math.Max(hi, p.X)
		}
	}
	for _, e := range ch.Events {
		lo, hi = math.Min(lo, e.X), math.Max(hi, e.X)
	}
	x0, _, x1, _ = axes(r)
	xp := func(v float64) float64 { return x0 + (v-lo)/(hi-lo)*(x1-x0) }
	for si, s := range ch.Series {
		var strokes []shape
		for _, l := range r.lines {
			if c, ok := palette[l.color]; ok && c == si && l.pts[0][1] >= top-1e-6 {
				strokes = append(strokes, l)
			}
		}
		runs, in := 0, false
		for _, p := range s.Points {
			if p.Missing {
				in = false
				continue
			}
			if !in {
				runs++
			}
			in = true
		}
		// A lone value between gaps is a dot, not a stroke.
		lone := 0
		for i, p := range s.Points {
			if !p.Missing && (i == 0 || s.Points[i-1].Missing) && (i == len(s.Points)-1 || s.Points[i+1].Missing) {
				lone++
			}
		}
		if len(strokes) != runs-lone {
			t.Errorf("series %q: %d strokes for %d runs of values", s.Name, len(strokes), runs-lone)
		}
		for _, p := range s.Points {
			if !p.Missing {
				continue
			}
			x := xp(p.X)
			for _, l := range strokes {
				if l.pts[0][0] < x-1e-6 && l.pts[len(l.pts)-1][0] > x+1e-6 {
					t.Errorf("series %q: a line crosses the missing value at %v", s.Name, p.X)
				}
			}
		}
	}
}

func axes(r *recorder) (x0, y0, x1, y1 float64) {
	for _, l := range r.lines {
		if len(l.pts) == 3 && l.pts[0][0] == l.pts[1][0] && l.pts[1][1] == l.pts[2][1] {
			return l.pts[0][0], l.pts[0][1], l.pts[2][0], l.pts[2][1]
		}
	}
	return
}

// TestBundledFigures checks the bundled brief's two figures against their
// data: the bars, the flags, the cumulative step and the events.
func TestBundledFigures(t *testing.T) {
	th := defaultTheme(t)
	figs := load(t, "../../../briefs/nk-2017")
	r, notes := draw(t, figs[0].Chart, th)
	if len(notes) != 0 {
		t.Errorf("figure 1 notes %q", notes)
	}
	text := "|" + strings.Join(r.strings(), "|") + "|"
	for _, want := range []string{"0", "1,000", "2,000", "3,000", "4,000", "Distance (km)", "Pukguksong-2", "12 Feb", "failed", "n/a"} {
		if !strings.Contains(text, "|"+want+"|") {
			t.Errorf("no text %q drawn", want)
		}
	}
	got := 0
	for _, s := range r.strings() {
		if s == "failed" {
			got++
		}
	}
	if got != 4 { // three flags and the key
		t.Errorf("%d 'failed' labels, want 4", got)
	}

	ch := figs[1].Chart
	r, notes = draw(t, ch, th)
	if len(notes) != 0 {
		t.Errorf("figure 2 notes %q", notes)
	}
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
	pts := ch.Series[0].Points
	if len(step.pts) != 2*len(pts)-1 {
		t.Fatalf("step line has %d vertices for %d points", len(step.pts), len(pts))
	}
	yp := yScale(t, r, th, ch)
	for i, p := range pts {
		if y := step.pts[2*i][1]; math.Abs(y-yp(p.Y)) > 0.01 {
			t.Errorf("point %d at y %.2f, want %.2f", i, y, yp(p.Y))
		}
	}
	if pts[len(pts)-1].Y != 16 {
		t.Errorf("the running total ends at %v, want 16", pts[len(pts)-1].Y)
	}
	if dashed != len(ch.Events) {
		t.Errorf("%d dashed markers for %d events", dashed, len(ch.Events))
	}
	for _, want := range []string{"Resolution 2356", "Resolution 2371", "Resolution 2375", "Hydrogen bomb", "Feb 2017", "Sep"} {
		if !slices.Contains(r.strings(), want) {
			t.Errorf("no text %q", want)
		}
	}
}

// TestNotesSayWhatIsLeftOut checks that labels the chart cannot set are
// named in its notes, not dropped silently.
func TestNotesSayWhatIsLeftOut(t *testing.T) {
	th := defaultTheme(t)
	for _, tc := range []struct{ dir, fig, want string }{
		{"categories", "many", "One category in"},
		{"long-labels", "budget", "shortened"},
		{"events-close", "level", "Event labels left out for lack of room: "},
	} {
		for _, f := range load(t, "../../../examples/charts/"+tc.dir) {
			if f.ID != tc.fig {
				continue
			}
			r, notes := draw(t, f.Chart, th)
			if !strings.Contains(strings.Join(notes, "|"), tc.want) {
				t.Errorf("%s: notes %q, want %q", tc.dir, notes, tc.want)
			}
			if tc.dir == "events-close" {
				// Every event is either labelled or named in the notes.
				for _, e := range f.Chart.Events {
					if !slices.Contains(r.strings(), e.Label) && !strings.Contains(notes[0], e.Label) {
						t.Errorf("event %q neither drawn nor noted", e.Label)
					}
				}
			}
		}
	}
}

// TestNotesInTheBriefsLanguage checks that the notes come from the
// catalogue of the brief's language.
func TestNotesInTheBriefsLanguage(t *testing.T) {
	th := defaultTheme(t)
	pl, err := th.Catalog("pl")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range load(t, "../../../examples/charts/long-labels") {
		notes, err := chart.Draw(&recorder{}, f.Chart, th, pl, fx, fy, fw, fh)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) == 0 || !strings.Contains(notes[0], "skrócone") {
			t.Errorf("notes %q, want Polish", notes)
		}
	}
}

func TestCheckRefusesBadData(t *testing.T) {
	lo, hi := 0.0, 10.0
	ok := doc.Chart{Type: doc.LineChart, YMin: &lo, YMax: &hi, YTicks: []doc.Tick{{Value: 0}, {Value: 10}},
		Series: []doc.Series{{Points: []doc.Point{{X: 1, Y: 1}, {X: 2, Y: 2}}}}}
	if err := chart.Check(ok); err != nil {
		t.Fatal(err)
	}
	huge := math.MaxFloat64
	for name, mutate := range map[string]func(*doc.Chart){
		"NaN":        func(c *doc.Chart) { c.Series[0].Points[0].Y = math.NaN() },
		"Inf":        func(c *doc.Chart) { c.Series[0].Points[1].X = math.Inf(1) },
		"one point":  func(c *doc.Chart) { c.Series[0].Points = c.Series[0].Points[:1] },
		"zero range": func(c *doc.Chart) { c.YMax = c.YMin },
		"inf range":  func(c *doc.Chart) { m := -huge; c.YMin, c.YMax = &m, &huge },
	} {
		c := ok
		c.Series = []doc.Series{{Points: append([]doc.Point(nil), ok.Series[0].Points...)}}
		mutate(&c)
		if err := chart.Check(c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestFlagsWithoutMissing checks a hand-made chart: a point with a flag
// and no Missing mark is still drawn as a flag, never as a bar of 0.
func TestFlagsWithoutMissing(t *testing.T) {
	th := defaultTheme(t)
	lo, hi := 0.0, 30.0
	ticks := []doc.Tick{{Value: 0, Label: "0"}, {Value: 10, Label: "10"}, {Value: 20, Label: "20"}, {Value: 30, Label: "30"}}
	grouped := doc.Chart{Type: doc.GroupedBarChart, YTitle: "Count", YMin: &lo, YMax: &hi, YTicks: ticks,
		Categories: []string{"Jan", "Feb", "Mar"},
		Series: []doc.Series{
			{Name: "2016", Points: []doc.Point{{X: 0, Y: 5}, {X: 1, Y: 12}, {X: 2, Y: 7}}},
			{Name: "2017", Points: []doc.Point{{X: 0, Y: 9}, {X: 1, Y: 21}, {X: 2, Flag: "n/a"}}},
		}}
	r, _ := draw(t, grouped, th)
	yp := yScale(t, r, th, grouped)
	_, top, _, _ := plotBox(t, r, th)
	palette := map[theme.RGB]int{}
	for i, c := range th.Palette {
		palette[theme.MustColor(c)] = i
	}
	checkBars(t, r, grouped, yp, top, palette)
	if !slices.Contains(r.strings(), "n/a") {
		t.Error("no flag label")
	}
}

// TestManyPoints draws 20,000 bars and a 20,000-point line with 30 events
// and missing values: the labels that cannot be set are counted in short
// notes, not listed one by one, and every text still lies apart.
func TestManyPoints(t *testing.T) {
	th := defaultTheme(t)
	for _, typ := range []doc.ChartType{doc.BarChart, doc.LineChart} {
		const n = 20000
		lo, hi := 0.0, 100.0
		ch := doc.Chart{Type: typ, YTitle: "y", YMin: &lo, YMax: &hi}
		for v := 0.0; v <= 100; v += 20 {
			ch.YTicks = append(ch.YTicks, doc.Tick{Value: v, Label: strconv.Itoa(int(v))})
		}
		s := doc.Series{Name: "s"}
		for i := range n {
			p := doc.Point{X: float64(i), Y: float64(i % 100), Label: "cat " + strconv.Itoa(i)}
			if i%7 == 0 {
				p.Missing, p.Flag, p.Y = true, "n/a", 0
			}
			s.Points = append(s.Points, p)
			if typ == doc.BarChart {
				ch.Categories = append(ch.Categories, p.Label)
			}
		}
		ch.Series = []doc.Series{s}
		if typ == doc.LineChart {
			ch.XTicks = []doc.Tick{{Value: 0, Label: "0"}, {Value: n, Label: "20,000"}}
			for i := range 30 {
				ch.Events = append(ch.Events, doc.Event{X: float64(i * 600), Label: "event " + strconv.Itoa(i)})
			}
		}
		r, notes := draw(t, ch, th)
		for _, note := range notes {
			if len(note) > 300 {
				t.Errorf("%s: a note of %d bytes: %.80q…", typ, len(note), note)
			}
		}
		if len(notes) == 0 {
			t.Errorf("%s: no note says what was left out", typ)
		}
		for i, a := range r.texts {
			for _, b := range r.texts[:i] {
				if chart.Overlap(r.box(a), r.box(b)) {
					t.Errorf("%s: texts %q and %q overlap", typ, a.s, b.s)
				}
			}
		}
	}
}
