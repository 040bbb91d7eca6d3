package compose

import (
	"time"

	"github.com/un-briefs/report/internal/data"
)

// Displayer shows cells as the brief shows them, display rules applied, for
// rows that are not in the brief: an earlier edition's rows, typed by the
// current declaration.
type Displayer struct{ c *composer }

// NewDisplayer returns a Displayer for b's language and tables.
func NewDisplayer(b *data.Brief, opt Options) *Displayer { return &Displayer{c: newComposer(b, opt)} }

// Cell returns the text and role ("value", "empty" or "status") of cell j of
// row r, a row of table t.
func (d *Displayer) Cell(t *data.Table, r data.Row, j int) (text, role string) {
	c := d.c.cell(t, t.Columns[j], r, r.Values[j])
	return c.Text, c.Role
}

// Date shows a date in the brief's language as the masthead does.
func (d *Displayer) Date(t time.Time) string {
	return d.c.loc.Date(t, d.c.cat.T("date.long"))
}
