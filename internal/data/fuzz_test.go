package data_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"path/filepath"
	"strconv"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/un-briefs/report/internal/data"
)

func seedFiles(f *testing.F) (brief, csv []byte) {
	return readBase(f)
}

// fuzzFolder is the folder the brief fuzzer's input is loaded in: the CSV
// files of the base brief, the starter and the format reference's examples,
// so that all these briefs load as they are.
func fuzzFolder(t testing.TB) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, archive := range realBriefs(t) {
		for _, f := range txtar.Parse(archive).Files {
			if f.Name != "brief.md" {
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
		}
	}
	return fsys
}

// FuzzLoadBrief loads arbitrary front matter and Markdown: it must never
// panic, and whatever it accepts must load again to the same result. It is
// seeded with whole briefs that load (the base brief, the starter, every
// example of the format reference) and with the brief.md of each damaged
// brief of the corpus, so that mutations start past the front matter.
func FuzzLoadBrief(f *testing.F) {
	for _, archive := range realBriefs(f) {
		for _, file := range txtar.Parse(archive).Files {
			if file.Name == "brief.md" {
				f.Add(file.Data)
			}
		}
	}
	files, _ := filepath.Glob("testdata/bad/*.txtar")
	for _, name := range files {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if file.Name == "brief.md" {
				f.Add(file.Data)
			}
		}
	}
	folder := fuzzFolder(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{"brief.md": {Data: src}}
		for k, v := range folder {
			fsys[k] = v
		}
		b1, err1 := data.Load(fsys, "brief", "brief")
		b2, err2 := data.Load(fsys, "brief", "brief")
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("two loads disagree: %v / %v", err1, err2)
		}
		if err1 == nil && len(b1.Body) != len(b2.Body) {
			t.Fatal("two loads give different bodies")
		}
		for _, e := range data.Errors(err1) {
			if e.Pos.File == "" {
				t.Fatalf("error without a file: %v", e)
			}
			if e.Pos.Line < 0 || e.Pos.Col < 0 || e.Pos.Col > 0 && e.Pos.Line == 0 {
				t.Fatalf("error at an impossible position: %v", e)
			}
		}
	})
}

// encodeValue writes a typed value back as a CSV field.
func encodeValue(v data.Value) string {
	switch {
	case v.Null:
		return ""
	case v.Type == data.Integer:
		return strconv.FormatInt(v.Int, 10)
	case v.Type == data.Number:
		return strconv.FormatFloat(v.Num, 'g', -1, 64)
	case v.Type == data.Date:
		return v.Date.Format("2006-01-02")
	}
	return v.Str
}

// sameValue compares typed values, not how they were written.
func sameValue(a, b data.Value) bool {
	if a.Type != b.Type || a.Null != b.Null {
		return false
	}
	switch {
	case a.Null:
		return true
	case a.Type == data.Integer:
		return a.Int == b.Int
	case a.Type == data.Number:
		return math.Float64bits(a.Num) == math.Float64bits(b.Num)
	case a.Type == data.Date:
		return a.Date.Equal(b.Date)
	}
	return a.Str == b.Str
}

// FuzzLoadCSV loads arbitrary CSV bytes into the base brief's table. What
// loads must make a round trip: its values, written back as CSV with
// encoding/csv and loaded again, are the same values, row by row.
func FuzzLoadCSV(f *testing.F) {
	brief, csvData := seedFiles(f)
	f.Add(csvData)
	f.Add([]byte("day,name,count,share,sure\r\n2020-02-30,\"a\"\"b\",x,NaN,maybe\r\n"))
	f.Add([]byte("\xef\xbb\xbfday,name,count,share,sure\n2020-01-01,=SUM(A1),1,1e308,yes\n2020-01-02,b,2,-0,no\n"))
	f.Add([]byte("day,name,count,share,sure\n2020-01-01,\" spaced, \"\"quoted\"\"\nline\",-9223372036854775808,5e-324,no\n2020-01-02,Zürich,0,,yes\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{"brief.md": {Data: brief}, "data/t.csv": {Data: src}}
		b, err := data.Load(fsys, "brief", "brief")
		if err != nil {
			return
		}
		tb := b.Tables[0]
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		head := make([]string, len(tb.Columns))
		for i, c := range tb.Columns {
			head[i] = c.Name
		}
		w.Write(head)
		for _, r := range tb.Rows {
			if len(r.Values) != len(tb.Columns) {
				t.Fatalf("row %d has %d values", r.Line, len(r.Values))
			}
			rec := make([]string, len(r.Values))
			for i, v := range r.Values {
				rec[i] = encodeValue(v)
			}
			w.Write(rec)
		}
		w.Flush()
		fsys["data/t.csv"] = &fstest.MapFile{Data: out.Bytes()}
		b2, err := data.Load(fsys, "brief", "brief")
		if err != nil {
			t.Fatalf("the values written back do not load: %v\n%s", err, out.Bytes())
		}
		t2 := b2.Tables[0]
		if len(t2.Rows) != len(tb.Rows) {
			t.Fatalf("%d rows, then %d", len(tb.Rows), len(t2.Rows))
		}
		for i, r := range tb.Rows {
			for j, v := range r.Values {
				if w := t2.Rows[i].Values[j]; !sameValue(v, w) {
					t.Fatalf("row %d, column %s: %+v, then %+v", i+1, tb.Columns[j].Name, v, w)
				}
			}
		}
	})
}
