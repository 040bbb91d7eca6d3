package xlsx_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/testkit"
	"github.com/un-briefs/report/internal/theme"
)

// fuzzBrief declares one annex table of every column type over data/t.csv.
const fuzzBrief = `---
title: Fuzz & <annex>
date: 2020-01-01
tables:
  - id: t-1
    file: data/t.csv
    caption: Every type
    annex: only
    notes:
      - {id: star, marker: "*", text: "doubtful & <uncertain>"}
    columns:
      - name: t
        type: text
        display:
          - when: {e: b}
            note: star
      - {name: i, type: integer}
      - {name: n, type: number, decimals: 2}
      - {name: d, type: date}
      - {name: e, type: enum, values: {a: Alpha, b: "B & <b>"}}
---

Lead.
`

const fuzzHeader = "t,i,n,d,e\n"

// reader is one openpyxl process that reads annexes named on its stdin, so
// that each fuzz input costs a read, not an interpreter start.
type reader struct {
	mu  sync.Mutex
	in  io.WriteCloser
	out *bufio.Reader
	dir string
}

var (
	readerOnce sync.Once
	shared     *reader
	readerErr  error
)

func openpyxlReader(t *testing.T) *reader {
	t.Helper()
	py := testkit.Python(t, "openpyxl")
	readerOnce.Do(func() {
		dir, err := os.MkdirTemp("", "annexfuzz")
		if err != nil {
			readerErr = err
			return
		}
		cmd := exec.Command(py, "testdata/readback.py")
		in, _ := cmd.StdinPipe()
		out, _ := cmd.StdoutPipe()
		if readerErr = cmd.Start(); readerErr == nil {
			// The process ends when the test binary does: its stdin closes.
			shared = &reader{in: in, out: bufio.NewReaderSize(out, 1<<20), dir: dir}
		}
	})
	if readerErr != nil {
		t.Fatal(readerErr)
	}
	return shared
}

type readBack struct {
	Sheets map[string][][][2]any `json:"sheets"`
	Error  string                `json:"error"`
}

func (r *reader) read(t *testing.T, b []byte) readBack {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	file := filepath.Join(r.dir, "annex.xlsx")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Fprintln(r.in, file); err != nil {
		t.Fatal(err)
	}
	line, err := r.out.ReadBytes('\n')
	if err != nil {
		t.Fatalf("openpyxl reader: %v", err)
	}
	var rb readBack
	if err := json.Unmarshal(line, &rb); err != nil {
		t.Fatal(err)
	}
	return rb
}

// want is what openpyxl should read for a cell: its Python type and value.
func want(v doc.Value, col doc.Column) (string, any) {
	if v.Null {
		return "NoneType", nil
	}
	switch v.Kind {
	case doc.Integer:
		// Past 15 digits, Excel would round: the annex keeps the digits as text.
		if v.Int > 999_999_999_999_999 || v.Int < -999_999_999_999_999 {
			return "str", strconv.FormatInt(v.Int, 10)
		}
		return "int", strconv.FormatInt(v.Int, 10)
	case doc.Number:
		// Rounded to the 15 significant digits Excel keeps.
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v.Num, 'g', 15, 64), 64)
		return "float", r
	case doc.Date:
		if v.Date.Year() < 1900 {
			return "str", v.Date.Format("2006-01-02")
		}
		return "datetime", v.Date.Format("2006-01-02T15:04:05")
	case doc.Enum:
		for _, ev := range col.Values {
			if ev.Key == v.Str {
				return "str", ev.Label
			}
		}
	}
	return "str", v.Str
}

// unescapeX decodes OOXML's _xHHHH_ escapes as Excel and LibreOffice do;
// openpyxl leaves them in the text of inline strings. excelize writes a text
// such as "_x0041_" as "_x005F_x0041_", which Excel reads back as "_x0041_".
func unescapeX(s string) string {
	return escapeRE.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 16)
		return string(rune(n))
	})
}

var escapeRE = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// FuzzAnnex: CSV data that the loader accepts goes to the annex, and openpyxl
// reads back every cell with its type and value unchanged: no input makes an
// annex that a reader refuses or that loses data silently. A plain "go test"
// runs the seeds; .ci/run fuzzes REPORT_FUZZ_ANNEX inputs (default 300).
func FuzzAnnex(f *testing.F) {
	for _, seed := range []string{
		"plain,1,1.5,2020-01-01,a\n",
		"\"Doe, John\",-9223372036854775808,0.1,1850-03-01,b\n,,,,\n",
		"  spaced  ,9223372036854775807,1e300,0001-01-01,a\n",
		"=SUM(A1),0,-0,1900-01-01,b\n@x,1,123456789.123456789,1900-02-28,a\n",
		"\"line\r\nbreak\",2,2.5,1900-03-01,a\n",
		"\"_x0041_ & <b> \"\"q\"\"\",3,3,9999-12-31,b\n",
		"tab\there,4,4,2020-02-29,a\n",
		"😀 astral é,5,5,2020-01-01,a\n",
		"ctl\x01\x0b\x1f\x7f,6,6,2020-01-01,a\n",
		"\ufffe\uffff\u2028 ,7,7,2020-01-01,b\n",
		"\"\r\",8,8,2020-01-01,b\n",
	} {
		f.Add([]byte(seed))
	}
	th, err := theme.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fsys := fstest.MapFS{"brief.md": {Data: []byte(fuzzBrief)}, "data/t.csv": {Data: append([]byte(fuzzHeader), body...)}}
		b, err := data.Load(fsys, "brief", "brief")
		if err != nil {
			return // refused with positions: nothing reaches the annex
		}
		d := compose.Compose(b, compose.Options{Generator: "report fuzz"})
		var buf bytes.Buffer
		if err := xlsx.Render(&buf, d, th); err != nil {
			t.Fatalf("the loader accepted data the annex refuses: %v", err)
		}
		rb := openpyxlReader(t).read(t, buf.Bytes())
		if rb.Error != "" {
			t.Fatalf("openpyxl cannot open the annex: %s", rb.Error)
		}
		tab := d.Tables[0]
		rows := rb.Sheets["t-1"]
		if len(rows) > len(tab.Rows)+1 {
			t.Fatalf("openpyxl reads %d rows, want a header and %d", len(rows), len(tab.Rows))
		}
		for i, r := range tab.Rows {
			var got [][2]any // openpyxl does not see empty rows at the end
			if i+1 < len(rows) {
				got = rows[i+1]
			}
			for j, c := range r {
				typ, val := want(c.Value, tab.Columns[j])
				if j >= len(got) {
					if typ != "NoneType" {
						t.Fatalf("row %d, column %s: missing, want %s %q", i+2, tab.Columns[j].Name, typ, val)
					}
					continue
				}
				gt, gv := got[j][0], got[j][1]
				// openpyxl reads a whole number stored in a cell as an int.
				if f, ok := val.(float64); ok && (gt == "float" || gt == "int") {
					g, err := strconv.ParseFloat(gv.(string), 64)
					if err == nil && (g == f || g == 0 && f == 0) {
						continue
					}
				} else if s, ok := gv.(string); ok && gt == "str" && typ == "str" {
					// Read as Excel reads it.
					if unescapeX(s) == val {
						continue
					}
				} else if gt == typ && gv == val {
					continue
				}
				t.Fatalf("row %d, column %s: openpyxl reads %s %q, want %s %q", i+2, tab.Columns[j].Name, gt, gv, typ, val)
			}
			// A row whose cell carries the note has the note's text in
			// the Notes column after the data.
			noted := false
			for _, c := range r {
				noted = noted || c.Note != ""
			}
			if noted {
				n := len(tab.Columns)
				if len(got) <= n || got[n][0] != "str" || !strings.Contains(got[n][1].(string), "doubtful & <uncertain>") {
					t.Fatalf("row %d: the Notes column lacks the note: %v", i+2, got)
				}
			}
		}
	})
}
