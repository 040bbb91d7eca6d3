package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/testkit"
)

// editBrief rewrites a file of a brief's copy; each replacement must apply once.
func editBrief(t *testing.T, file string, repl ...string) {
	t.Helper()
	b, err := os.ReadFile(file)
	must(t, err)
	s := string(b)
	for i := 0; i+1 < len(repl); i += 2 {
		if strings.Count(s, repl[i]) != 1 {
			t.Fatalf("%s: %q occurs %d times", file, repl[i], strings.Count(s, repl[i]))
		}
		s = strings.Replace(s, repl[i], repl[i+1], 1)
	}
	must(t, os.WriteFile(file, []byte(s), 0o644))
}

// TestBuildSince builds the bundled brief as a baseline, then a copy with a
// row added, a distance revised and the title changed, --since the
// baseline's output folder; it reads the box back with pdftotext and the
// annex with openpyxl, and runs report diff.
func TestBuildSince(t *testing.T) {
	t.Parallel()
	wd := t.TempDir()
	brief := filepath.Join(wd, "nk-2017")
	copyTree(t, "../../briefs/nk-2017", brief)
	keys := []string{"    annex: true\n", "    annex: true\n    key: [date, type]\n", "    annex: only\n", "    annex: only\n    key: [resolution]\n"}
	editBrief(t, filepath.Join(brief, "brief.md"), keys...)
	if code, out, errs := runIn(wd, nil, "build", "-q", "-o", "base", "nk-2017"); code != 0 {
		t.Fatalf("baseline: exit %d\n%s%s", code, out, errs)
	}
	plain, err := os.ReadFile(filepath.Join(wd, "base", "nk-2017.pdf"))
	must(t, err)

	editBrief(t, filepath.Join(brief, "brief.md"), "title: Russia’s Position", "title: Moscow’s Position", "date: 2017-10-03", "date: 2017-10-20")
	editBrief(t, filepath.Join(brief, "data", "tests.csv"), "2017-05-14,Hwasong-12,1,790,", "2017-05-14,Hwasong-12,1,800,")
	f, err := os.OpenFile(filepath.Join(brief, "data", "tests.csv"), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	f.WriteString("2017-10-10,Hwasong-15,1,950,success,probable\n")
	f.Close()

	// Another title is another brief unless --force.
	code, _, errs := runIn(wd, nil, "build", "-q", "-o", "new", "--since", "base", "nk-2017")
	if code != 1 || !strings.Contains(errs, "titled") || !strings.Contains(errs, "--force") {
		t.Fatalf("other title: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(wd, "new", "nk-2017.pdf")); err == nil {
		t.Error("a refused build wrote its PDF")
	}
	if code, out, errs := runIn(wd, nil, "build", "-q", "-o", "new", "--since", "base", "--force", "nk-2017"); code != 0 {
		t.Fatalf("--since --force: exit %d\n%s%s", code, out, errs)
	}
	pdfFile := filepath.Join(wd, "new", "nk-2017.pdf")
	out, err := exec.Command(testkit.Need(t, "pdftotext"), "-f", "1", "-l", "1", pdfFile, "-").Output()
	must(t, err)
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, w := range []string{
		"Edition 2 · 20 October 2017", // the masthead: the baseline had no edition number, so it was the first
		"What changed since 3 October 2017",
		"Title changed (“Russia’s Position on the North Korea Crisis” → “Moscow’s Position on the North Korea Crisis”)",
		"1 distance revised (14 May: 790 → 800 km)",
		"1 test added (10 October)",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("page 1 lacks %q:\n%s", w, text)
		}
	}
	all, err := exec.Command("pdftotext", pdfFile, "-").Output()
	must(t, err)
	for _, w := range []string{"10 October†", "800‡", "†new in this edition", "‡revised since 3 October 2017; earlier: 14 May, distance 790 km"} {
		if !bytes.Contains(all, []byte(w)) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	if bytes.Contains(plain, []byte("What changed")) {
		t.Error("the baseline, built without --since, has a box of changes")
	}

	// The annex: a Changes sheet with typed values, a Change column.
	py := testkit.Python(t, "openpyxl")
	script := `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def rows(ws):
    return [[c.value.isoformat() if hasattr(c.value, "isoformat") else c.value for c in r] for r in ws.iter_rows()]
print(json.dumps({"sheets": wb.sheetnames, "hidden": [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"],
                  "changes": rows(wb["Changes"]), "tests": rows(wb["tests"])}))
`
	js, err := exec.Command(py, "-c", script, filepath.Join(wd, "new", "nk-2017.xlsx")).Output()
	must(t, err)
	var bk struct {
		Sheets  []string
		Hidden  []string
		Changes [][]any
		Tests   [][]any
	}
	must(t, json.Unmarshal(js, &bk))
	if strings.Join(bk.Sheets, ",") != "tests,resolutions,Charts,Notes,Changes,_edition" {
		t.Errorf("sheets %v", bk.Sheets)
	}
	if strings.Join(bk.Hidden, ",") != "_edition" {
		t.Errorf("hidden sheets %v, want the edition record's only", bk.Hidden)
	}
	want := `[["Kind","Table","Key","Column","Old value","New value"],` +
		`["front matter",null,"title",null,"Russia’s Position on the North Korea Crisis","Moscow’s Position on the North Korea Crisis"],` +
		`["revised","tests","2017-05-14, Hwasong-12","Distance (km)",790,800],` +
		`["added","tests","2017-10-10, Hwasong-15",null,null,null]]`
	if got, _ := json.Marshal(bk.Changes); string(got) != want {
		t.Errorf("Changes sheet:\n%s\nwant:\n%s", got, want)
	}
	head := bk.Tests[0]
	if head[len(head)-1] != "Change" {
		t.Errorf("tests header %v", head)
	}
	marks := map[string]any{}
	for _, r := range bk.Tests[1:] {
		marks[r[0].(string)[:10]] = r[len(r)-1]
	}
	if marks["2017-05-14"] != "revised" || marks["2017-10-10"] != "new" || marks["2017-02-12"] != nil || len(marks) != 15 {
		t.Errorf("Change column %v", marks)
	}

	// report diff: text, JSON, and the exit status.
	code, stdout, errs := runIn(wd, nil, "diff", "--force", "--format=json", "base", "nk-2017")
	if code != 1 {
		t.Fatalf("diff: exit %d\n%s", code, errs)
	}
	var d struct {
		Changed bool
		Counts  map[string]int
	}
	must(t, json.Unmarshal([]byte(stdout), &d))
	if !d.Changed || d.Counts["added"] != 1 || d.Counts["revised"] != 1 || d.Counts["front matter"] != 1 {
		t.Errorf("diff JSON %s", stdout)
	}
	if code, stdout, errs := runIn(wd, nil, "diff", "new/nk-2017.xlsx", "nk-2017"); code != 0 || !strings.Contains(stdout, "Nothing changed") {
		t.Errorf("diff with its own edition: exit %d\n%s%s", code, stdout, errs)
	}
	if code, _, errs := runIn(wd, nil, "diff", "missing.xlsx", "nk-2017"); code != 2 || !strings.Contains(errs, "missing.xlsx") {
		t.Errorf("diff with a missing baseline: exit %d\n%s", code, errs)
	}

	// The same input gives the same bytes, --since included.
	if code, out, errs := runIn(wd, nil, "build", "-q", "-o", "again", "--since", "base", "--force", "nk-2017"); code != 0 {
		t.Fatalf("again: exit %d\n%s%s", code, out, errs)
	}
	for _, name := range []string{"nk-2017.pdf", "nk-2017.xlsx"} {
		a, _ := os.ReadFile(filepath.Join(wd, "new", name))
		b, _ := os.ReadFile(filepath.Join(wd, "again", name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestMailSince mails editions built --since the one sent before: the
// summary lists the changes, and --only-changed skips an edition in which
// nothing changed as the comparison sees it, though its bytes differ.
func TestMailSince(t *testing.T) {
	s := startSMTP(t, "store", nil, false)
	t.Setenv("SOURCE_DATE_EPOCH", "")
	wd := t.TempDir()
	brief := filepath.Join(wd, "nk-2017")
	copyTree(t, "../../briefs/nk-2017", brief)
	editBrief(t, filepath.Join(brief, "brief.md"), "    annex: true\n", "    annex: true\n    key: [date, type]\n")
	out := filepath.Join(wd, "out")
	if code, _, errs := runArgs(t, "build", "-q", "-o", out, brief); code != 0 {
		t.Fatal(errs)
	}
	copyTree(t, out, filepath.Join(wd, "sent"))
	mailArgs := append(mailArgs(s, out, "--insecure", "--only-changed"), brief)
	if code, stdout, errs := runArgs(t, mailArgs...); code != 0 || len(s.log(t)) != 1 {
		t.Fatalf("first edition: exit %d, %d sent\n%s%s", code, len(s.log(t)), stdout, errs)
	}

	// Nothing changed: new bytes (the box says so), but nothing to send.
	if code, _, errs := runArgs(t, "build", "-q", "-o", out, "--since", filepath.Join(wd, "sent"), brief); code != 0 {
		t.Fatal(errs)
	}
	if code, stdout, errs := runArgs(t, mailArgs...); code != 0 || len(s.log(t)) != 1 || !strings.Contains(stdout, "skipped nk-2017") {
		t.Errorf("unchanged edition: exit %d, %d sent\n%s%s", code, len(s.log(t)), stdout, errs)
	}

	// A distance revised: sent, and the summary says so.
	editBrief(t, filepath.Join(brief, "data", "tests.csv"), "2017-05-14,Hwasong-12,1,790,", "2017-05-14,Hwasong-12,1,800,")
	if code, _, errs := runArgs(t, "build", "-q", "-o", out, "--since", filepath.Join(wd, "sent"), brief); code != 0 {
		t.Fatal(errs)
	}
	if code, stdout, errs := runArgs(t, mailArgs...); code != 0 || len(s.log(t)) != 2 {
		t.Fatalf("changed edition: exit %d, %d sent\n%s%s", code, len(s.log(t)), stdout, errs)
	}
	raw, err := os.ReadFile(filepath.Join(s.dir, "2.eml"))
	must(t, err)
	_, text, _, _ := parts(t, raw)
	if want := "What changed since 3 October 2017: 1 distance revised (14 May: 790 → 800 km)."; !strings.Contains(text, want) {
		t.Errorf("the summary lacks %q:\n%s", want, text)
	}
}
