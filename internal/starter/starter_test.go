package starter_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/build"
	"github.com/un-briefs/report/internal/starter"
)

// TestStarterBuilds writes the starter brief and builds it: a PDF with its
// table, chart and footnote, and an annex.
func TestStarterBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "first")
	if err := starter.Write(dir); err != nil {
		t.Fatal(err)
	}
	res := build.NewThemes().Build(context.Background(), build.Options{}, build.Folder(dir, ""))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if len(res.Outputs) != 2 || res.Outputs[0].Name != "first.pdf" || res.Outputs[1].Name != "first.xlsx" {
		t.Fatalf("outputs: %v", res.Outputs)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is missing")
		}
		t.Skip("no pdftotext")
	}
	pdf := filepath.Join(t.TempDir(), "first.pdf")
	if err := os.WriteFile(pdf, res.Outputs[0].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"My first brief: a starting point", "Table 1. Arrivals by month, 2025", "Figure 1. Arrivals by month, 2025", "1,480*", "*estimated", "A footnote: defined at the end"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"[^", "{{"} {
		if strings.Contains(text, bad) {
			t.Errorf("the PDF shows %q", bad)
		}
	}
}

// TestStarterRefusesToOverwrite keeps an existing brief as it is.
func TestStarterRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "brief.md")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := starter.Write(dir); err == nil {
		t.Fatal("want an error")
	}
	if b, _ := os.ReadFile(mine); string(b) != "mine" {
		t.Errorf("brief.md is now %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
		t.Error("data/ was written")
	}
}
