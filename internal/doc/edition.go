package doc

// Change is one difference between an edition and the one before it.
type Change struct {
	Kind   ChangeKind
	Table  string // table id; "" for the front matter and the prose
	Key    string // the row's key as text, e.g. "2017-05-14, Hwasong-12"; a field or heading otherwise
	Column string // the column's label, for revised cells
	Old    Value  // Null when there was none
	New    Value  // Null when there is none
	// OldText and NewText are the values as the brief shows them, display
	// rules applied, e.g. "Failed attempt" and "2,700 km".
	OldText string
	NewText string
}

// ChangeKind names what changed.
type ChangeKind string

// The kinds of change.
const (
	RowAdded     ChangeKind = "added"
	RowRemoved   ChangeKind = "removed"
	CellRevised  ChangeKind = "revised"
	TableChanged ChangeKind = "table changed" // a table without a key whose data differ
	FieldChanged ChangeKind = "front matter"
	ProseChanged ChangeKind = "section"
)

// The marks of a table row in an edition compared with a baseline.
const (
	RowNew     = "new"
	RowRevised = "revised"
)
