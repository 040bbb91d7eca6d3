package pdf_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifregular"

	"github.com/un-briefs/report/internal/theme"
	"github.com/un-briefs/report/templates"
)

// TestSameFontFileNames: two theme fonts named House.ttf in different
// folders shared one PDF font name, and the second was never embedded.
func TestSameFontFileNames(t *testing.T) {
	src, err := templates.FS.ReadFile("default/theme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := strings.Replace(string(src), `regular: "liberation:serif-regular"`, `regular: "a/House.ttf"`, 1)
	s = strings.Replace(s, `regular: "liberation:sans-regular"`, `regular: "b/House.ttf"`, 1)
	for name, b := range map[string][]byte{"theme.yaml": []byte(s), "a/House.ttf": liberationserifregular.TTF, "b/House.ttf": liberationsansregular.TTF} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	th, err := theme.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := render(t, bundledDoc(t), th)
	out := run(t, "pdffonts", write(t, b))
	var house []string
	for _, ln := range strings.Split(out, "\n") {
		f := strings.Fields(ln)
		if len(f) > 0 && strings.Contains(strings.ToLower(f[0]), "house") {
			if !strings.Contains(ln, " yes ") {
				t.Errorf("not embedded: %s", ln)
			}
			house = append(house, f[0][strings.Index(f[0], "+")+1:])
		}
	}
	if len(house) != 2 || house[0] == house[1] {
		t.Errorf("House fonts in the PDF: %q\n%s", house, out)
	}
}
