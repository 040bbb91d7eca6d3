package data_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/data"
)

// TestTableFootnotes: a footnote referenced only from a table's caption or
// cells is kept (it used to be refused as never referenced, and its
// definition dropped), and an undefined one in a cell is an error.
func TestTableFootnotes(t *testing.T) {
	brief := func(cell string) fstest.MapFS {
		return fstest.MapFS{
			"brief.md": {Data: []byte("---\ntitle: T\ndate: 2024-01-01\ntables:\n  - id: t\n    file: t.csv\n    caption: A caption[^cap]\n    columns:\n      - {name: a, label: A, type: text}\n---\n\nLead.\n\n{{table t}}\n\n[^cap]: The caption's note.\n[^cell]: The cell's note.\n")},
			"t.csv":    {Data: []byte("a\n" + cell + "\n")},
		}
	}
	b, err := data.Load(brief("x[^cell]"), "b", "b")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range b.TableNotes {
		names = append(names, n.Name)
	}
	if strings.Join(names, ",") != "cap,cell" {
		t.Errorf("table notes %v, want cap,cell", names)
	}
	_, err = data.Load(brief("x[^nope]"), "b", "b")
	if err == nil || !strings.Contains(err.Error(), "[^nope] is not defined") {
		t.Errorf("undefined note in a cell: %v", err)
	}
}
