package pdf

import (
	"github.com/un-briefs/report/internal/render/chart"
	"github.com/un-briefs/report/internal/theme"
)

// canvas lets the chart package draw on the current page. Path operations
// are buffered and replayed after the colours, width and dash are set,
// because graphics-state operators are not allowed inside a PDF path.
type canvas struct {
	r   *renderer
	ops []pathOp
}

type pathOp struct {
	kind byte // 'M', 'L', 'C', 'Z'
	p    [6]float64
}

var _ chart.Canvas = (*canvas)(nil)

func (c *canvas) MoveTo(x, y float64) { c.ops = append(c.ops, pathOp{kind: 'M', p: [6]float64{x, y}}) }
func (c *canvas) LineTo(x, y float64) { c.ops = append(c.ops, pathOp{kind: 'L', p: [6]float64{x, y}}) }
func (c *canvas) CurveTo(x1, y1, x2, y2, x3, y3 float64) {
	c.ops = append(c.ops, pathOp{kind: 'C', p: [6]float64{x1, y1, x2, y2, x3, y3}})
}
func (c *canvas) ClosePath() { c.ops = append(c.ops, pathOp{kind: 'Z'}) }

func (c *canvas) Paint(fill, stroke *theme.RGB, width float64, dash []float64) {
	ops := c.ops
	c.ops = c.ops[:0]
	if len(ops) == 0 || (fill == nil && stroke == nil) {
		return
	}
	f := c.r.f
	style := ""
	if fill != nil {
		f.SetFillColor(fill.R, fill.G, fill.B)
		style += "F"
	}
	if stroke != nil {
		f.SetDrawColor(stroke.R, stroke.G, stroke.B)
		f.SetLineWidth(width)
		f.SetDashPattern(dash, 0)
		style += "D"
	}
	for _, op := range ops {
		switch op.kind {
		case 'M':
			f.MoveTo(op.p[0], op.p[1])
		case 'L':
			f.LineTo(op.p[0], op.p[1])
		case 'C':
			f.CurveBezierCubicTo(op.p[0], op.p[1], op.p[2], op.p[3], op.p[4], op.p[5])
		case 'Z':
			f.ClosePath()
		}
	}
	if stroke != nil && len(ops) > 2 {
		// A chart's line turns sharply between points; a mitred corner
		// would spike past the value it marks.
		f.SetLineJoinStyle("round")
	}
	f.DrawPath(style)
	if stroke != nil && len(ops) > 2 {
		f.SetLineJoinStyle("miter")
	}
	if stroke != nil && len(dash) > 0 {
		f.SetDashPattern(nil, 0)
	}
}

func (c *canvas) Text(x, y float64, s string, st theme.Style, degrees float64) {
	c.r.font(st, 0)
	f := c.r.f
	if degrees != 0 {
		f.TransformBegin()
		f.TransformRotate(degrees, x, y)
		f.Text(x, y, s)
		f.TransformEnd()
		return
	}
	f.Text(x, y, s)
}

func (c *canvas) TextWidth(s string, st theme.Style) float64 {
	c.r.font(st, 0)
	return c.r.f.GetStringWidth(s)
}
