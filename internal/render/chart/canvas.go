// Package chart draws the document model's charts as vectors on a Canvas
// that a backend provides: axes, grid, bars, lines, flags and events, and
// every text label through one placement pass that keeps labels inside the
// chart's frame, clear of each other and of the data. It lays charts out
// itself, with no chart library: the truthful axes, ticks and label
// placement a brief needs are most of what such a library would do.
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
