package data_test

import (
	"bytes"
	"flag"
	"github.com/un-briefs/report/internal/testkit"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/un-briefs/report/internal/data"
)

var update = flag.Bool("update", false, "rewrite golden files")

// unescape turns \x00, \xfe and \xff in archive text into bytes.
func unescape(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte(`\x00`), []byte{0})
	b = bytes.ReplaceAll(b, []byte(`\xfe`), []byte{0xfe})
	return bytes.ReplaceAll(b, []byte(`\xff`), []byte{0xff})
}

// applyArchive lays the archive's changes over the brief in dir; it returns
// the expected errors.
func applyArchive(t *testing.T, dir string, ar *txtar.Archive) string {
	t.Helper()
	want := ""
	for _, f := range ar.Files {
		kind, name, ok := strings.Cut(f.Name, ":")
		switch {
		case f.Name == "want":
			kind = "want"
		case !ok:
			kind, name = "file", f.Name
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if kind != "want" {
			os.MkdirAll(filepath.Dir(p), 0o755)
		}
		switch kind {
		case "want":
			want = string(f.Data)
		case "file":
			if err := os.WriteFile(p, unescape(f.Data), 0o644); err != nil {
				t.Fatal(err)
			}
		case "symlink":
			os.Remove(p)
			if err := os.Symlink(strings.TrimSpace(string(f.Data)), p); err != nil {
				t.Fatal(err)
			}
		case "fifo":
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
		case "dir":
			os.Remove(p)
			os.MkdirAll(p, 0o755)
		case "remove":
			os.Remove(p)
		case "big":
			var b bytes.Buffer
			b.WriteString("day,name,count,share,sure\n2020-01-01,")
			for cell := bytes.TrimSpace(f.Data); b.Len() < 10<<20+100; {
				b.Write(cell)
			}
			b.WriteString(",1,1,yes\n")
			os.WriteFile(p, b.Bytes(), 0o644)
		case "rows":
			var b bytes.Buffer
			b.WriteString("day,name,count,share,sure\n")
			for i := 0; i <= testMaxRows; i++ {
				b.WriteString("2020-01-01,x,1,1,yes\n")
			}
			os.WriteFile(p, b.Bytes(), 0o644)
		default:
			t.Fatalf("unknown archive member kind %q", kind)
		}
	}
	return want
}

const testMaxRows = 1000

func loadDir(dir string) (*data.Brief, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return data.LoadLimits(root.FS(), "brief", "brief", data.Limits{MaxRows: testMaxRows})
}

// TestBase checks what the loader makes of a small brief: typed values,
// empty cells, positions, the chart's declaration, footnotes and input hashes.
func TestBase(t *testing.T) {
	b, err := loadDir("testdata/base")
	if err != nil {
		t.Fatal(err)
	}
	if b.Meta.Title != "A Test Brief" || b.Meta.Date.Format("2006-01-02") != "2020-02-29" || len(b.Meta.Authors) != 1 || b.Meta.Authors[0] != "A. Analyst" {
		t.Errorf("meta: %+v", b.Meta)
	}
	if len(b.Tables) != 1 || len(b.Charts) != 1 || len(b.Notes) != 1 {
		t.Fatalf("loaded %d tables, %d charts, %d notes", len(b.Tables), len(b.Charts), len(b.Notes))
	}
	tb := b.Tables[0]
	var types []string
	for _, c := range tb.Columns {
		types = append(types, c.Name+":"+string(c.Type))
	}
	if got := strings.Join(types, " "); got != "day:date name:text count:integer share:number sure:enum" {
		t.Errorf("columns: %s", got)
	}
	if !tb.Columns[4].Hidden || tb.Columns[3].Decimals != 1 || len(tb.Columns[1].Display) != 1 {
		t.Errorf("column keys lost: %+v", tb.Columns)
	}
	if len(tb.Rows) != 3 {
		t.Fatalf("%d rows", len(tb.Rows))
	}
	r := tb.Rows[1].Values
	if r[0].Date.Format("2006-01-02") != "2020-01-02" || r[1].Str != "Beta" || r[2].Int != 2 || r[3].Num != 1.5 || r[4].Str != "no" {
		t.Errorf("row 2: %+v", r)
	}
	if !tb.Rows[2].Values[3].Null || tb.Rows[2].Values[2].Null {
		t.Error("the empty share of row 3 is not null, or its count is")
	}
	if p := tb.Rows[1].Values[2].Pos; p.File != "brief/data/t.csv" || p.Line != 3 || p.Col != 17 {
		t.Errorf("position of row 2's count: %+v", p)
	}
	c := b.Charts[0]
	if c.ID != "c" || c.Table != "t" || c.X != "day" || c.Y != "count" || c.Caption != "Counts" {
		t.Errorf("chart: %+v", c)
	}
	if n := b.Notes[0]; n.Name != "1" || len(n.Blocks) != 1 {
		t.Errorf("footnote: %+v", n)
	}
	if len(b.Files) != 2 || b.Files[0].Name != "brief.md" || b.Files[1].Name != "data/t.csv" || len(b.Files[1].SHA256) != 64 {
		t.Errorf("files: %+v", b.Files)
	}
}

// TestBadInput loads each damaged brief of testdata/bad and compares the
// errors with the archive's golden "want" section.
func TestBadInput(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.txtar")
	if len(files) < 40 {
		t.Errorf("only %d bad inputs; the corpus should hold at least 40", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS("testdata/base")); err != nil {
				t.Fatal(err)
			}
			want := applyArchive(t, dir, ar)
			_, err = loadDir(dir)
			got := ""
			if err != nil {
				got = data.FormatText(data.Errors(err), func(name string) ([]byte, error) {
					return os.ReadFile(filepath.Join(dir, strings.TrimPrefix(name, "brief/")))
				})
			}
			if *update {
				testkit.UpdateGolden(t, file, ar, "want", got)
				return
			}
			if got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
			if strings.HasPrefix(name, "ok-") {
				if err != nil {
					t.Errorf("want no error, got %v", err)
				}
			} else if err == nil {
				t.Errorf("want an error, got none")
			}
		})
	}
}
