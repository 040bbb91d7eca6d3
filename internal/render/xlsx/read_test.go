package xlsx_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/theme"
)

// TestReadBack writes the bundled brief's annex, reads it back with Read and
// finds every typed value, the tables' ids and the edition record.
func TestReadBack(t *testing.T) {
	d, b := build(t, "../../../briefs/nk-2017")
	a, err := xlsx.Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != d.Meta.Title || !a.Record || a.ID != "nk-2017" || !a.Date.Equal(time.Date(2017, 10, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("read title %q, record %v, id %q, date %v", a.Title, a.Record, a.ID, a.Date)
	}
	secs := doc.Sections(d)
	if len(a.Sections) != len(secs) || len(secs) < 5 {
		t.Fatalf("%d sections read, %d written", len(a.Sections), len(secs))
	}
	for i, s := range secs {
		if a.Sections[i].Heading != s.Heading || a.Sections[i].Hash != s.Hash() {
			t.Errorf("section %d: read %+v, want %q %s", i, a.Sections[i], s.Heading, s.Hash())
		}
	}
	if secs[0].Heading != "" || !strings.HasPrefix(secs[0].Text, "North Korea’s missile") {
		t.Errorf("the first section is not the lead: %+v", secs[0])
	}
	n := 0
	for _, dt := range d.Tables {
		if !dt.Annex {
			continue
		}
		n++
		at := a.Table(dt.ID)
		if at == nil {
			t.Fatalf("table %s not read back", dt.ID)
		}
		if len(at.Columns) != len(dt.Columns) || len(at.Rows) != len(dt.Rows) {
			t.Fatalf("%s: %d columns, %d rows read; %d, %d written", dt.ID, len(at.Columns), len(at.Rows), len(dt.Columns), len(dt.Rows))
		}
		for j, c := range dt.Columns {
			ac := at.Columns[j]
			if ac.Name != c.Name || ac.Label != c.Label || ac.Kind != c.Kind || ac.Unit != c.Unit || ac.Hidden != c.Hidden || len(ac.Values) != len(c.Values) {
				t.Errorf("%s column %d read as %+v, written %+v", dt.ID, j, ac, c)
			}
		}
		for i, r := range dt.Rows {
			for j, c := range r {
				if !same(c.Value, at.Rows[i][j]) {
					t.Errorf("%s row %d column %s: read %+v, written %+v", dt.ID, i+1, dt.Columns[j].Name, at.Rows[i][j], c.Value)
				}
			}
		}
	}
	if n != 2 || len(a.Tables) != 2 {
		t.Errorf("%d annex tables, %d read", n, len(a.Tables))
	}
}

func same(a, b doc.Value) bool {
	if a.Null || b.Null {
		return a.Null == b.Null
	}
	switch a.Kind {
	case doc.Date:
		return a.Date.Equal(b.Date)
	case doc.Integer:
		return a.Int == b.Int
	case doc.Number:
		return a.Num == b.Num
	}
	return a.Str == b.Str
}

// TestReadRefuses reads workbooks that are not annexes as written.
func TestReadRefuses(t *testing.T) {
	if _, err := xlsx.Read(strings.NewReader("not a zip")); err == nil {
		t.Error("read a text file as an annex")
	}
	_, b := build(t, "../../../briefs/nk-2017")
	edit := func(fn func(f *excelize.File) error) []byte {
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := fn(f); err != nil {
			t.Fatal(err)
		}
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, c := range []struct {
		name string
		fn   func(f *excelize.File) error
		want string
	}{
		{"column inserted by hand", func(f *excelize.File) error { return f.InsertCols("tests", "A", 1) }, `column 1 is headed ""`},
		{"no record and no Notes sheet", func(f *excelize.File) error {
			if err := f.DeleteSheet("_edition"); err != nil {
				return err
			}
			return f.DeleteSheet("Notes")
		}, "no Notes sheet"},
		{"text in a number column", func(f *excelize.File) error { return f.SetCellStr("tests", "D2", "far") }, `tests!D2: "far" is not a whole number`},
	} {
		_, err := xlsx.Read(bytes.NewReader(edit(c.fn)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// TestChangesSheet writes a document with changes and reads the Changes
// sheet and the Change column with openpyxl.
func TestChangesSheet(t *testing.T) {
	d, _ := build(t, "../../../briefs/nk-2017")
	tests := d.Tables[0]
	tests.Change = make([]string, len(tests.Rows))
	tests.Change[6] = doc.RowRevised
	tests.Change[13] = doc.RowNew
	d.Changes = []doc.Change{
		{Kind: doc.RowAdded, Table: "tests", Key: "2017-09-15, Hwasong-12"},
		{Kind: doc.CellRevised, Table: "tests", Key: "2017-05-14, Hwasong-12", Column: "Distance (km)",
			Old: doc.Value{Kind: doc.Integer, Int: 700}, New: doc.Value{Kind: doc.Integer, Int: 790}, OldText: "700", NewText: "790"},
		{Kind: doc.CellRevised, Table: "tests", Key: "2017-03-22, Hwasong-10", Column: "Date",
			Old: doc.Value{Kind: doc.Date, Date: time.Date(2017, 3, 21, 0, 0, 0, 0, time.UTC)}, New: doc.Value{Kind: doc.Date, Date: time.Date(2017, 3, 22, 0, 0, 0, 0, time.UTC)}},
		{Kind: doc.FieldChanged, Key: "title", OldText: "Old title", NewText: d.Meta.Title},
	}
	th, _ := theme.Default()
	var buf bytes.Buffer
	if err := xlsx.Render(&buf, d, th); err != nil {
		t.Fatal(err)
	}
	bk := openpyxl(t, buf.Bytes())
	if strings.Join(bk.Sheets, ",") != "tests,resolutions,Charts,Notes,Changes,_edition" {
		t.Fatalf("sheets %v", bk.Sheets)
	}
	ch := bk.Data["Changes"].Rows
	if len(ch) != 5 {
		t.Fatalf("%d rows in Changes", len(ch))
	}
	js, _ := json.Marshal(ch[0])
	for _, w := range []string{"Kind", "Table", "Key", "Column", "Old value", "New value"} {
		if !strings.Contains(string(js), w) {
			t.Errorf("Changes header lacks %q: %s", w, js)
		}
	}
	if r := ch[2]; r[0].V != "revised" || r[3].V != "Distance (km)" || r[4].T != "int" || r[4].V != 700.0 || r[5].V != 790.0 {
		t.Errorf("revised distance row %+v", r)
	}
	if r := ch[3]; r[4].T != "datetime" || r[4].V != "2017-03-21T00:00:00" {
		t.Errorf("revised date row %+v", r)
	}
	if r := ch[4]; r[0].V != "front matter" || r[4].V != "Old title" {
		t.Errorf("title row %+v", r)
	}
	rows := bk.Data["tests"].Rows
	if h := rows[0][len(rows[0])-1].V; h != "Change" {
		t.Errorf("last heading %v", h)
	}
	for i, r := range rows[1:] {
		want := any(nil)
		switch i {
		case 6:
			want = "revised"
		case 13:
			want = "new"
		}
		if got := r[len(r)-1].V; got != want {
			t.Errorf("row %d change %v, want %v", i+2, got, want)
		}
		if i == 2 && r[6].V != "*unconfirmed" {
			t.Errorf("the Notes column moved: %+v", r)
		}
	}
	// The annex with changes reads back as a baseline: the Change column and
	// the Changes sheet are not data.
	a, err := xlsx.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Table("tests").Rows) != 14 {
		t.Errorf("%d rows read back", len(a.Table("tests").Rows))
	}
}

// TestReadBackPolish reads back the annex of a Polish brief, whose Notes
// sheet is in Polish: the edition record is the same in every language.
func TestReadBackPolish(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nk-2017")
	if err := os.CopyFS(dir, os.DirFS("../../../briefs/nk-2017")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "brief.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(src, []byte("lang: en-GB"), []byte("lang: pl"), 1), 0o644)
	d, b := build(t, dir)
	if d.Meta.Lang != "pl" {
		t.Fatalf("lang %q", d.Meta.Lang)
	}
	a, err := xlsx.Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "nk-2017" || len(a.Tables) != 2 || len(a.Table("tests").Rows) != 14 || a.Table("tests").Rows[6][3].Int != 790 {
		t.Errorf("read %q, %d tables", a.ID, len(a.Tables))
	}
}

// TestReadLegacy reads an annex written before the edition record: its
// English Notes sheet types the cells, and the sheet names are the ids.
func TestReadLegacy(t *testing.T) {
	d, b := build(t, "../../../briefs/nk-2017")
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteSheet("_edition"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	a, err := xlsx.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if a.Record || a.Title != d.Meta.Title || a.DateText != "3 October 2017" || len(a.Tables) != 2 {
		t.Fatalf("legacy read: record %v, title %q, date %q, %d tables", a.Record, a.Title, a.DateText, len(a.Tables))
	}
	tests := a.Table("tests")
	for i, r := range d.Tables[0].Rows {
		for j, c := range r {
			if !same(c.Value, tests.Rows[i][j]) {
				t.Errorf("row %d column %d: read %+v, written %+v", i+1, j, tests.Rows[i][j], c.Value)
			}
		}
	}
}

// TestScanMatchesExcelize reads annexes with the fast scanner and with
// excelize's streaming reader, and gets the same tables: text with markup
// characters, leading spaces, control characters and formulas as text
// included; a sheet the scanner does not read (shared strings) falls back.
func TestScanMatchesExcelize(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nk-2017")
	if err := os.CopyFS(dir, os.DirFS("../../../briefs/nk-2017")); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "data", "tests.csv")
	src, _ := os.ReadFile(csv)
	src = append(src, []byte("2017-10-01,\"a & b <c> \"\"q\"\" 'x'\",1,5,success,confirmed\n2017-10-02,  padded =SUM(A1),1,6,success,confirmed\n2017-10-03,\"two\nlines\",1,7,success,confirmed\n2017-10-04,tab\there,1,8,success,confirmed\n")...)
	os.WriteFile(csv, src, 0o644)
	_, b := build(t, dir)
	before := xlsx.Scanned()
	read := func(b []byte, stream bool) *xlsx.Annex {
		xlsx.SetStreamOnly(stream)
		defer xlsx.SetStreamOnly(false)
		a, err := xlsx.Read(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	fast, slow := read(b, false), read(b, true)
	if n := xlsx.Scanned() - before; n != 2 {
		t.Fatalf("the scanner read %d sheets, want 2", n)
	}
	if !reflect.DeepEqual(fast, slow) {
		for i, r := range fast.Table("tests").Rows {
			if !reflect.DeepEqual(r, slow.Table("tests").Rows[i]) {
				t.Errorf("row %d: scanned %+v\nexcelize %+v", i+1, r, slow.Table("tests").Rows[i])
			}
		}
		t.Fatal("the scanner and excelize read different annexes")
	}
	if got := fast.Table("tests").Rows[14][1].Str; got != `a & b <c> "q" 'x'` {
		t.Errorf("markup characters read as %q", got)
	}
	// Saved by excelize with a string in the shared strings table, as Excel
	// saves: the scanner gives way to excelize.
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr("tests", "B2", "Pukguksong-2"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	if resaved := read(buf.Bytes(), false); !reflect.DeepEqual(resaved.Table("tests").Rows, slow.Table("tests").Rows) {
		t.Error("a re-saved annex reads differently")
	}
}
