package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/testkit"
	"github.com/un-briefs/report/internal/theme"
)

// oneTable is a brief whose tables are all read from data/t.csv.
func oneTable(t *testing.T, front, csv string, body ...string) *doc.Document {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "brief.md"), []byte("---\n"+front+"---\n\nLead.\n\n"+strings.Join(body, "\n\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data/t.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := data.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return compose.Compose(b, compose.Options{Generator: "report test"})
}

const textTable = "title: T\ndate: 2020-01-01\ntables:\n  - id: t\n    file: data/t.csv\n    caption: C\n    annex: only\n    columns:\n      - {name: a, type: text}\n"

func render(t *testing.T, d *doc.Document) ([]byte, error) {
	t.Helper()
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = xlsx.Render(&buf, d, th)
	return buf.Bytes(), err
}

func mustRender(t *testing.T, d *doc.Document) []byte {
	t.Helper()
	b, err := render(t, d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTableNamesUnique: ids that differ only in characters a table name
// cannot hold gave two tables named T_a_b, and openpyxl refused the file.
func TestTableNamesUnique(t *testing.T) {
	decl := func(id string) string {
		return "  - id: " + id + "\n    file: data/t.csv\n    caption: C\n    annex: only\n    columns:\n      - {name: a, type: text}\n"
	}
	d := oneTable(t, "title: T\ndate: 2020-01-01\ntables:\n"+decl("a-b")+decl("a_b")+decl("a_b_2")+decl("a_b-2"), "a\nx\n")
	bk := openpyxl(t, mustRender(t, d))
	var names []string
	for _, s := range bk.Sheets {
		for name := range bk.Data[s].Tables {
			names = append(names, name)
		}
	}
	if got := strings.Join(names, " "); got != "T_a_b T_a_b_2 T_a_b_2_2 T_a_b_2_3" {
		t.Errorf("table names %s", got)
	}
}

func TestTableName(t *testing.T) {
	used := map[string]bool{}
	long := strings.Repeat("x", 300)
	for _, tc := range []struct{ in, want string }{
		{"tests", "T_tests"},
		{"Tests", "T_Tests_2"},
		{"é-1", "T___1"},
		{long, "T_" + strings.Repeat("x", 253)},
		{long, "T_" + strings.Repeat("x", 251) + "_2"},
	} {
		if got := xlsx.TableName(tc.in, used); got != tc.want {
			t.Errorf("TableName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDatesBefore1900: Excel's dates start in 1900. Earlier dates were
// written as Go's time text ("1850-03-01T00:00:00Z"); they are now ISO 8601
// text that sorts in date order, and the Notes sheet says so. 1900 dates
// stay dates, across Excel's fictitious 29 February 1900.
func TestDatesBefore1900(t *testing.T) {
	front := strings.Replace(textTable, "type: text", "type: date", 1)
	d := oneTable(t, front, "a\n1850-03-01\n0001-01-01\n1899-12-31\n1900-01-01\n1900-02-28\n1900-03-01\n9999-12-31\n")
	bk := openpyxl(t, mustRender(t, d))
	rows := bk.Data["t"].Rows
	want := []struct{ v, typ string }{
		{"1850-03-01", "str"}, {"0001-01-01", "str"}, {"1899-12-31", "str"},
		{"1900-01-01T00:00:00", "datetime"}, {"1900-02-28T00:00:00", "datetime"}, {"1900-03-01T00:00:00", "datetime"}, {"9999-12-31T00:00:00", "datetime"},
	}
	for i, w := range want {
		if c := rows[i+1][0]; c.V != w.v || c.T != w.typ {
			t.Errorf("row %d: %+v, want %s %q", i+2, c, w.typ, w.v)
		}
	}
	notes, _ := json.Marshal(bk.Data["Notes"].Rows)
	if !strings.Contains(string(notes), "dates before 1900 are text (YYYY-MM-DD)") {
		t.Error("the Notes sheet does not say that early dates are text")
	}
	// A column without such dates does not carry the remark.
	d = oneTable(t, front, "a\n1950-03-01\n")
	notes, _ = json.Marshal(openpyxl(t, mustRender(t, d)).Data["Notes"].Rows)
	if strings.Contains(string(notes), "before 1900") {
		t.Error("the remark on early dates is on a column without them")
	}
}

// TestBuildDateRange: a build date (from SOURCE_DATE_EPOCH or the brief)
// outside what a zip entry or a document property holds. Year 10000 made an
// annex openpyxl could not open, year 3000 wrapped the zip dates to 2047.
func TestBuildDateRange(t *testing.T) {
	for _, tc := range []struct {
		build, zip time.Time
		created    string
	}{
		{time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2106, 2, 7, 6, 28, 14, 0, time.UTC), "3000-01-01"},
		{time.Unix(253402300800, 0).UTC(), time.Date(2106, 2, 7, 6, 28, 14, 0, time.UTC), "9999-12-31"}, // 10000-01-01
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), "0001-01-01"},
		{time.Date(1850, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), "1850-06-01"},
		{time.Date(2107, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2106, 2, 7, 6, 28, 14, 0, time.UTC), "2107-01-01"},
		{time.Date(2017, 10, 3, 12, 0, 0, 0, time.UTC), time.Date(2017, 10, 3, 12, 0, 0, 0, time.UTC), "2017-10-03"},
	} {
		t.Run(tc.build.Format("2006-01-02"), func(t *testing.T) {
			d := oneTable(t, textTable, "a\nx\n")
			d.Meta.BuildDate = tc.build
			b := mustRender(t, d)
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				// The extended timestamp (Unix seconds) and the MS-DOS fields.
				dosYear := 1980 + int(f.ModifiedDate>>9)
				if !f.Modified.Equal(tc.zip) || dosYear != tc.zip.Year() {
					t.Fatalf("%s dated %v (MS-DOS year %d), want %v", f.Name, f.Modified, dosYear, tc.zip)
				}
			}
			if bk := openpyxl(t, b); !strings.HasPrefix(bk.Created, tc.created) {
				t.Errorf("created %q, want %s", bk.Created, tc.created)
			}
		})
	}
}

// TestLongPrintHeader: a title and a caption longer together than the 255
// characters of Excel's print header failed the build with excelize's error
// and no position. They are cut with "…", never inside an escaped "&&".
func TestLongPrintHeader(t *testing.T) {
	for _, tc := range []struct{ title, caption string }{
		{strings.Repeat("Title & more ", 20), strings.Repeat("Caption ", 30)},
		{"Short & sweet", strings.Repeat("&", 300)},
		{strings.Repeat("😀", 200), "Short"},
		{strings.Repeat("T", 121), strings.Repeat("C", 121)},
	} {
		d := oneTable(t, textTable, "a\nx\n")
		d.Meta.Title, d.Tables[0].Caption = tc.title, tc.caption
		b := mustRender(t, d)
		left, right := printHeader(t, b)
		for _, part := range []struct{ got, full string }{{left, tc.title}, {right, tc.caption}} {
			if part.got != part.full && !(strings.HasSuffix(part.got, "…") && strings.HasPrefix(part.full, strings.TrimSuffix(part.got, "…"))) {
				t.Errorf("header part %q is not %q or its start", part.got, part.full)
			}
		}
		if n := len(utf16.Encode([]rune(strings.ReplaceAll(left+right, "&", "&&")))) + len(`&L&"-,Bold"&R`); n > 255 {
			t.Errorf("header of %d characters", n)
		}
		// The shorter part keeps its whole text when it takes less than half.
		if len(tc.title) < 60 && left != tc.title || len(tc.caption) < 60 && right != tc.caption {
			t.Errorf("a short part was cut: %q / %q", left, right)
		}
	}
}

// printHeader returns the print header's left and right texts as openpyxl
// reads them (with "&&" read back as "&").
func printHeader(t *testing.T, b []byte) (string, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "annex.xlsx")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	py := testkit.Python(t, "openpyxl")
	out, err := exec.Command(py, "-c", `import json, sys, openpyxl
h = openpyxl.load_workbook(sys.argv[1]).worksheets[0].oddHeader
print(json.dumps([h.left.text, h.right.text]))`, file).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var lr []string
	if err := json.Unmarshal(out, &lr); err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(lr[0], "&&", "&"), strings.ReplaceAll(lr[1], "&&", "&")
}

// TestLongCellRefused: excelize cuts a text longer than 32,767 characters
// silently. The loader refuses it for annex tables with its position; should
// one reach the renderer all the same, the annex fails naming the cell.
func TestLongCellRefused(t *testing.T) {
	front := strings.Replace(textTable, "annex: only", "annex: false", 1)
	for _, long := range []string{strings.Repeat("x", 32768), strings.Repeat("😀", 16384)} {
		d := oneTable(t, front, "a\n"+long+"\n", "{{table t}}")
		d.Tables[0].Annex = true
		_, err := render(t, d)
		if err == nil || !strings.Contains(err.Error(), "table t, column a: the text is 32768 characters") {
			t.Errorf("err = %v", err)
		}
	}
	// At the limit, the cell is whole.
	long := strings.Repeat("😀", 16383) + "x"
	d := oneTable(t, textTable, "a\n"+long+"\n")
	if c := openpyxl(t, mustRender(t, d)).Data["t"].Rows[1][0]; c.V != long {
		t.Errorf("a cell at the limit was changed (%d characters)", len(c.V.(string)))
	}
}

// TestExcelPrecision: Excel keeps 15 significant digits. A whole number
// past 15 digits became a number Excel rounds (9223372036854775807 shows as
// 9223372036854770000): it is now its digits as text. A number with more
// digits was cut by excelize (123456789.123456789 to 123456789.123456); it is
// now rounded as Excel rounds (123456789.123457). The Notes sheet says so.
func TestExcelPrecision(t *testing.T) {
	front := "title: T\ndate: 2020-01-01\ntables:\n  - id: t\n    file: data/t.csv\n    caption: C\n    annex: only\n    columns:\n      - {name: i, type: integer}\n      - {name: n, type: number, decimals: 2}\n"
	d := oneTable(t, front, "i,n\n9223372036854775807,123456789.123456789\n-1000000000000000,0.1\n999999999999999,2.5\n")
	bk := openpyxl(t, mustRender(t, d))
	rows := bk.Data["t"].Rows
	for i, w := range []struct {
		typ string
		v   any
	}{{"str", "9223372036854775807"}, {"float", 123456789.123457}, {"str", "-1000000000000000"}, {"float", 0.1}, {"int", 999999999999999.0}, {"float", 2.5}} {
		c := rows[1+i/2][i%2]
		if c.T != w.typ || c.V != w.v {
			t.Errorf("row %d column %d: %s %v, want %s %v", 2+i/2, 1+i%2, c.T, c.V, w.typ, w.v)
		}
	}
	notes, _ := json.Marshal(bk.Data["Notes"].Rows)
	for _, want := range []string{"whole numbers of more than 15 digits are text", "numbers are rounded to 15 significant digits"} {
		if !strings.Contains(string(notes), want) {
			t.Errorf("the Notes sheet lacks %q", want)
		}
	}
	// Values that Excel holds exactly carry no remark.
	d = oneTable(t, front, "i,n\n999999999999999,0.1\n")
	notes, _ = json.Marshal(openpyxl(t, mustRender(t, d)).Data["Notes"].Rows)
	if strings.Contains(string(notes), "15 digits") || strings.Contains(string(notes), "15 significant") {
		t.Errorf("a remark on exact values: %s", notes)
	}
}

// TestControlCharactersRefused: XML cannot hold most control characters,
// and excelize wrote "�" in their place. The loader refuses them in annex
// tables with their position; the annex refuses them if one gets through.
func TestControlCharactersRefused(t *testing.T) {
	front := strings.Replace(textTable, "annex: only", "annex: false", 1)
	for _, s := range []string{"a\x01b", "a\x0bb", "a\x1f", "\ufffe", "x\uffff"} {
		d := oneTable(t, front, "a\n\""+s+"\"\n", "{{table t}}")
		d.Tables[0].Annex = true
		if _, err := render(t, d); err == nil || !strings.Contains(err.Error(), "table t, column a: the text holds the character U+") {
			t.Errorf("%q: err = %v", s, err)
		}
	}
	// Tab, line breaks, DEL and U+FFFD are kept.
	keep := "a\tb\nc\rd\x7f\ufffd"
	d := oneTable(t, textTable, "a\n\""+keep+"\"\n")
	if c := openpyxl(t, mustRender(t, d)).Data["t"].Rows[1][0]; c.V != keep {
		t.Errorf("read back %q, want %q", c.V, keep)
	}
}
