package pdf_test

import (
	"testing"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/testkit"
	"github.com/un-briefs/report/internal/theme"
)

// frame is where the theme lets text sit, for testkit.Problems.
func frame(th *theme.Theme) testkit.Frame {
	m, g := th.Page.Margins, th.Geometry
	hl, fl := lineH(th.Style("header")), lineH(th.Style("footer"))
	return testkit.Frame{Left: m.Left, Right: m.Right, Top: m.Top, Bottom: m.Bottom, Bands: [][2]float64{
		{m.Top - g.HeaderRise, m.Top - g.HeaderRise + hl},
		{-m.Bottom + g.FooterDrop, -m.Bottom + g.FooterDrop + fl},
	}}
}

func lineH(st theme.Style) float64 {
	if st.Leading == 0 {
		return st.Size * 1.2
	}
	return st.Size * st.Leading
}

// checkInvariants renders d and fails t with every invariant it breaks.
func checkInvariants(t *testing.T, d *doc.Document, th *theme.Theme) {
	t.Helper()
	b, info := render(t, d, th)
	file := write(t, b)
	f := frame(th)
	f.Figures = map[int][][4]float64{}
	for _, x := range info.Figures {
		f.Figures[x.Page] = append(f.Figures[x.Page], [4]float64{x.X, x.Y, x.W, x.H})
	}
	for _, p := range testkit.Problems(t, file, d, f, th.Footnotes == "end") {
		t.Error(p)
	}
}

func TestInvariantsBundled(t *testing.T) {
	checkInvariants(t, bundledDoc(t), defaultTheme(t))
}
