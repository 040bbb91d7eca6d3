package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/testkit"
	"github.com/un-briefs/report/internal/theme"
)

func build(t testing.TB, dir string) (*doc.Document, []byte) {
	t.Helper()
	b, err := data.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	d := compose.Compose(b, compose.Options{Generator: "report test"})
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsx.Render(&buf, d, th); err != nil {
		t.Fatal(err)
	}
	return d, buf.Bytes()
}

type cell struct {
	V   any    `json:"v"`
	T   string `json:"t"`
	Fmt string `json:"fmt"`
	DT  string `json:"dt"`
}

type sheet struct {
	Rows        [][]cell          `json:"rows"`
	Freeze      string            `json:"freeze"`
	Tables      map[string]string `json:"tables"`
	Autofilter  *string           `json:"autofilter"`
	HeaderBold  bool              `json:"header_bold"`
	Charts      int               `json:"charts"`
	Landscape   string            `json:"landscape"`
	PrintTitles string            `json:"print_titles"`
}

type book struct {
	Sheets  []string         `json:"sheets"`
	Title   string           `json:"title"`
	Creator string           `json:"creator"`
	Created string           `json:"created"`
	Data    map[string]sheet `json:"data"`
}

// openpyxl reads the workbook with Debian's openpyxl, an independent reader.
func openpyxl(t *testing.T, b []byte) book {
	t.Helper()
	py := testkit.Python(t, "openpyxl")
	file := filepath.Join(t.TempDir(), "annex.xlsx")
	os.WriteFile(file, b, 0o644)
	out, err := exec.Command(py, "testdata/read.py", file).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var bk book
	if err := json.Unmarshal(out, &bk); err != nil {
		t.Fatal(err)
	}
	return bk
}

func TestBundledAnnex(t *testing.T) {
	_, b := build(t, "../../../briefs/nk-2017")
	bk := openpyxl(t, b)
	if bk.Title != "Russia’s Position on the North Korea Crisis" || bk.Creator != "report test" || !strings.HasPrefix(bk.Created, "2017-10-03") {
		t.Errorf("properties: %q %q %q", bk.Title, bk.Creator, bk.Created)
	}
	if strings.Join(bk.Sheets, ",") != "tests,resolutions,Charts,Notes,_edition" {
		t.Errorf("sheets %v", bk.Sheets)
	}
	s := bk.Data["tests"]
	if len(s.Rows) != 15 {
		t.Fatalf("%d rows, want a header and 14 tests", len(s.Rows))
	}
	head := []string{}
	for _, c := range s.Rows[0] {
		head = append(head, c.V.(string))
	}
	if got := strings.Join(head, "|"); got != "Date|Type|Quantity|Distance (km)|Outcome|Identification|Notes" {
		t.Errorf("header %s", got)
	}
	if !s.HeaderBold || s.Freeze != "A2" || s.Tables["T_tests"] != "A1:G15" || s.Charts != 0 || bk.Data["Charts"].Charts != 1 || s.PrintTitles != "$1:$1" {
		t.Errorf("header bold %v, freeze %q, tables %v, charts %d, print titles %q", s.HeaderBold, s.Freeze, s.Tables, s.Charts, s.PrintTitles)
	}
	failed := 0
	for i, r := range s.Rows[1:] {
		if r[0].T != "datetime" || r[0].Fmt != "d mmmm yyyy" {
			t.Errorf("row %d date %+v", i+2, r[0])
		}
		if r[2].T != "int" {
			t.Errorf("row %d quantity %+v", i+2, r[2])
		}
		if r[4].V == "Failed attempt" {
			failed++
			if r[3].V != nil {
				t.Errorf("row %d: a failed attempt with distance %v", i+2, r[3].V)
			}
		} else if r[4].V == "Launched" && r[3].T != "int" {
			t.Errorf("row %d distance %+v", i+2, r[3])
		}
		for _, c := range r {
			if c.DT == "f" {
				t.Errorf("row %d holds a formula %v", i+2, c.V)
			}
		}
	}
	if failed != 3 {
		t.Errorf("%d failed attempts, want 3", failed)
	}
	if r := s.Rows[3]; r[0].V != "2017-03-22T00:00:00" || r[1].V != "Hwasong-10" || r[6].V != "*unconfirmed" {
		t.Errorf("22 March row %+v", r)
	}
	notes, _ := json.Marshal(bk.Data["Notes"].Rows)
	for _, want := range []string{"S/2017/742", "*unconfirmed", "SHA-256 data/tests.csv", "report test", "distance_km", "unit: km"} {
		if !bytes.Contains(notes, []byte(want)) && !strings.Contains(string(notes), want) {
			t.Errorf("Notes sheet lacks %q", want)
		}
	}
}

func TestChartReferencesCells(t *testing.T) {
	_, b := build(t, "../../../briefs/nk-2017")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			rc, _ := f.Open()
			var buf bytes.Buffer
			buf.ReadFrom(rc)
			rc.Close()
			x := html.UnescapeString(buf.String())
			found = true
			for _, want := range []string{"'tests'!$A$2:$A$15", "'tests'!$D$2:$D$15", `<varyColors val="0">`, `<auto val="0">`} {
				if !strings.Contains(x, want) {
					t.Errorf("chart XML lacks %s", want)
				}
			}
		}
	}
	if !found {
		t.Error("no native chart")
	}
}

func TestDeterministic(t *testing.T) {
	_, a := build(t, "../../../briefs/nk-2017")
	for i := 0; i < 5; i++ {
		if _, b := build(t, "../../../briefs/nk-2017"); !bytes.Equal(a, b) {
			t.Fatal("two builds differ")
		}
	}
}

func TestFormulaTextStaysText(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "brief.md"), []byte("---\ntitle: T\ndate: 2020-01-01\ntables:\n  - id: t\n    file: data/t.csv\n    caption: C\n    annex: only\n    columns:\n      - {name: a, type: text}\n      - {name: b, type: integer}\n---\n\nLead.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "data/t.csv"), []byte("a,b\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1\n@SUM(A1),2\n\"=cmd|' /C calc'!A0\",3\n"), 0o644)
	_, b := build(t, dir)
	bk := openpyxl(t, b)
	rows := bk.Data["t"].Rows
	want := []string{`=HYPERLINK("http://x","y")`, "@SUM(A1)", "=cmd|' /C calc'!A0"}
	for i, w := range want {
		c := rows[i+1][0]
		if c.V != w || c.DT == "f" {
			t.Errorf("row %d: %+v, want the text %q", i+2, c, w)
		}
	}
}

func TestSheetName(t *testing.T) {
	used := map[string]bool{}
	for _, tc := range []struct{ in, want string }{
		{"tests", "tests"},
		{"Tests", "Tests (2)"},
		{"a/b:c*d?e[f]g\\h", "a_b_c_d_e_f_g_h"},
		{strings.Repeat("x", 40), strings.Repeat("x", 31)},
		{strings.Repeat("x", 40), strings.Repeat("x", 27) + " (2)"},
	} {
		if got := xlsx.SheetName(tc.in, used); got != tc.want {
			t.Errorf("SheetName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLibreOfficeOpens(t *testing.T) {
	lo := testkit.Need(t, "libreoffice")
	_, b := build(t, "../../../briefs/nk-2017")
	dir := t.TempDir()
	file := filepath.Join(dir, "annex.xlsx")
	os.WriteFile(file, b, 0o644)
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "csv", "--outdir", dir, file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "annex.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csv), "Hwasong-10") || !strings.Contains(string(csv), "Failed attempt") {
		t.Errorf("LibreOffice read:\n%s", csv)
	}
}

func TestNumbersKeepDecimals(t *testing.T) {
	_, b := build(t, "../../data/testdata/base")
	rows := openpyxl(t, b).Data["t"].Rows
	if c := rows[1][3]; c.T != "float" || c.V != 0.5 || c.Fmt != "#,##0.0" {
		t.Errorf("share %+v, want 0.5 with one decimal", c)
	}
	if c := rows[3][3]; c.V != nil {
		t.Errorf("an empty number is %+v, want an empty cell", c)
	}
	if c := rows[2][5]; c.V != "*doubtful" {
		t.Errorf("notes column %+v", c)
	}
}
