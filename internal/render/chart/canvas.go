// Package chart draws the document model's charts with go-chart, as vectors
// on a Canvas that a backend provides. go-chart lays out the axes, ticks and
// grid; the bars, steps, flags and event markers are custom series drawn
// through the same renderer. It is the only package that imports go-chart.
package chart

import (
	"github.com/un-briefs/report/internal/theme"
)

// Canvas is a vector drawing surface in points, with y growing downwards.
// Path operations are buffered until Paint, so that a backend can set its
// graphics state before the path, as PDF requires.
type Canvas interface {
	MoveTo(x, y float64)
	LineTo(x, y float64)
	CurveTo(x1, y1, x2, y2, x3, y3 float64)
	ClosePath()
	// Paint fills and/or strokes the buffered path and clears it. A nil
	// colour means no fill or no stroke.
	Paint(fill, stroke *theme.RGB, width float64, dash []float64)
	// Text sets s with its baseline's left end at x, y, in the style's font,
	// turned by degrees counter-clockwise.
	Text(x, y float64, s string, st theme.Style, degrees float64)
	TextWidth(s string, st theme.Style) float64
}
