package data_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/data"
)

// budgetBrief writes a brief with tables of the given columns and rows,
// generated here rather than committed. place lists the tables set in the
// body; the others go to the annex only.
func budgetBrief(t *testing.T, tables []struct{ cols, rows int }, place map[int]bool) string {
	t.Helper()
	dir := t.TempDir()
	var fm, body strings.Builder
	fm.WriteString("---\ntitle: Budget\ndate: 2020-01-01\ntables:\n")
	for i, tb := range tables {
		id := "t" + strconv.Itoa(i)
		annex := "only"
		if place[i] {
			annex = "true"
			body.WriteString("{{table " + id + "}}\n\n")
		}
		fm.WriteString("  - id: " + id + "\n    file: " + id + ".csv\n    caption: T\n    source: test.\n    annex: " + annex + "\n    columns:\n")
		var header, row []string
		for c := range tb.cols {
			fm.WriteString("      - {name: c" + strconv.Itoa(c) + ", type: integer}\n")
			header = append(header, "c"+strconv.Itoa(c))
			row = append(row, strconv.Itoa(c))
		}
		f, err := os.Create(filepath.Join(dir, id+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		line := strings.Join(row, ",") + "\n"
		var b strings.Builder
		b.WriteString(strings.Join(header, ",") + "\n")
		for range tb.rows {
			b.WriteString(line)
		}
		f.WriteString(b.String())
		f.Close()
	}
	fm.WriteString("---\n\nThe lead.\n\n")
	if err := os.WriteFile(filepath.Join(dir, "brief.md"), []byte(fm.String()+body.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCellBudget: a 54 MB CSV of 64 columns × 200k rows took 127 s and
// 4.4 GB. The brief's tables now hold at most data.MaxCells values, and
// reading stops when the budget is spent.
func TestCellBudget(t *testing.T) {
	rows := data.MaxCells/64/2 + 1
	dir := budgetBrief(t, []struct{ cols, rows int }{{64, rows}, {64, rows}}, nil)
	_, err := data.LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), "t1.csv:"+strconv.Itoa(data.MaxCells/64-rows+2)+":1: the brief's tables hold more than 2000000 values") {
		t.Errorf("err = %v", err)
	}
	// At the budget, the brief loads.
	dir = budgetBrief(t, []struct{ cols, rows int }{{64, data.MaxCells / 64}}, nil)
	if _, err := data.LoadDir(dir); err != nil {
		t.Error(err)
	}
}

// TestBodyRows: the tables placed in the PDF hold at most data.MaxBodyRows
// rows together (200k rows made 5,406 pages in 23 s).
func TestBodyRows(t *testing.T) {
	half := data.MaxBodyRows/2 + 1
	dir := budgetBrief(t, []struct{ cols, rows int }{{1, half}, {1, half}}, map[int]bool{0: true, 1: true})
	_, err := data.LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), "brief.md:25:1: body: the tables placed in the body hold more than 100000 rows together") {
		t.Errorf("err = %v", err)
	}
}

// TestDataBytes: the brief's CSV files together hold at most
// data.MaxDataBytes.
func TestDataBytes(t *testing.T) {
	dir := budgetBrief(t, []struct{ cols, rows int }{{1, 1}, {1, 1}}, nil)
	// Pad both files with spaces in the last field, to over half the budget each.
	for _, name := range []string{"t0.csv", "t1.csv"} {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("c0\n")
		for range data.MaxDataBytes/2/(32<<10) + 1 {
			f.WriteString("\"" + strings.Repeat(" ", 32<<10) + "\"\n")
		}
		f.Close()
	}
	_, err := data.LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), "tables.t1.file: the brief's CSV files total more than 67108864 bytes") {
		t.Errorf("err = %v", err)
	}
}
