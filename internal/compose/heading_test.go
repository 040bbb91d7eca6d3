package compose_test

import (
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
)

func composeBody(t *testing.T, md string) *doc.Document {
	t.Helper()
	fsys := fstest.MapFS{"brief.md": {Data: []byte("---\ntitle: T\ndate: 2020-01-01\n---\n" + md)}}
	b, err := data.Load(fsys, "b", "b")
	if err != nil {
		t.Fatal(err)
	}
	return compose.Compose(b, compose.Options{})
}

// TestNestedHeadings: a heading inside a block quote or a list item, in a
// brief whose sections are ##, panicked with depth -1. It opens no section:
// it is a bold paragraph of its container.
func TestNestedHeadings(t *testing.T) {
	d := composeBody(t, "Lead.\n\n## One\n\n> # Quoted\n\n- # Heading\n\n## Two\n")
	var heads []string
	for _, b := range d.Blocks {
		if h, ok := b.(*doc.Heading); ok {
			heads = append(heads, h.Number+" "+h.Text)
		}
	}
	if len(heads) != 2 || heads[0] != "1 One" || heads[1] != "2 Two" {
		t.Errorf("headings %q", heads)
	}
	q := d.Blocks[2].(*doc.Quote)
	if p, ok := q.Blocks[0].(*doc.Paragraph); !ok || p.Role != "quote" || plain(p.Runs) != "Quoted" || p.Runs[0].Style&doc.Bold == 0 {
		t.Errorf("quoted heading: %#v", q.Blocks[0])
	}
	l := d.Blocks[3].(*doc.List)
	if p, ok := l.Items[0][0].(*doc.Paragraph); !ok || plain(p.Runs) != "Heading" || p.Runs[0].Style&doc.Bold == 0 {
		t.Errorf("heading in a list item: %#v", l.Items[0][0])
	}
}
