package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/manifest"
	"github.com/un-briefs/report/internal/testkit"
	"github.com/un-briefs/report/templates"
)

// briefCopies copies the bundled brief n times into dir as b1, b2, …
func briefCopies(t *testing.T, dir string, n int) []string {
	t.Helper()
	var dirs []string
	for i := 1; i <= n; i++ {
		d := filepath.Join(dir, "b"+string(rune('0'+i)))
		copyTree(t, "../../briefs/nk-2017", d)
		dirs = append(dirs, d)
	}
	return dirs
}

func runArgs(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := exitCode(runHere(context.Background(), args, &stdout, &stderr), &stderr)
	return code, stdout.String(), stderr.String()
}

// must fails the test on an error it cannot go on from.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// runHere runs the command in the test's working directory and environment.
func runHere(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	return run(ctx, args, os.Getenv, wd, stdout, stderr)
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func TestParallelSameBytes(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	tmp := t.TempDir()
	dirs := briefCopies(t, tmp, 3)
	o1, o3 := filepath.Join(tmp, "o1"), filepath.Join(tmp, "o3")
	if code, _, errs := runArgs(t, append([]string{"build", "-q", "-j", "1", "-o", o1}, dirs...)...); code != 0 {
		t.Fatalf("-j 1: exit %d\n%s", code, errs)
	}
	if code, _, errs := runArgs(t, append([]string{"build", "-q", "-j", "3", "-o", o3}, dirs...)...); code != 0 {
		t.Fatalf("-j 3: exit %d\n%s", code, errs)
	}
	a, b := readDir(t, o1), readDir(t, o3)
	if len(a) != 7 {
		t.Errorf("%d files, want 3 PDFs, 3 annexes and a manifest", len(a))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between -j 1 and -j 3", name)
		}
	}
	var m manifest.Manifest
	if err := json.Unmarshal(a["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Briefs) != 3 {
		t.Fatalf("manifest lists %d briefs", len(m.Briefs))
	}
	for _, e := range m.Briefs {
		for _, o := range e.Outputs {
			if o.SHA256 != manifest.SHA256(a[o.Name]) || o.Bytes != len(a[o.Name]) {
				t.Errorf("manifest entry %s does not match the file", o.Name)
			}
		}
		if len(e.Inputs) != 3 || e.BuildDate != "2017-10-03T00:00:00Z" {
			t.Errorf("manifest entry %+v", e)
		}
	}
}

func TestSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	tmp := t.TempDir()
	dirs := briefCopies(t, tmp, 1)
	out := filepath.Join(tmp, "out")
	if code, _, errs := runArgs(t, "build", "-q", "-o", out, dirs[0]); code != 0 {
		t.Fatal(errs)
	}
	pdf, _ := os.ReadFile(filepath.Join(out, "b1.pdf"))
	// The Info dictionary may sit in a compressed object stream; the XMP
	// metadata of a PDF/A is plain text.
	if !bytes.Contains(pdf, []byte("/CreationDate (D:202311")) && !bytes.Contains(pdf, []byte("<xmp:CreateDate>2023-11-14T")) {
		t.Error("PDF CreationDate is not in November 2023")
	}
	// Under CI=true a missing pdfinfo fails the test instead of skipping the check.
	info, err := exec.Command(testkit.Need(t, "pdfinfo"), filepath.Join(out, "b1.pdf")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "Nov 14") || !strings.Contains(string(info), "2023") {
		t.Errorf("pdfinfo:\n%s", info)
	}
}

func TestCheck(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	tmp := t.TempDir()
	dirs := briefCopies(t, tmp, 2)
	out := filepath.Join(tmp, "out")
	if code, _, errs := runArgs(t, append([]string{"build", "-q", "-o", out}, dirs...)...); code != 0 {
		t.Fatal(errs)
	}
	before := readDir(t, out)
	if code, stdout, errs := runArgs(t, append([]string{"build", "--check", "-o", out}, dirs...)...); code != 0 {
		t.Fatalf("check on current outputs: exit %d\n%s%s", code, stdout, errs)
	}
	csv := filepath.Join(dirs[1], "data", "tests.csv")
	b, _ := os.ReadFile(csv)
	must(t, os.WriteFile(csv, bytes.Replace(b, []byte(",3700,"), []byte(",3750,"), 1), 0o644))
	code, stdout, _ := runArgs(t, append([]string{"build", "--check", "-o", out}, dirs...)...)
	if code != 1 || !strings.Contains(stdout, "stale") || !strings.Contains(stdout, "b2.pdf") || strings.Contains(stdout, "b1.pdf") {
		t.Errorf("check after a CSV change: exit %d\n%s", code, stdout)
	}
	after := readDir(t, out)
	for name := range before {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("--check changed %s", name)
		}
	}
	// A second build reports the unchanged brief.
	code, stdout, errs := runArgs(t, append([]string{"build", "-o", out}, dirs...)...)
	if code != 0 || !strings.Contains(stdout, "unchanged b1") || !strings.Contains(stdout, "built 1, failed 0, unchanged 1") {
		t.Errorf("rebuild: exit %d\n%s%s", code, stdout, errs)
	}
}

func TestBatchWithBadBrief(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	tmp := t.TempDir()
	dirs := briefCopies(t, tmp, 3)
	out := filepath.Join(tmp, "out")
	if code, _, errs := runArgs(t, append([]string{"build", "-q", "-o", out}, dirs...)...); code != 0 {
		t.Fatal(errs)
	}
	before := readDir(t, out)
	// Damage b2, and change b1 and b3 so that they are rebuilt.
	must(t, os.WriteFile(filepath.Join(dirs[1], "data", "tests.csv"), []byte("date,type\n2017-02-30,x\n"), 0o644))
	for _, d := range []string{dirs[0], dirs[2]} {
		p := filepath.Join(d, "brief.md")
		b, _ := os.ReadFile(p)
		must(t, os.WriteFile(p, bytes.Replace(b, []byte("title: Russia’s"), []byte("title: Moscow’s"), 1), 0o644))
	}
	code, stdout, stderr := runArgs(t, append([]string{"build", "-o", out}, dirs...)...)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stdout, "built 2, failed 1, unchanged 0") {
		t.Errorf("summary:\n%s", stdout)
	}
	if !strings.Contains(stderr, "b2/data/tests.csv:1:6: header:") {
		t.Errorf("stderr:\n%s", stderr)
	}
	after := readDir(t, out)
	for _, name := range []string{"b2.pdf", "b2.xlsx"} {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("the bad brief's earlier %s changed", name)
		}
	}
	for _, name := range []string{"b1.pdf", "b3.pdf"} {
		if bytes.Equal(before[name], after[name]) {
			t.Errorf("%s was not rebuilt", name)
		}
	}
	for name := range after {
		if strings.Contains(name, ".tmp") {
			t.Errorf("temporary file left behind: %s", name)
		}
	}
	var m manifest.Manifest
	json.Unmarshal(after["manifest.json"], &m)
	if len(m.Briefs) != 3 {
		t.Errorf("manifest lost the failed brief's entry: %d entries", len(m.Briefs))
	}
}

func TestShardsAndMerge(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	tmp := t.TempDir()
	dirs := briefCopies(t, tmp, 5)
	built := 0
	var manifests []string
	for k := 1; k <= 2; k++ {
		out := filepath.Join(tmp, "shard"+string(rune('0'+k)))
		if code, _, errs := runArgs(t, append([]string{"build", "-q", "--shard", string(rune('0'+k)) + "/2", "-o", out}, dirs...)...); code != 0 {
			t.Fatal(errs)
		}
		m, _ := manifest.Read(filepath.Join(out, "manifest.json"))
		built += len(m.Briefs)
		manifests = append(manifests, filepath.Join(out, "manifest.json"))
	}
	if built != 5 {
		t.Errorf("the two shards built %d briefs, want 5", built)
	}
	merged := filepath.Join(tmp, "manifest.json")
	if code, _, errs := runArgs(t, append([]string{"manifest", "merge", "-o", merged}, manifests...)...); code != 0 {
		t.Fatal(errs)
	}
	m, _ := manifest.Read(merged)
	if len(m.Briefs) != 5 || m.Briefs[0].ID != "b1" || m.Briefs[4].ID != "b5" {
		t.Errorf("merged manifest: %+v", m.Briefs)
	}
}

func TestInterrupted(t *testing.T) {
	tmp := t.TempDir()
	dirs := briefCopies(t, tmp, 2)
	out := filepath.Join(tmp, "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	if err := runHere(ctx, append([]string{"build", "-o", out}, dirs...), &stdout, &stderr); err == nil {
		t.Error("a cancelled build succeeded")
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 0 {
		t.Errorf("a cancelled build wrote %d files", len(entries))
	}
}

// TestThemes builds with a theme folder given by --theme and by the brief's
// theme: key; both change the page and number the headings.
func TestThemes(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	pdfinfo := testkit.Need(t, "pdfinfo")
	pdftotext := testkit.Need(t, "pdftotext")
	tmp := t.TempDir()
	dirs := briefCopies(t, tmp, 2)
	base, err := templates.FS.ReadFile("default/theme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	letter := strings.NewReplacer("size: A4", "size: Letter", "heading_numbers: false", "heading_numbers: true").Replace(string(base))
	themeDir := filepath.Join(tmp, "house")
	must(t, os.MkdirAll(themeDir, 0o755))
	must(t, os.WriteFile(filepath.Join(themeDir, "theme.yaml"), []byte(letter), 0o644))
	// The second brief names a theme folder of its own.
	must(t, os.MkdirAll(filepath.Join(dirs[1], "style"), 0o755))
	must(t, os.WriteFile(filepath.Join(dirs[1], "style", "theme.yaml"), []byte(letter), 0o644))
	p := filepath.Join(dirs[1], "brief.md")
	b, _ := os.ReadFile(p)
	must(t, os.WriteFile(p, bytes.Replace(b, []byte("lang: en-GB\n"), []byte("lang: en-GB\ntheme: style\n"), 1), 0o644))

	out := filepath.Join(tmp, "out")
	if code, _, errs := runArgs(t, "build", "-q", "--theme", themeDir, "-o", out, dirs[0]); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := runArgs(t, "build", "-q", "-o", out, dirs[1]); code != 0 {
		t.Fatal(errs)
	}
	for _, id := range []string{"b1", "b2"} {
		file := filepath.Join(out, id+".pdf")
		info, _ := exec.Command(pdfinfo, file).Output()
		if !strings.Contains(string(info), "(letter)") {
			t.Errorf("%s is not on Letter paper", id)
		}
		text, _ := exec.Command(pdftotext, file, "-").Output()
		if !strings.Contains(string(text), "1 North Korea Crisis") || !strings.Contains(string(text), "5 Conclusions") {
			t.Errorf("%s: headings are not numbered", id)
		}
	}
	// A theme that does not exist is an error for that brief.
	if code, _, errs := runArgs(t, "build", "-q", "--theme", filepath.Join(tmp, "nope"), "-o", out, dirs[0]); code != 1 || !strings.Contains(errs, "theme folder") {
		t.Errorf("missing theme: exit %d\n%s", code, errs)
	}
}
