package chart

import "math"

// Text boxes. A label's box runs from its baseline's left end along the
// text and reaches ascent × size above the baseline and descent × size below
// it, turned with the text. The ratios cover the theme's sans-serif faces
// (Liberation Sans: ascender 0.905, cap height 0.73, descender 0.21 of the
// size) for the Latin text of captions and labels.
const (
	ascent  = 0.91
	descent = 0.22
)

type pt struct{ x, y float64 }

// poly is a convex polygon: a text box, a bar, a marker, or a segment of a
// line (two vertices).
type poly []pt

// rect is an upright rectangle, y growing downwards.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

// contains reports whether every vertex of p lies in r.
func (r rect) contains(p poly) bool {
	const eps = 1e-6
	for _, v := range p {
		if v.x < r.x0-eps || v.x > r.x1+eps || v.y < r.y0-eps || v.y > r.y1+eps {
			return false
		}
	}
	return true
}

func (p poly) bounds() rect {
	r := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, v := range p {
		r.x0, r.y0 = math.Min(r.x0, v.x), math.Min(r.y0, v.y)
		r.x1, r.y1 = math.Max(r.x1, v.x), math.Max(r.y1, v.y)
	}
	return r
}

// TextBox returns the box of text of width w set by Canvas.Text at x, y in
// a font of size, turned by deg degrees counter-clockwise: its four corners,
// starting at the top of the baseline's left end.
func TextBox(x, y, w, size, deg float64) [4][2]float64 {
	q := textPoly(x, y, w, size, deg)
	return [4][2]float64{{q[0].x, q[0].y}, {q[1].x, q[1].y}, {q[2].x, q[2].y}, {q[3].x, q[3].y}}
}

func textPoly(x, y, w, size, deg float64) poly {
	a := deg * math.Pi / 180
	cos, sin := math.Cos(a), math.Sin(a)
	// u runs along the baseline, v down across it; y grows downwards.
	at := func(u, v float64) pt { return pt{x + u*cos + v*sin, y - u*sin + v*cos} }
	up, down := -ascent*size, descent*size
	return poly{at(0, up), at(w, up), at(w, down), at(0, down)}
}

// Overlap reports whether two convex polygons, given by their vertices,
// share any area; touching edges do not count.
func Overlap(a, b [][2]float64) bool {
	pa, pb := make(poly, len(a)), make(poly, len(b))
	for i, v := range a {
		pa[i] = pt{v[0], v[1]}
	}
	for i, v := range b {
		pb[i] = pt{v[0], v[1]}
	}
	return overlap(pa, pb)
}

// overlap is the separating axis test for convex polygons: they are apart
// when their projections on some edge's normal do not meet.
func overlap(a, b poly) bool {
	const eps = 1e-6
	for _, p := range []poly{a, b} {
		for i := range p {
			j := (i + 1) % len(p)
			nx, ny := p[i].y-p[j].y, p[j].x-p[i].x
			if nx == 0 && ny == 0 {
				continue
			}
			n := math.Hypot(nx, ny)
			nx, ny = nx/n, ny/n
			amin, amax := project(a, nx, ny)
			bmin, bmax := project(b, nx, ny)
			if amax <= bmin+eps || bmax <= amin+eps {
				return false
			}
		}
	}
	return true
}

func project(p poly, nx, ny float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range p {
		d := v.x*nx + v.y*ny
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	return lo, hi
}

// placer keeps every label apart from the labels already set and from the
// drawn series. Obstacles are filed in vertical strips of the frame, so a
// label is tested only against what lies across its own strips, however many
// points a series has.
type placer struct {
	frame  rect
	texts  []poly
	strips [][]poly
}

const nstrips = 64

func newPlacer(frame rect) *placer {
	return &placer{frame: frame, strips: make([][]poly, nstrips)}
}

func (p *placer) stripRange(b rect) (int, int) {
	w := p.frame.w() / nstrips
	i := int(math.Floor((b.x0 - p.frame.x0) / w))
	j := int(math.Floor((b.x1 - p.frame.x0) / w))
	return max(0, min(i, nstrips-1)), max(0, min(j, nstrips-1))
}

// obstacle files a drawn shape that labels must not cover.
func (p *placer) obstacle(q poly) {
	i, j := p.stripRange(q.bounds())
	for k := i; k <= j; k++ {
		p.strips[k] = append(p.strips[k], q)
	}
}

// free reports whether q lies inside within and clear of every label and
// obstacle.
func (p *placer) free(q poly, within rect) bool {
	if !within.contains(q) || !p.frame.contains(q) {
		return false
	}
	for _, t := range p.texts {
		if overlap(q, t) {
			return false
		}
	}
	i, j := p.stripRange(q.bounds())
	for k := i; k <= j; k++ {
		for _, o := range p.strips[k] {
			if overlap(q, o) {
				return false
			}
		}
	}
	return true
}

// label is a line of text at a position.
type label struct {
	x, y float64
	s    string
	deg  float64
	w    float64 // its width
	size float64
}

func (l label) poly() poly { return textPoly(l.x, l.y, l.w, l.size, l.deg) }

// first takes the first of the candidate placements whose every line is
// free, and reserves it. It reports false when none is.
func (p *placer) first(within rect, cands ...[]label) ([]label, bool) {
	for _, ls := range cands {
		ok := true
		for i, l := range ls {
			if !p.free(l.poly(), within) {
				ok = false
				break
			}
			// The lines of one label must not overlap each other either.
			for _, m := range ls[:i] {
				if overlap(l.poly(), m.poly()) {
					ok = false
				}
			}
		}
		if ok {
			for _, l := range ls {
				p.texts = append(p.texts, l.poly())
			}
			return ls, true
		}
	}
	return nil, false
}

// reserve takes a label's place unconditionally.
func (p *placer) reserve(ls ...label) {
	for _, l := range ls {
		p.texts = append(p.texts, l.poly())
	}
}
