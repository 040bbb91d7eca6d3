package edition

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/un-briefs/report/internal/doc"
)

// Words are the words the box, the marks and the notes are written in:
// templates whose placeholders in braces are filled in, as in the message
// catalogue, where they come from (keys edition.*).
type Words struct {
	Since      string // box heading: {date}, the baseline's date
	Nothing    string // the box's text when nothing changed
	Added      string // {n} rows of {noun}: "2 tests added"
	Removed    string
	Revised    string // {n} cells of {noun}, a column: "1 distance revised"
	Changed    string // a table without a key: {table}
	Field      string // a front-matter field: {field}
	Section    string // prose revised under headings: {list}
	NewSection string
	Gone       string // sections removed: {list}
	Lead       string // the lead, as a section
	More       string // {n} more items
	Empty      string // an empty cell
	Arrow      string
	NewMark    string // marks a new row
	RevMark    string // marks a revised cell
	NewNote    string // the note of NewMark
	RevNote    string // the note of RevMark: {date}, {list} of earlier values
}

// English is the default wording.
var English = Words{
	Since:      "What changed since {date}",
	Nothing:    "Nothing changed in the data or the text.",
	Added:      "{n} {noun} added",
	Removed:    "{n} {noun} removed",
	Revised:    "{n} {noun} revised",
	Changed:    "table {table} changed",
	Field:      "{field} changed",
	Section:    "text revised under {list}",
	NewSection: "new section {list}",
	Gone:       "section {list} removed",
	Lead:       "the lead",
	More:       "and {n} more",
	Empty:      "empty",
	Arrow:      " → ",
	NewMark:    "†",
	RevMark:    "‡",
	NewNote:    "new in this edition",
	RevNote:    "revised since {date}; earlier: {list}",
}

// WordsFrom takes the words from a message catalogue, keys edition.since,
// edition.nothing and so on; a key the catalogue lacks keeps its English.
func WordsFrom(m doc.Messages) Words {
	w := English
	if m == nil {
		return w
	}
	for key, f := range map[string]*string{
		"edition.since": &w.Since, "edition.nothing": &w.Nothing, "edition.added": &w.Added,
		"edition.removed": &w.Removed, "edition.revised": &w.Revised, "edition.table_changed": &w.Changed,
		"edition.field_changed": &w.Field, "edition.section_revised": &w.Section, "edition.section_new": &w.NewSection,
		"edition.section_removed": &w.Gone, "edition.lead": &w.Lead, "edition.more": &w.More, "edition.empty": &w.Empty,
		"edition.arrow": &w.Arrow, "edition.new_mark": &w.NewMark, "edition.revised_mark": &w.RevMark,
		"edition.new_note": &w.NewNote, "edition.revised_note": &w.RevNote,
	} {
		if s := m.T(key); !strings.HasPrefix(s, "[") {
			*f = s
		}
	}
	return w
}

// fill replaces the placeholders of a template: fill(t, "n", "2", "noun", "tests").
func fill(t string, args ...string) string {
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+args[i]+"}", args[i+1])
	}
	return strings.NewReplacer(pairs...).Replace(t)
}

// listed is how many items a group names before "and N more".
const listed = 3

// noun is a table's rows as the box counts them: its id, in the singular
// when there is one.
func noun(id string, n int) string {
	s := strings.NewReplacer("_", " ", "-", " ").Replace(id)
	if n == 1 {
		return strings.TrimSuffix(s, "s")
	}
	if !strings.HasSuffix(s, "s") {
		s += "s"
	}
	return s
}

// columnNoun is a column's label as a noun: "Distance (km)" → "distance".
func columnNoun(label string, n int) string {
	if i := strings.Index(label, " ("); i > 0 {
		label = label[:i]
	}
	if r := []rune(label); len(r) > 1 && !(r[1] >= 'A' && r[1] <= 'Z') {
		label = strings.ToLower(string(r[:1])) + string(r[1:])
	}
	if n != 1 && !strings.HasSuffix(label, "s") {
		label += "s"
	}
	return label
}

func quote(s string) string { return "“" + s + "”" }

// list names the first few items and counts the rest.
func (w Words) list(items []string) string {
	if len(items) <= listed {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:listed], ", ") + " " + fill(w.More, "n", strconv.Itoa(len(items)-listed))
}

// value shows a revised cell's earlier and current values, the unit once
// after plain values: "700 → 790 km", "Failed attempt → 2,700 km".
func (w Words) value(it item) string {
	old, cur := it.OldText, it.NewText
	if old == "" {
		old = w.Empty
	}
	if cur == "" {
		cur = w.Empty
	}
	if it.unit == "" {
		return old + w.Arrow + cur
	}
	ov, nv := it.oldRole == "value", it.newRole == "value"
	switch {
	case ov && nv:
		return old + w.Arrow + cur + " " + it.unit
	case ov:
		return old + " " + it.unit + w.Arrow + cur
	case nv:
		return old + w.Arrow + cur + " " + it.unit
	}
	return old + w.Arrow + cur
}

// Summary says in words what changed: counts and the first few changes of
// each kind, e.g. "2 tests added (29 August, 15 September); 1 distance
// revised (14 May: 700 → 790 km)."
func (d *Diff) Summary(w Words) string {
	if d.Empty() {
		return w.Nothing
	}
	var parts []string
	var sections, fresh, gone []string
	type group struct {
		phrase string
		sep    string
		n      int
		items  []string
		table  int // order of the table's first change
		rank   int // added, removed, revised
	}
	var groups []*group
	byKey := map[string]*group{}
	tables := map[string]int{}
	get := func(key, phrase, sep string) *group {
		g := byKey[key]
		if g == nil {
			table := key[1:]
			if i := strings.IndexByte(table, 0); i >= 0 {
				table = table[:i]
			}
			if _, ok := tables[table]; !ok {
				tables[table] = len(tables)
			}
			g = &group{phrase: phrase, sep: sep, table: tables[table], rank: strings.IndexByte("arv", key[0])}
			byKey[key] = g
			groups = append(groups, g)
		}
		return g
	}
	for _, it := range d.items {
		switch it.Kind {
		case doc.FieldChanged:
			parts = append(parts, fill(w.Field, "field", it.Key)+" ("+quote(it.OldText)+w.Arrow+quote(it.NewText)+")")
		case doc.ProseChanged:
			h := quote(it.Key)
			if it.Key == "" {
				h = w.Lead
			}
			switch {
			case it.OldText == "":
				fresh = append(fresh, h)
			case it.NewText == "":
				gone = append(gone, h)
			default:
				sections = append(sections, h)
			}
		case doc.TableChanged:
			s := fill(w.Changed, "table", it.Table)
			if it.OldText != "" && it.NewText != "" && it.OldText != it.NewText {
				s += " (" + it.OldText + w.Arrow + it.NewText + ")"
			}
			parts = append(parts, s)
		case doc.RowAdded:
			g := get("a"+it.Table, w.Added+"|"+it.Table, ", ")
			g.n++
			g.items = append(g.items, it.label)
		case doc.RowRemoved:
			g := get("r"+it.Table, w.Removed+"|"+it.Table, ", ")
			g.n++
			g.items = append(g.items, it.label)
		case doc.CellRevised:
			if it.explains {
				continue
			}
			g := get("v"+it.Table+"\x00"+it.Column, w.Revised+"|\x00"+it.Column, "; ")
			g.n++
			g.items = append(g.items, it.label+": "+w.value(it))
		}
	}
	if len(sections) > 0 {
		parts = append(parts, fill(w.Section, "list", w.list(sections)))
	}
	if len(fresh) > 0 {
		parts = append(parts, fill(w.NewSection, "list", w.list(fresh)))
	}
	if len(gone) > 0 {
		parts = append(parts, fill(w.Gone, "list", w.list(gone)))
	}
	// Each table's rows added, then removed, then its cells revised.
	slices.SortStableFunc(groups, func(a, b *group) int {
		return cmp.Or(cmp.Compare(a.table, b.table), cmp.Compare(a.rank, b.rank))
	})
	for _, g := range groups {
		format, what, _ := strings.Cut(g.phrase, "|")
		var n string
		if col, ok := strings.CutPrefix(what, "\x00"); ok {
			n = columnNoun(col, g.n)
		} else {
			n = noun(what, g.n)
		}
		s := fill(format, "n", strconv.Itoa(g.n), "noun", n)
		if len(g.items) > 0 {
			shown := g.items
			more := ""
			if len(shown) > listed {
				more = " " + fill(w.More, "n", strconv.Itoa(len(shown)-listed))
				shown = shown[:listed]
			}
			s += " (" + strings.Join(shown, g.sep) + more + ")"
		}
		parts = append(parts, s)
	}
	out := strings.Join(parts, "; ")
	if r := []rune(out); len(r) > 0 {
		out = strings.ToUpper(string(r[:1])) + string(r[1:])
	}
	return out + "."
}

// Counts returns how many changes of each kind there are, for messages
// such as report diff's summary line.
func (d *Diff) Counts() map[doc.ChangeKind]int {
	m := map[doc.ChangeKind]int{}
	for _, c := range d.Changes {
		m[c.Kind]++
	}
	return m
}
