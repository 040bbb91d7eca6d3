package pdf_test

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"testing/fstest"
	"time"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"

	"github.com/un-briefs/report/internal/render/pdf"

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
	if err := pdf.CheckTables(d, th); err != nil {
		t.Errorf("CheckTables: %v", err)
	}
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

// TestPaginationProgress renders the bundled brief in themes that let at
// most a line or two fit on a page. Rendering used to add pages forever;
// it must end, with a number of pages bounded by the lines set.
func TestPaginationProgress(t *testing.T) {
	cases := map[string]func(*theme.Theme){
		"size 60 leading 4": func(th *theme.Theme) { setStyle(th, "body", 60, 4) },
		"size 40 leading 10": func(th *theme.Theme) {
			for _, r := range []string{"body", "list", "quote", "lead"} {
				setStyle(th, r, 40, 10)
			}
		},
		"huge margins": func(th *theme.Theme) {
			th.Page.Margins = theme.Margins{Top: 380, Bottom: 380, Left: 200, Right: 200}
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			th := defaultTheme(t)
			edit(th)
			done := make(chan pdf.Info, 1)
			go func() {
				info, _ := pdf.Render(io.Discard, bundledDoc(t), th)
				done <- info
			}()
			select {
			case info := <-done:
				if info.Pages < 2 || info.Pages > 3000 {
					t.Errorf("%d pages", info.Pages)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("rendering does not end: pagination makes no progress")
			}
		})
	}
}

func setStyle(th *theme.Theme, role string, size, leading float64) {
	st := th.Styles[role]
	st.Size, st.Leading = size, leading
	th.Styles[role] = st
}

// TestInvariantsRandom checks the invariants over briefs generated at
// random. A few run by default; REPORT_SWEEP=N runs N (CI runs 500).
func TestInvariantsRandom(t *testing.T) {
	n := 4
	if s := os.Getenv("REPORT_SWEEP"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("REPORT_SWEEP=%q: %v", s, err)
		}
	}
	first := uint64(1)
	if s := os.Getenv("REPORT_SEED"); s != "" {
		first, _ = strconv.ParseUint(s, 10, 64) // start the sweep at this seed
	}
	for seed := first; seed < first+uint64(n); seed++ {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{}
			for name, s := range testkit.RandomBrief(seed) {
				fsys[name] = &fstest.MapFile{Data: []byte(s)}
			}
			b, err := data.Load(fsys, "random", "random")
			if err != nil {
				t.Fatalf("seed %d: %v\n%s", seed, err, fsys["brief.md"].Data)
			}
			th := defaultTheme(t)
			if seed%5 == 0 {
				th.Footnotes = "end"
			}
			checkInvariants(t, compose.Compose(b, compose.Options{Generator: "report test"}), th)
		})
	}
}

// TestInvariantsGallery checks the invariants over every brief in examples/.
func TestInvariantsGallery(t *testing.T) {
	dirs, err := filepath.Glob("../../../examples/*/brief.md")
	if err != nil || len(dirs) < 6 {
		t.Fatalf("want at least six gallery briefs, have %d (%v)", len(dirs), err)
	}
	nested, _ := filepath.Glob("../../../examples/*/*/brief.md") // examples/charts/…
	for _, f := range append(dirs, nested...) {
		dir := filepath.Dir(f)
		name, _ := filepath.Rel("../../../examples", dir)
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			b, err := data.LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, compose.Compose(b, compose.Options{Generator: "report test"}), defaultTheme(t))
		})
	}
}
