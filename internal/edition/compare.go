package edition

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/xlsx"
)

// Diff is what changed between the baseline and the brief.
type Diff struct {
	Base    Base
	Changes []doc.Change
	// Notes say what could not be compared, e.g. a table that is not in the
	// baseline's annex.
	Notes []string

	items  []item
	tables map[string]*tableDiff
}

// Base describes the baseline edition.
type Base struct {
	ID       string // "" when the baseline does not record it
	Title    string
	Date     time.Time // zero when the baseline does not record it
	DateText string    // the baseline's date as the brief's language shows it
	Edition  int       // the baseline's edition number; 0 when it does not say
}

// item is a change with what the words and the marks need besides.
type item struct {
	doc.Change
	row      int    // index of the row in the brief's table; -1 for a removed row
	col      int    // index of the column in the brief's table; -1 for a whole row
	label    string // the row as a reader names it: its first key cell as shown, e.g. "14 May"
	unit     string
	oldRole  string // "value", "empty" or "status" (display rule text)
	newRole  string
	hidden   bool // the column is not shown in the brief's table
	explains bool // a hidden column's revision shown by another cell of its row
}

// tableDiff holds a compared table's row marks and earlier cell texts.
type tableDiff struct {
	marks   []string         // per row of the brief's table: doc.RowNew, doc.RowRevised or ""
	earlier map[[2]int]shown // (row, column) → the cell as it showed earlier, for cells shown differently
}

// shown is a cell as the brief shows it: its text and its role.
type shown struct{ text, role string }

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool { return len(d.Changes) == 0 }

// Compare compares brief b, composed as document d, with the baseline.
func Compare(base *xlsx.Annex, b *data.Brief, d *doc.Document) *Diff {
	return CompareWith(base, b, d, compose.Options{})
}

// CompareWith is Compare with the options d was composed with, so that
// earlier values are shown in the same words and formats.
func CompareWith(base *xlsx.Annex, b *data.Brief, d *doc.Document, opt compose.Options) *Diff {
	disp := compose.NewDisplayer(b, opt)
	diff := &Diff{tables: map[string]*tableDiff{}}
	diff.Base = Base{ID: base.ID, Title: base.Title, Date: base.Date, DateText: base.DateText, Edition: base.Edition}
	if !base.Date.IsZero() {
		diff.Base.DateText = disp.Date(base.Date)
	}
	diff.frontMatter(base, b)
	diff.prose(base, d)
	for _, t := range b.Tables {
		var dt *doc.Table
		for _, x := range d.Tables {
			if x.ID == t.ID {
				dt = x
			}
		}
		if dt == nil {
			continue
		}
		at := base.Table(t.ID)
		switch {
		case at == nil && t.Annex == data.AnnexNo:
			diff.Notes = append(diff.Notes, "table "+t.ID+" is not in the annex, so the baseline does not hold it; not compared")
		case at == nil:
			diff.add(item{Change: doc.Change{Kind: doc.TableChanged, Table: t.ID, NewText: strconv.Itoa(len(t.Rows)) + " rows"}, row: -1, col: -1})
		default:
			diff.table(disp, at, t, dt)
		}
	}
	for _, at := range base.Tables {
		if b.Table(at.ID) == nil {
			diff.add(item{Change: doc.Change{Kind: doc.TableChanged, Table: at.ID, OldText: strconv.Itoa(len(at.Rows)) + " rows"}, row: -1, col: -1})
		}
	}
	for _, it := range diff.items {
		diff.Changes = append(diff.Changes, it.Change)
	}
	return diff
}

func (d *Diff) add(it item) { d.items = append(d.items, it) }

func (d *Diff) frontMatter(base *xlsx.Annex, b *data.Brief) {
	field := func(name, old, cur string) {
		if old != cur {
			d.add(item{Change: doc.Change{Kind: doc.FieldChanged, Key: name, Old: text(old), New: text(cur), OldText: old, NewText: cur}, row: -1, col: -1})
		}
	}
	m := b.Meta
	field("title", base.Title, m.Title)
	field("series", base.Series, m.Series)
	if !base.Record {
		d.Notes = append(d.Notes, "the baseline's annex has no edition record (it was written by an earlier version of report): the subtitle, number, authors and prose are not compared")
		return
	}
	field("subtitle", base.Subtitle, m.Subtitle)
	field("number", base.Number, m.Number)
	field("authors", strings.Join(base.Authors, "; "), strings.Join(m.Authors, "; "))
}

func text(s string) doc.Value {
	return doc.Value{Kind: doc.Text, Str: s, Null: s == ""}
}

// prose compares the sections by heading. A heading that occurs twice is
// matched by its occurrence.
func (d *Diff) prose(base *xlsx.Annex, dd *doc.Document) {
	if !base.Record {
		return
	}
	type key struct {
		h string
		n int
	}
	old := map[key]string{}
	seen := map[string]int{}
	var order []key
	for _, s := range base.Sections {
		k := key{s.Heading, seen[s.Heading]}
		seen[s.Heading]++
		old[k] = s.Hash
		order = append(order, k)
	}
	seen = map[string]int{}
	cur := map[key]bool{}
	for _, s := range doc.Sections(dd) {
		k := key{s.Heading, seen[s.Heading]}
		seen[s.Heading]++
		cur[k] = true
		h, ok := old[k]
		if ok && h == s.Hash() {
			continue
		}
		d.add(item{Change: doc.Change{Kind: doc.ProseChanged, Key: s.Heading, OldText: h, NewText: s.Hash()}, row: -1, col: -1})
	}
	for _, k := range order {
		if !cur[k] {
			d.add(item{Change: doc.Change{Kind: doc.ProseChanged, Key: k.h, OldText: old[k]}, row: -1, col: -1})
		}
	}
}

// canon is a value as a key compares it: dates in ISO form, numbers in Go's
// shortest form, enums by key.
func canon(v doc.Value) string {
	if v.Null {
		return ""
	}
	switch v.Kind {
	case doc.Date:
		return v.Date.Format("2006-01-02")
	case doc.Integer:
		return strconv.FormatInt(v.Int, 10)
	case doc.Number:
		return strconv.FormatFloat(v.Num, 'g', -1, 64)
	}
	return v.Str
}

// equal compares typed values; an integer and a number compare as numbers,
// so that a column whose type changed from integer to number keeps its rows.
func equal(a, b doc.Value) bool {
	if a.Null || b.Null {
		return a.Null == b.Null
	}
	num := func(v doc.Value) (float64, bool) {
		switch v.Kind {
		case doc.Integer:
			return float64(v.Int), true
		case doc.Number:
			return v.Num, true
		}
		return 0, false
	}
	if x, ok := num(a); ok {
		if y, ok := num(b); ok {
			return x == y || math.Abs(x-y) <= 1e-12*math.Max(math.Abs(x), math.Abs(y))
		}
	}
	return canon(a) == canon(b)
}

// dataRow types a baseline row by the brief's declaration of the table, so
// that its cells can be shown with the brief's display rules. Columns the
// baseline lacks are empty.
func dataRow(t *data.Table, cols []int, r []doc.Value) data.Row {
	row := data.Row{Values: make([]data.Value, len(t.Columns))}
	for j, c := range t.Columns {
		v := data.Value{Type: c.Type, Null: true}
		if k := cols[j]; k >= 0 && !r[k].Null {
			o := r[k]
			v = data.Value{Type: c.Type, Str: canon(o), Int: o.Int, Num: o.Num, Date: o.Date}
			switch {
			case c.Type == data.Integer && o.Kind == doc.Number:
				v.Int = int64(math.Round(o.Num))
			case c.Type == data.Number && o.Kind == doc.Integer:
				v.Num = float64(o.Int)
			}
		}
		row.Values[j] = v
	}
	return row
}

// table compares a table of the brief with the baseline's.
func (d *Diff) table(disp *compose.Displayer, at *xlsx.AnnexTable, t *data.Table, dt *doc.Table) {
	// cols maps the brief's columns to the baseline's, by name.
	cols := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		cols[j] = -1
		for k, ac := range at.Columns {
			if ac.Name == c.Name {
				cols[j] = k
			}
		}
		if cols[j] < 0 {
			d.Notes = append(d.Notes, "column "+t.ID+"."+c.Name+" is new: its values are not compared")
		}
	}
	keys := t.KeyIndexes()
	for _, j := range keys {
		if cols[j] < 0 {
			d.Notes = append(d.Notes, "table "+t.ID+": the baseline lacks key column "+t.Columns[j].Name+"; compared as a whole")
			keys = nil
			break
		}
	}
	if keys == nil {
		d.whole(at, t, dt, cols)
		return
	}
	td := &tableDiff{marks: make([]string, len(t.Rows)), earlier: map[[2]int]shown{}}
	d.tables[t.ID] = td
	keyOf := func(vals func(j int) doc.Value) string {
		var b strings.Builder
		for i, j := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(canon(vals(j)))
		}
		return b.String()
	}
	base := make(map[string][]int, len(at.Rows))
	for i, r := range at.Rows {
		k := keyOf(func(j int) doc.Value { return r[cols[j]] })
		base[k] = append(base[k], i)
	}
	matched := make([]bool, len(at.Rows))
	label := func(r data.Row, cells []doc.Cell) string {
		if cells != nil {
			return strings.TrimSpace(cells[keys[0]].Text)
		}
		s, _ := disp.Cell(t, r, keys[0])
		return strings.TrimSpace(s)
	}
	for i, cells := range dt.Rows {
		k := keyOf(func(j int) doc.Value { return cells[j].Value })
		olds := base[k]
		if len(olds) == 0 {
			td.marks[i] = doc.RowNew
			d.add(item{Change: doc.Change{Kind: doc.RowAdded, Table: t.ID, Key: k}, row: i, col: -1, label: label(t.Rows[i], cells)})
			continue
		}
		oi := olds[0]
		base[k] = olds[1:]
		matched[oi] = true
		// Display rules read only the row's values: a row whose values are
		// all the same shows the same, and needs no more work.
		same := true
		for j := range t.Columns {
			if cols[j] >= 0 && !equal(at.Rows[oi][cols[j]], cells[j].Value) {
				same = false
				break
			}
		}
		if same {
			continue
		}
		old := dataRow(t, cols, at.Rows[oi])
		var revised []item
		visible := false
		for j, c := range t.Columns {
			if cols[j] < 0 {
				continue
			}
			ov := at.Rows[oi][cols[j]]
			nv := cells[j].Value
			otext, orole := disp.Cell(t, old, j)
			if !c.Hidden && otext != cells[j].Text {
				td.earlier[[2]int{i, j}] = shown{otext, orole}
			}
			if equal(ov, nv) {
				continue
			}
			visible = visible || !c.Hidden
			revised = append(revised, item{
				Change: doc.Change{Kind: doc.CellRevised, Table: t.ID, Key: k, Column: c.Label, Old: ov, New: nv, OldText: otext, NewText: cells[j].Text},
				row:    i, col: j, label: label(t.Rows[i], cells), unit: c.Unit, oldRole: orole, newRole: cells[j].Role, hidden: c.Hidden,
			})
		}
		if len(revised) == 0 {
			continue
		}
		td.marks[i] = doc.RowRevised
		for _, it := range revised {
			it.explains = it.hidden && visible
			d.add(it)
		}
	}
	for oi, r := range at.Rows {
		if matched[oi] {
			continue
		}
		k := keyOf(func(j int) doc.Value { return r[cols[j]] })
		d.add(item{Change: doc.Change{Kind: doc.RowRemoved, Table: t.ID, Key: k}, row: -1, col: -1, label: label(dataRow(t, cols, r), nil)})
	}
}

// whole compares a table without a key: changed or not.
func (d *Diff) whole(at *xlsx.AnnexTable, t *data.Table, dt *doc.Table, cols []int) {
	same := len(at.Rows) == len(dt.Rows)
	for i := 0; same && i < len(dt.Rows); i++ {
		for j := range t.Columns {
			if cols[j] >= 0 && !equal(at.Rows[i][cols[j]], dt.Rows[i][j].Value) {
				same = false
				break
			}
		}
	}
	if !same {
		d.add(item{Change: doc.Change{Kind: doc.TableChanged, Table: t.ID, OldText: strconv.Itoa(len(at.Rows)) + " rows", NewText: strconv.Itoa(len(dt.Rows)) + " rows"}, row: -1, col: -1})
	}
}
