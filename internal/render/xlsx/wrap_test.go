package xlsx_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/un-briefs/report/internal/testkit"
)

// wrapInfo reads, with openpyxl, each sheet's column widths, and for every
// text cell its length, whether it wraps, and its row's height.
const wrapInfo = `
import json, sys, openpyxl
from openpyxl.utils import get_column_letter
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    if ws.sheet_state != "visible" or not ws.tables:
        continue  # the tables' sheets; the Notes sheet is laid out apart
    cells = []
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, str):
                w = ws.column_dimensions[get_column_letter(c.column)].width
                h = ws.row_dimensions[c.row].height
                cells.append({"len": len(c.value), "wrap": bool(c.alignment.wrap_text), "width": w, "height": h or 0, "v": c.value})
    out[ws.title] = cells
print(json.dumps(out))
`

type wrapCell struct {
	Len    int     `json:"len"`
	Wrap   bool    `json:"wrap"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	V      string  `json:"v"`
}

// TestLongCellsWrap: text longer than its column wraps, in a column no
// wider than the theme's cap, in a row tall enough for its lines. The
// "measures" column was 80 characters wide, unwrapped, and cut when printed.
func TestLongCellsWrap(t *testing.T) {
	_, b := build(t, "../../../briefs/nk-2017")
	py := testkit.Python(t, "openpyxl")
	dir := t.TempDir()
	file := filepath.Join(dir, "annex.xlsx")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", wrapInfo, file).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var sheets map[string][]wrapCell
	if err := json.Unmarshal(out, &sheets); err != nil {
		t.Fatal(err)
	}
	long := 0
	for name, cells := range sheets {
		for _, c := range cells {
			if c.Width > 50.01 {
				t.Errorf("%s: column %.0f wide, over the theme's 50", name, c.Width)
			}
			if float64(c.Len) > c.Width {
				long++
				if !c.Wrap {
					t.Errorf("%s: %q (%d characters) in a column %.0f wide does not wrap", name, c.V, c.Len, c.Width)
				}
				if lines := float64(c.Len) / c.Width; c.Height < 15*lines {
					t.Errorf("%s: row of %q is %.0f pt high, under %.1f lines", name, c.V, c.Height, lines)
				}
			}
		}
	}
	if long == 0 {
		t.Fatal("no cell is longer than its column: the test proves nothing")
	}

	// Printed by LibreOffice, fitted to the page's width, every long cell
	// is there whole.
	lo := testkit.Need(t, "libreoffice")
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	text, err := exec.Command(testkit.Need(t, "pdftotext"), filepath.Join(dir, "annex.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	printed := squeeze(string(text))
	for _, cells := range sheets {
		for _, c := range cells {
			if float64(c.Len) > c.Width && !strings.Contains(printed, squeeze(c.V)) {
				t.Errorf("printed annex lacks %q", c.V)
			}
		}
	}
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, s)
}

// TestTwoNotesInACell: a cell with two notes lists both notes' texts in the
// Notes column; it showed the joined markers "*†".
func TestTwoNotesInACell(t *testing.T) {
	front := "title: T\ndate: 2020-01-01\ntables:\n  - id: t\n    file: data/t.csv\n    caption: C\n    annex: only\n" +
		"    notes:\n      - {id: a, marker: \"*\", text: first note}\n      - {id: b, marker: \"†\", text: second note}\n" +
		"    columns:\n      - name: x\n        type: text\n        display:\n          - {when: {x: both}, note: a}\n          - {when: {x: both}, note: b}\n"
	d := oneTable(t, front, "x\nboth\nnone\n")
	b := mustRender(t, d)
	bk := openpyxl(t, b)
	rows := bk.Data["t"].Rows
	if len(rows) < 2 {
		t.Fatalf("rows %v", rows)
	}
	var got []string
	for _, c := range rows[1] {
		if s, ok := c.V.(string); ok {
			got = append(got, s)
		}
	}
	joined := strings.Join(got, " | ")
	if !strings.Contains(joined, "*first note") || !strings.Contains(joined, "†second note") {
		t.Errorf("row 1 reads %q; want both notes' texts", joined)
	}
}
