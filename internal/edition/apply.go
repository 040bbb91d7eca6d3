package edition

import (
	"slices"
	"strconv"
	"strings"

	"github.com/un-briefs/report/internal/doc"
)

// Options say how Apply writes the changes into the document.
type Options struct {
	// BoxRole is the role of the box of changes, which the theme styles;
	// "" leaves the box out.
	BoxRole string
	// Place is where the box goes: "after-lead" (also "") or "top".
	Place string
	Words Words
}

// maxEarlier is how many earlier values a table's note gives.
const maxEarlier = 8

// Apply writes the diff into document d: the changes for the annex's Changes
// sheet, a box after the lead that says what changed, marks and notes in
// the tables, a Change mark for each row of a compared table, and the
// edition's number when the front matter does not give it.
func Apply(d *doc.Document, diff *Diff, opt Options) {
	w := opt.Words
	d.Changes = slices.Clip(diff.Changes)
	if d.Changes == nil {
		d.Changes = []doc.Change{}
	}
	d.Meta.Since = diff.Base.DateText
	d.Meta.SinceHeading = fill(w.Since, "date", diff.Base.DateText)
	d.Meta.ChangesText = diff.Summary(w)
	if d.Meta.Edition == 0 {
		// A baseline without a number was the first edition. A rebuild in
		// which nothing changed is the same edition, so that building again
		// --since the same baseline gives the same bytes.
		d.Meta.Edition = max(diff.Base.Edition, 1)
		if !diff.Empty() {
			d.Meta.Edition++
		}
	}
	for _, t := range d.Tables {
		td := diff.tables[t.ID]
		if td == nil {
			continue
		}
		t.Change = td.marks
		first := -1
		for j, c := range t.Columns {
			if !c.Hidden {
				first = j
				break
			}
		}
		if first < 0 {
			continue
		}
		fresh := false
		for i, m := range td.marks {
			if m == doc.RowNew {
				t.Rows[i][first].Text += w.NewMark
				fresh = true
			}
		}
		// Earlier values, in row order, then column order.
		var cells [][2]int
		for rc := range td.earlier {
			cells = append(cells, rc)
		}
		slices.SortFunc(cells, func(a, b [2]int) int {
			if a[0] != b[0] {
				return a[0] - b[0]
			}
			return a[1] - b[1]
		})
		var earlier []string
		for _, rc := range cells {
			i, j := rc[0], rc[1]
			t.Rows[i][j].Text += w.RevMark
			if len(earlier) == maxEarlier {
				continue
			}
			e := td.earlier[rc]
			text := e.text
			switch {
			case text == "":
				text = w.Empty
			case e.role == "value" && t.Columns[j].Unit != "":
				text += " " + t.Columns[j].Unit
			}
			label := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t.Rows[i][first].Text, w.RevMark), w.NewMark))
			if j == first {
				earlier = append(earlier, text)
			} else {
				earlier = append(earlier, label+", "+columnNoun(t.Columns[j].Label, 1)+" "+text)
			}
		}
		if fresh {
			t.Notes = append(t.Notes, w.NewMark+w.NewNote)
		}
		if len(cells) > 0 {
			list := strings.Join(earlier, "; ")
			if n := len(cells) - len(earlier); n > 0 {
				list += " " + fill(w.More, "n", strconv.Itoa(n))
			}
			t.Notes = append(t.Notes, w.RevMark+fill(w.RevNote, "date", diff.Base.DateText, "list", list))
		}
	}
	if opt.BoxRole == "" {
		return
	}
	box := &doc.Box{Role: opt.BoxRole, Blocks: []doc.Block{
		&doc.Paragraph{Role: opt.BoxRole, Runs: []doc.Run{{Text: d.Meta.SinceHeading, Style: doc.Bold}}},
		&doc.Paragraph{Role: opt.BoxRole, Runs: []doc.Run{{Text: d.Meta.ChangesText}}},
	}}
	at := 0
	for i, b := range d.Blocks {
		if bx, ok := b.(*doc.Box); ok && bx.Role == "lead" && opt.Place != "top" {
			at = i + 1
			break
		}
	}
	d.Blocks = slices.Insert(d.Blocks, at, doc.Block(box))
}
