package data_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/data"
)

func seedFiles(f *testing.F) (brief, csv []byte) {
	brief, err := os.ReadFile("testdata/base/brief.md")
	if err != nil {
		f.Fatal(err)
	}
	csv, err = os.ReadFile("testdata/base/data/t.csv")
	if err != nil {
		f.Fatal(err)
	}
	return brief, csv
}

// FuzzLoadBrief loads arbitrary front matter and Markdown: it must never
// panic, and whatever it accepts must load again to the same result.
func FuzzLoadBrief(f *testing.F) {
	brief, csv := seedFiles(f)
	f.Add(brief)
	files, _ := filepath.Glob("testdata/bad/*.txtar")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{"brief.md": {Data: src}, "data/t.csv": {Data: csv}}
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
		}
	})
}

// FuzzLoadCSV loads arbitrary CSV bytes into the base brief's table.
func FuzzLoadCSV(f *testing.F) {
	brief, csv := seedFiles(f)
	f.Add(csv)
	f.Add([]byte("day,name,count,share,sure\r\n2020-02-30,\"a\"\"b\",x,NaN,maybe\r\n"))
	f.Add([]byte("\xef\xbb\xbfday,name,count,share,sure\n2020-01-01,=SUM(A1),1,1e308,yes\n2020-01-02,b,2,-0,no\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{"brief.md": {Data: brief}, "data/t.csv": {Data: src}}
		b, err := data.Load(fsys, "brief", "brief")
		if err == nil {
			for _, r := range b.Tables[0].Rows {
				if len(r.Values) != len(b.Tables[0].Columns) {
					t.Fatalf("row %d has %d values", r.Line, len(r.Values))
				}
			}
		}
	})
}
