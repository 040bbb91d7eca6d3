// Package doc is the backend-neutral document model: what a brief says,
// already numbered, captioned and formatted for display, but with no idea of
// pages, fonts or cells. The PDF and Excel backends render it; Dump writes a
// stable text form of it for golden tests.
//
// Package doc imports no other internal package.
package doc

import (
	"strings"
	"time"
)

// Document is a composed brief.
type Document struct {
	Meta      Meta
	Blocks    []Block
	Footnotes []Footnote // in order of their markers
	Tables    []*Table   // every declared table, placed or not, in declaration order
	Figures   []*Figure  // every figure, in order
	Sources   []Source   // input files and their hashes
	Changes   []Change   // since the baseline edition; nil when not compared
}

// Meta is the document's metadata and masthead.
type Meta struct {
	ID         string
	Title      string
	Subtitle   string
	Series     string
	Number     string
	Date       time.Time
	DateText   string // the date as the masthead shows it
	Authors    []string
	Lang       string
	Keywords   []string
	Subject    string // the lead's first sentence
	Lead       string // the lead as plain text
	Theme      string
	BuildDate  time.Time // creation date of the outputs
	Generator  string    // "report vX"
	Recipients []string
	// Messages are the fixed words of the brief's language: "Table {n}",
	// "Notes", "{page} of {pages}"... The backends draw every word of their
	// own from here.
	Messages Messages
	Edition  int    // the edition's number; 0 when unknown
	Since    string // the baseline's date as shown, when compared with one
	// SinceHeading and ChangesText say in words what changed since the
	// baseline ("What changed since 5 September 2017", "1 test added (15
	// September)."), when compared with one.
	SinceHeading string
	ChangesText  string
}

// Messages is a message catalogue (internal/i18n.Catalog).
type Messages interface {
	// T returns a message with its placeholders filled from name, value
	// pairs.
	T(key string, args ...string) string
	// N returns a message about a count n, in the plural form n takes.
	N(key string, n int64, args ...string) string
	// Keys lists every message, sorted.
	Keys() []string
}

// Source is an input file and its SHA-256.
type Source struct {
	Name   string
	SHA256 string
}

// Block is one block of the document: *Heading, *Paragraph, *Box, *Quote,
// *List, *TableRef, *FigureRef or *Rule.
type Block interface{ block() }

// Heading is a section heading.
type Heading struct {
	Level  int
	Number string // "1", "1.2"; empty when unnumbered
	Text   string // plain text, for bookmarks
	Runs   []Run
	Anchor string
}

// Paragraph is a paragraph of styled runs. Role names its look: "body",
// "lead", "quote", "note".
type Paragraph struct {
	Role string
	Runs []Run
}

// Box sets blocks apart, such as the lead.
type Box struct {
	Role   string
	Blocks []Block
}

// Quote is a block quotation.
type Quote struct{ Blocks []Block }

// List is a bulleted or numbered list.
type List struct {
	Ordered bool
	Start   int
	Items   [][]Block
}

// Rule is a thematic break.
type Rule struct{}

// TableRef places a table.
type TableRef struct{ Table *Table }

// FigureRef places a figure.
type FigureRef struct{ Figure *Figure }

func (*Heading) block()   {}
func (*Paragraph) block() {}
func (*Box) block()       {}
func (*Quote) block()     {}
func (*List) block()      {}
func (*Rule) block()      {}
func (*TableRef) block()  {}
func (*FigureRef) block() {}

// Style is how a run is set.
type Style uint8

// The run styles; they combine.
const (
	Italic Style = 1 << iota
	Bold
	Mono
)

// Run is a stretch of text in one style. A run with Footnote > 0 is a
// footnote marker; Link holds an external URL.
type Run struct {
	Text     string
	Style    Style
	Link     string
	Footnote int
}

// Footnote is a numbered footnote.
type Footnote struct {
	Number int
	Runs   []Run
}

// Table is a table ready for display. Every cell keeps its typed value.
type Table struct {
	ID      string
	Number  int    // 0 when the table is not placed in the body
	Label   string // "Table 1"
	Caption string
	Notes   []string
	// Landscape lets a table too wide for the text block take landscape
	// pages, as the theme's table.landscape does for every table.
	Landscape bool
	// NoteMarkers are the markers of Notes, in the same order: a cell's
	// Note may join several.
	NoteMarkers []string
	Source      string // the source line: "Source: …"
	// SourceText is the source as declared, without the catalogue's label.
	SourceText string
	Annex      bool // goes into the annex
	InBody     bool
	Columns    []Column
	Rows       [][]Cell
	Key        []string // names of the columns that identify a row across editions
	// Change marks each row as RowNew, RowRevised or "" when the table was
	// compared with a baseline; nil otherwise.
	Change []string
	// Footnote markers of the caption, the source and the notes, as runs;
	// nil when they have none.
	CaptionRuns []Run
	SourceRuns  []Run
	NoteRuns    [][]Run
	// CellNotes are the footnotes a cell references, by row*len(Columns)+
	// column; their markers follow the cell's text.
	CellNotes map[int][]int
}

// Kind is the type of a column's values.
type Kind string

// The value kinds.
const (
	Text    Kind = "text"
	Integer Kind = "integer"
	Number  Kind = "number"
	Date    Kind = "date"
	Enum    Kind = "enum"
)

// Align is a column's alignment.
type Align string

// The alignments.
const (
	Left   Align = "left"
	Right  Align = "right"
	Center Align = "center"
)

// Column describes a table column.
type Column struct {
	Name     string
	Label    string
	Kind     Kind
	Unit     string
	Decimals int
	Format   string // integers: "" or grouped, plain, percent, signed; dates: the pattern
	Align    Align
	Hidden   bool // not shown in the brief's table; kept in the annex
	Values   []EnumValue
	// Width is a layout hint: a fraction of the text block when at most 1,
	// else points; 0 lets the layout choose.
	Width  float64
	NoWrap bool // the brief asks that the column's cells never wrap
}

// EnumValue is an allowed value of an enum column with its label.
type EnumValue struct{ Key, Label string }

// Cell is one table cell: its typed value and the text the brief shows.
type Cell struct {
	Value Value
	Text  string // display text, markers included
	Note  string // marker of a table note attached by a display rule
	Role  string // "value", "empty", or "status" when a display rule replaced the value
}

// Value is a typed value. Null marks an empty cell.
type Value struct {
	Kind Kind
	Null bool
	Str  string
	Int  int64
	Num  float64
	Date time.Time
}

// Figure is a numbered chart with its caption.
type Figure struct {
	ID      string
	Number  int
	Label   string // "Figure 1"
	Caption string
	Alt     string // alternative text for the tagged PDF: the brief's alt, else made from the data
	Source  string
	Notes   []string
	Chart   Chart
}

// ChartType names the kind of chart.
type ChartType string

// The chart types.
const (
	BarChart        ChartType = "bar"         // one bar per category, from zero
	GroupedBarChart ChartType = "grouped-bar" // a bar per series in each category
	LineChart       ChartType = "line"
	StepChart       ChartType = "step" // a line that holds its value until the next point
	ScatterChart    ChartType = "scatter"
)

// Bars reports whether the chart type draws bars over categories.
func (t ChartType) Bars() bool { return t == BarChart || t == GroupedBarChart }

// Chart is a chart's data, resolved from its table and ready to draw.
type Chart struct {
	Type     ChartType
	XTitle   string
	YTitle   string // with the unit, e.g. "Distance (km)"
	TimeAxis bool   // x values are dates (as Unix days)
	// Categories are the bar charts' category labels, indexed by a point's
	// X: the union of every series' categories, in order.
	Categories []string
	Series     []Series
	Events     []Event
	Flags      []string // labels of flagged points, for the legend
	YMin       *float64
	YMax       *float64
	YStep      *float64
	YTicks     []Tick // explicit ticks, computed by compose
	XTicks     []Tick // ticks of a number or date x axis; their ends are the axis's ends
	Limited    int    // rows left out by the declaration's limit
	// Where the data sits in the annex, for native charts.
	Table   string // table id
	XColumn string
	YColumn string
	Rows    []int // table row indexes plotted, in order
	// Annex is set when the chart is also drawn natively in the annex,
	// over the cells of XColumn and YColumn.
	Annex bool
	// XFormat is how the annex shows the category axis: a date column's
	// format, or "" for a number shown as it is (General).
	XFormat string
}

// Series is a named list of points.
type Series struct {
	Name   string
	Points []Point
}

// Point is one plotted value. A point with Flag set has no value: it is drawn
// as a marker labelled Flag.
type Point struct {
	X     float64 // category index for bars, Unix days on a time axis
	Y     float64
	Label string // category label
	Flag  string
	// Missing is set when the point has no value: a line breaks there, and
	// a bar is drawn as its flag at the baseline.
	Missing bool
}

// Event is a labelled vertical marker.
type Event struct {
	X     float64
	Label string
}

// Tick is an axis tick: its value and its label.
type Tick struct {
	Value float64
	Label string
}

// Heading is the column's label as a table header shows it: with its unit,
// unless the label already names it.
func (c Column) Heading() string {
	if c.Unit == "" || strings.Contains(c.Label, "("+c.Unit+")") {
		return c.Label
	}
	return c.Label + " (" + c.Unit + ")"
}
