package data

import "time"

// Brief is everything a brief's folder says, typed and validated.
type Brief struct {
	ID    string // the folder's name
	Dir   string // the folder as shown in error messages
	Meta  Meta
	Body  []Block
	Notes []Footnote // footnote definitions of the body, in order of first reference
	// TableNotes are the footnote definitions the body does not reference:
	// a table's caption, source, notes or text cells may, with [^label].
	TableNotes []Footnote
	Tables     []*Table
	Charts     []*Chart
	Files      []File   // every input file read, sorted by name
	Texts      []TextAt // every string of the front matter and the body, for checks such as font coverage
}

// TextAt is a string from the input and where it starts.
type TextAt struct {
	Pos   Pos
	Field string
	S     string
}

// File is an input file and the SHA-256 of its bytes.
type File struct {
	Name   string // relative to the brief's folder, slash-separated
	SHA256 string
}

// Meta is the front matter's metadata.
type Meta struct {
	Title        string
	Subtitle     string
	Series       string
	Number       string
	Date         time.Time
	Authors      []string
	Lang         string
	Keywords     []string
	Theme        string
	Distribution []string
	Edition      int // the edition's number; 0 when the front matter does not say
}

// Table returns the table with the given id, or nil.
func (b *Brief) Table(id string) *Table {
	for _, t := range b.Tables {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Chart returns the chart with the given id, or nil.
func (b *Brief) Chart(id string) *Chart {
	for _, c := range b.Charts {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// ColType is the declared type of a table column.
type ColType string

// The column types.
const (
	Text    ColType = "text"
	Integer ColType = "integer"
	Number  ColType = "number"
	Date    ColType = "date"
	Enum    ColType = "enum"
)

// Annex says where a table goes.
type Annex string

// The placements of a table.
const (
	AnnexNo   Annex = "no"   // the body only
	AnnexYes  Annex = "yes"  // the body and the annex
	AnnexOnly Annex = "only" // the annex only: it need not be placed in the body
)

// Table is a declared table with its rows read from CSV.
type Table struct {
	ID      string
	File    string
	Caption string
	Source  string
	Notes   []TableNote
	Annex   Annex
	Columns []*Column
	Rows    []Row
	Pos     Pos // where the declaration starts
	// Landscape lets the table take landscape pages when it is too wide
	// for the text block even at the theme's smallest table size.
	Landscape bool
	// Key names the columns that identify a row across editions; empty when
	// the table is compared as a whole.
	Key    []string
	KeyPos Pos
}

// Row is one CSV record, typed by the table's columns.
type Row struct {
	Line   int
	Values []Value
}

// TableNote is a note under a table, such as "*unconfirmed". Display rules
// attach its marker to cells.
type TableNote struct {
	ID     string
	Marker string
	Text   string
}

// Column is a declared, typed column.
type Column struct {
	Name     string
	Label    string
	Type     ColType
	Unit     string
	Decimals int    // for number columns
	Format   string // display pattern for dates, e.g. "d MMMM yyyy"
	Values   []EnumValue
	Hidden   bool // kept in the data and the annex, not shown in the brief's table
	// Layout hints for the brief's table: Width is a fraction of the text
	// block when at most 1, else points; Align is "", left, right or
	// center; NoWrap keeps every cell on one line.
	Width   float64
	Align   string
	NoWrap  bool
	Display []Rule
	Pos     Pos
}

// EnumValue is an allowed value of an enum column.
type EnumValue struct {
	Key   string
	Label string
}

// Index returns the column's index in the table, or -1.
func (t *Table) Index(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// EnumLabel returns the label of an enum key, or the key itself.
func (c *Column) EnumLabel(key string) string {
	for _, v := range c.Values {
		if v.Key == key {
			return v.Label
		}
	}
	return key
}

// Rule is a display rule of a column: when every condition holds for a row,
// the cell is shown differently. Rules apply in order; a later Text replaces
// an earlier one, and markers and affixes accumulate.
type Rule struct {
	When   []Cond
	Empty  bool    // applies only when the cell itself is empty
	Text   *string // replaces the value's text
	Prefix string
	Suffix string
	Note   string // id of a TableNote whose marker follows the text
	Pos    Pos
	At     map[string]Pos // where each key's value is written
}

// Cond holds when the row's value in Column is one of In. An empty value is
// matched by "".
type Cond struct {
	Column string
	In     []string
	Pos    Pos // where the column's name is written
	ValPos Pos // where the value (or list of values) is written
}

// Value is a typed cell. Null is true for an empty CSV field.
type Value struct {
	Type ColType
	Null bool
	Str  string // text and enum keys, and the raw field for other types
	Int  int64
	Num  float64
	Date time.Time
	Pos  Pos
}

// Key returns the value as rules match it: the raw text, or "" when empty.
func (v Value) Key() string {
	if v.Null {
		return ""
	}
	return v.Str
}

// Float returns the numeric value of integer and number cells.
func (v Value) Float() (float64, bool) {
	if v.Null {
		return 0, false
	}
	switch v.Type {
	case Integer:
		return float64(v.Int), true
	case Number:
		return v.Num, true
	}
	return 0, false
}

// Footnote is a footnote definition of the body.
type Footnote struct {
	Name   string // the label as the brief writes it: 1 for [^1]
	Label  string
	Blocks []Block
	Pos    Pos
}

// Match reports whether row r of table t meets every condition.
func Match(conds []Cond, t *Table, r Row) bool {
	for _, c := range conds {
		i := t.Index(c.Column)
		if i < 0 {
			return false
		}
		k := r.Values[i].Key()
		ok := false
		for _, v := range c.In {
			ok = ok || v == k
		}
		if !ok {
			return false
		}
	}
	return true
}
