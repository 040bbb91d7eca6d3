package theme_test

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/tools/txtar"

	"github.com/un-briefs/report/internal/theme"
	"github.com/un-briefs/report/templates"
)

// FuzzLoadTheme loads arbitrary theme.yaml bytes with an arbitrary font
// file, house.ttf. Loading must never panic nor hang; an error names
// theme.yaml or the font; and an accepted theme keeps every bound that
// makes pagination progress, and loads again to the same result.
func FuzzLoadTheme(f *testing.F) {
	base, err := templates.FS.ReadFile("default/theme.yaml")
	if err != nil {
		f.Fatal(err)
	}
	serif := liberationserifregular.TTF
	f.Add(base, []byte(nil))
	withFont := strings.Replace(string(base), `regular: "liberation:serif-regular"`, `regular: "house.ttf"`, 1)
	// A whole font (390 KB) would slow the fuzzer's mutations down; its
	// first kilobyte and a few damaged headers exercise the font checks.
	f.Add([]byte(withFont), serif[:1000])
	f.Add([]byte(withFont), serif[:12])
	f.Add([]byte(strings.Replace(string(base), `logo: ""`, `logo: "logo.png"`, 1)), []byte(nil))
	// The hostile corpus's edits of the default theme.
	files, _ := filepath.Glob("testdata/hostile/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			continue
		}
		for _, m := range ar.Files {
			if m.Name == "edit:theme.yaml" {
				f.Add([]byte(applyEdit(string(base), string(m.Data))), []byte(nil))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src, font []byte) {
		fsys := fstest.MapFS{
			"theme.yaml": {Data: src},
			"house.ttf":  {Data: font},
			"logo.png":   {Data: pngHeader(400, 100)},
		}
		th, err := theme.Load(fsys, "t")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "t/") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		pw, ph := th.PageSize()
		m := th.Page.Margins
		w, h := pw-m.Left-m.Right, ph-m.Top-m.Bottom
		if !(w >= 144 && h >= 144 && m.Left >= 0 && m.Right >= 0 && m.Top >= 36 && m.Bottom >= 36) {
			t.Fatalf("accepted margins %+v", m)
		}
		for _, role := range theme.Roles {
			st := th.Style(role)
			if !(st.Size >= 4 && st.Size <= 72 && st.LineHeight() <= h/10 && st.Before >= 0 && st.After >= 0 && st.Indent >= 0) {
				t.Fatalf("accepted style %s: %+v", role, st)
			}
			for _, bold := range []bool{false, true} {
				for _, italic := range []bool{false, true} {
					if _, err := th.FontBytes(th.Face(st.Font, bold, italic)); err != nil {
						t.Fatalf("accepted theme lacks a font: %v", err)
					}
				}
			}
		}
		if !(th.FigureHeight > 0 && th.FigureHeight <= h) || !(th.Table.Padding >= 0) {
			t.Fatalf("accepted figure height %v, padding %v", th.FigureHeight, th.Table.Padding)
		}
		th.Checker().Missing("Abc – ü")
		again, err := theme.Load(fsys, "t")
		if err != nil || again.Name != th.Name || again.Page != th.Page {
			t.Fatalf("a second load differs: %v", err)
		}
	})
}

// applyEdit applies "- old" / "+ new" edits to s.
func applyEdit(s, script string) string {
	lines := strings.Split(strings.TrimRight(script, "\n"), "\n")
	for i := 0; i < len(lines); {
		old := strings.TrimPrefix(lines[i], "- ")
		var nw []string
		for i++; i < len(lines) && strings.HasPrefix(lines[i], "+ "); i++ {
			nw = append(nw, strings.TrimPrefix(lines[i], "+ "))
		}
		s = strings.Replace(s, old, strings.Join(nw, "\n"), 1)
	}
	return s
}
