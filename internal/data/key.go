package data

import (
	"strconv"
	"strings"
)

// checkKey checks that a table's key names declared columns, each once.
func (l *loader) checkKey(t *Table, path string) {
	seen := map[string]bool{}
	for i, k := range t.Key {
		f := path + ".key[" + strconv.Itoa(i) + "]"
		switch {
		case seen[k]:
			l.errs.Add(t.KeyPos, f, "column %q is named twice", k)
		case t.Index(k) < 0:
			l.errs.Add(t.KeyPos, f, "unknown column %q%s", k, didYouMean(k, t))
		}
		seen[k] = true
	}
}

// KeyIndexes returns the indexes of the key's columns, or nil when the table
// has no key or the key names an unknown column.
func (t *Table) KeyIndexes() []int {
	if len(t.Key) == 0 {
		return nil
	}
	idx := make([]int, len(t.Key))
	for i, k := range t.Key {
		if idx[i] = t.Index(k); idx[i] < 0 {
			return nil
		}
	}
	return idx
}

// RowKey is the identity of row r in a keyed table: its key cells' values
// as rules match them, joined by a separator no CSV text holds.
func (t *Table) RowKey(r Row) string { return rowKey(t.KeyIndexes(), r) }

func rowKey(idx []int, r Row) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = r.Values[j].Key()
	}
	return strings.Join(parts, "\x00")
}

// checkDuplicateKeys reports every row whose key repeats an earlier row's,
// at the duplicate row's first key cell.
func checkDuplicateKeys(t *Table, errs *ErrorList) {
	idx := t.KeyIndexes()
	if idx == nil {
		return
	}
	first := make(map[string]int, len(t.Rows))
	for _, r := range t.Rows {
		k := rowKey(idx, r)
		if line, dup := first[k]; dup {
			shown := make([]string, len(idx))
			for i, j := range idx {
				shown[i] = strconv.Quote(r.Values[j].Str)
			}
			errs.Add(r.Values[idx[0]].Pos, "key", "(%s) = (%s) repeats the row on line %d; the key must identify one row",
				strings.Join(t.Key, ", "), strings.Join(shown, ", "), line)
			continue
		}
		first[k] = r.Line
	}
}
