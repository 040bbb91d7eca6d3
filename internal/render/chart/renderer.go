package chart

import (
	"io"
	"math"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/un-briefs/report/internal/theme"
)

// scale is how many go-chart units make a point. go-chart works in whole
// pixels; four of them to a point keeps lines and text placed to a quarter
// point.
const scale = 4

// renderer implements go-chart's Renderer over a Canvas. Coordinates arrive
// in go-chart units relative to the chart box and leave in page points.
type renderer struct {
	c      Canvas
	ox, oy float64 // the chart box's top-left corner on the page
	base   theme.Style

	dpi       float64
	stroke    drawing.Color
	fill      drawing.Color
	width     float64
	dash      []float64
	fontColor drawing.Color
	fontSize  float64
	rotation  float64
	cx, cy    float64 // current point, in units
	hasPath   bool
}

var _ gochart.Renderer = (*renderer)(nil)

func (r *renderer) pt(x, y float64) (float64, float64) { return r.ox + x/scale, r.oy + y/scale }

func (r *renderer) ResetStyle() {
	r.stroke, r.fill, r.fontColor = drawing.Color{}, drawing.Color{}, drawing.Color{}
	r.width, r.dash, r.rotation = 0, nil, 0
}
func (r *renderer) GetDPI() float64                 { return r.dpi }
func (r *renderer) SetDPI(dpi float64)              { r.dpi = dpi }
func (r *renderer) SetClassName(string)             {}
func (r *renderer) SetStrokeColor(c drawing.Color)  { r.stroke = c }
func (r *renderer) SetFillColor(c drawing.Color)    { r.fill = c }
func (r *renderer) SetStrokeWidth(w float64)        { r.width = w }
func (r *renderer) SetStrokeDashArray(d []float64)  { r.dash = d }
func (r *renderer) SetFont(*truetype.Font)          {}
func (r *renderer) SetFontColor(c drawing.Color)    { r.fontColor = c }
func (r *renderer) SetFontSize(size float64)        { r.fontSize = size }
func (r *renderer) SetTextRotation(radians float64) { r.rotation = radians }
func (r *renderer) ClearTextRotation()              { r.rotation = 0 }
func (r *renderer) Save(io.Writer) error            { return nil }

func (r *renderer) MoveTo(x, y int) {
	r.cx, r.cy = float64(x), float64(y)
	r.c.MoveTo(r.pt(r.cx, r.cy))
	r.hasPath = true
}

func (r *renderer) LineTo(x, y int) {
	r.cx, r.cy = float64(x), float64(y)
	r.c.LineTo(r.pt(r.cx, r.cy))
	r.hasPath = true
}

// QuadCurveTo converts the quadratic curve to the cubic one PDF can draw.
func (r *renderer) QuadCurveTo(cx, cy, x, y int) {
	qx, qy, ex, ey := float64(cx), float64(cy), float64(x), float64(y)
	c1x, c1y := r.cx+2.0/3*(qx-r.cx), r.cy+2.0/3*(qy-r.cy)
	c2x, c2y := ex+2.0/3*(qx-ex), ey+2.0/3*(qy-ey)
	r.curve(c1x, c1y, c2x, c2y, ex, ey)
}

func (r *renderer) curve(x1, y1, x2, y2, x3, y3 float64) {
	a, b := r.pt(x1, y1)
	c, d := r.pt(x2, y2)
	e, f := r.pt(x3, y3)
	r.c.CurveTo(a, b, c, d, e, f)
	r.cx, r.cy = x3, y3
	r.hasPath = true
}

// ArcTo draws an elliptical arc as cubic segments of at most a quarter turn,
// whichever way it sweeps.
func (r *renderer) ArcTo(cx, cy int, rx, ry, start, delta float64) {
	x0, y0 := float64(cx)+rx*math.Cos(start), float64(cy)+ry*math.Sin(start)
	if r.hasPath {
		r.LineToF(x0, y0)
	} else {
		r.cx, r.cy = x0, y0
		r.c.MoveTo(r.pt(x0, y0))
		r.hasPath = true
	}
	n := int(math.Ceil(math.Abs(delta) / (math.Pi / 2)))
	if n == 0 {
		return
	}
	step := delta / float64(n)
	k := 4.0 / 3 * math.Tan(step/4)
	a := start
	for i := 0; i < n; i++ {
		b := a + step
		x1 := float64(cx) + rx*(math.Cos(a)-k*math.Sin(a))
		y1 := float64(cy) + ry*(math.Sin(a)+k*math.Cos(a))
		x2 := float64(cx) + rx*(math.Cos(b)+k*math.Sin(b))
		y2 := float64(cy) + ry*(math.Sin(b)-k*math.Cos(b))
		r.curve(x1, y1, x2, y2, float64(cx)+rx*math.Cos(b), float64(cy)+ry*math.Sin(b))
		a = b
	}
}

// LineToF draws a line to a point in fractional units.
func (r *renderer) LineToF(x, y float64) {
	r.cx, r.cy = x, y
	r.c.LineTo(r.pt(x, y))
	r.hasPath = true
}

func (r *renderer) Close() { r.c.ClosePath() }

func rgb(c drawing.Color) *theme.RGB {
	if c.IsZero() || c.A == 0 {
		return nil
	}
	return &theme.RGB{R: int(c.R), G: int(c.G), B: int(c.B)}
}

func (r *renderer) paint(fill, stroke bool) {
	var f, s *theme.RGB
	if fill {
		f = rgb(r.fill)
	}
	// A stroke width of 0 means no stroke; in PDF it would be a hairline.
	if stroke && r.width > 0 {
		s = rgb(r.stroke)
	}
	dash := make([]float64, len(r.dash))
	for i, d := range r.dash {
		dash[i] = d / scale
	}
	r.c.Paint(f, s, r.width/scale, dash)
	r.hasPath = false
}

func (r *renderer) Stroke()     { r.paint(false, true) }
func (r *renderer) Fill()       { r.paint(true, false) }
func (r *renderer) FillStroke() { r.paint(true, true) }

func (r *renderer) Circle(radius float64, x, y int) {
	r.hasPath = false
	r.ArcTo(x, y, radius, radius, 0, 2*math.Pi)
	r.Close()
	r.FillStroke()
}

func (r *renderer) style() theme.Style {
	st := r.base
	if r.fontSize > 0 {
		st.Size = r.fontSize
	}
	if c := rgb(r.fontColor); c != nil {
		st.Color = hex(*c)
	}
	return st
}

func (r *renderer) Text(body string, x, y int) {
	px, py := r.pt(float64(x), float64(y))
	r.c.Text(px, py, body, r.style(), -r.rotation*180/math.Pi)
}

func (r *renderer) MeasureText(body string) gochart.Box {
	st := r.style()
	w := r.c.TextWidth(body, st) * scale
	h := st.Size * 0.72 * scale // cap height, as go-chart uses it for placement
	if r.rotation == 0 {
		return gochart.Box{Right: int(math.Ceil(w)), Bottom: int(math.Ceil(h))}
	}
	// The box of the turned text.
	cos, sin := math.Abs(math.Cos(r.rotation)), math.Abs(math.Sin(r.rotation))
	return gochart.Box{Right: int(math.Ceil(w*cos + h*sin)), Bottom: int(math.Ceil(w*sin + h*cos))}
}
