package data

import (
	"strconv"
	"strings"
)

// Budgets of one brief, across all its tables, so that the largest brief
// the loader accepts builds within 2 GiB and 60 s on two cores. The
// measurements behind them are in docs/limits.md.
const (
	MaxCells     = 2_000_000 // values in all tables
	MaxDataBytes = 64 << 20  // all CSV files together
	MaxBodyRows  = 100_000   // rows of the tables placed in the PDF
)

// csvBudget returns how many rows table t may still read: the loader's row
// limit, or fewer when the brief's cell budget is nearly spent. budget is
// set when the cell budget is the tighter one.
func (l *loader) csvBudget(t *Table) (rows int, budget bool) {
	rows = l.lim.MaxRows
	if left := (MaxCells - l.cells) / max(len(t.Columns), 1); left < rows {
		return max(left, 0), true
	}
	return rows, false
}

// spend records the cells and bytes of a table read; when the cell budget
// stopped the reading, it rewords the row-limit error that parseCSV gave.
func (l *loader) spend(t *Table, errs ErrorList, budget bool) {
	l.cells += len(t.Rows) * len(t.Columns)
	if !budget {
		return
	}
	for _, e := range errs {
		if strings.HasPrefix(e.Msg, "more than ") && strings.HasSuffix(e.Msg, " rows") {
			e.Msg = "the brief's tables hold more than " + strconv.Itoa(MaxCells) + " values (rows × columns, all tables together); see docs/limits.md"
		}
	}
}

// dataBytes checks the brief's CSV files against MaxDataBytes before each
// is read.
func (l *loader) dataBytes(d *tableDecl, size int64) bool {
	l.bytes += size
	if l.bytes > MaxDataBytes {
		l.errs.Add(d.filePos, "tables."+d.t.ID+".file", "the brief's CSV files total more than %d bytes; see docs/limits.md", MaxDataBytes)
		return false
	}
	return true
}

// checkBodyRows bounds the rows of the tables the PDF sets: each row is
// laid out, and 100,000 rows make a PDF of about 2,700 pages.
func (l *loader) checkBodyRows() {
	rows := map[string]int{}
	for _, t := range l.b.Tables {
		rows[t.ID] = len(t.Rows)
	}
	n := 0
	var walk func(bs []Block) bool
	walk = func(bs []Block) bool {
		for _, b := range bs {
			if b.Kind == Place && b.RefKind == "table" {
				n += rows[b.Ref]
				if n > MaxBodyRows {
					l.errs.Add(b.Pos, "body", "the tables placed in the body hold more than %d rows together; place large tables in the annex only (annex: only); see docs/limits.md", MaxBodyRows)
					return false
				}
			}
			if !walk(b.Children) {
				return false
			}
		}
		return true
	}
	walk(l.b.Body)
}
