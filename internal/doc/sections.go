package doc

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Section is a stretch of the brief's prose: the lead, or a heading and the
// paragraphs, lists and quotes under it up to the next heading. Editions
// compare sections by heading and by a hash of their text.
type Section struct {
	Heading string // the heading's text; "" for the lead
	Text    string // the prose as plain text, one line per paragraph
}

// Hash is a short digest of the section's text: 16 hexadecimal digits of its
// SHA-256.
func (s Section) Hash() string {
	sum := sha256.Sum256([]byte(s.Text))
	return hex.EncodeToString(sum[:8])
}

// Sections splits d's prose into sections, in order. Tables and figures are
// not prose: editions compare their data cell by cell. Boxes other than the
// lead's are left out, so that a box of changes never counts as a change.
func Sections(d *Document) []Section {
	var out []Section
	var b strings.Builder
	cur := Section{}
	open := false
	flush := func() {
		if open {
			cur.Text = b.String()
			out = append(out, cur)
		}
		b.Reset()
	}
	var walk func(bs []Block)
	walk = func(bs []Block) {
		for _, blk := range bs {
			switch blk := blk.(type) {
			case *Paragraph:
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				for _, r := range blk.Runs {
					if r.Footnote == 0 {
						b.WriteString(r.Text)
					}
				}
				open = true
			case *Box:
				if blk.Role == "lead" {
					walk(blk.Blocks)
				}
			case *Quote:
				walk(blk.Blocks)
			case *List:
				for _, it := range blk.Items {
					walk(it)
				}
			}
		}
	}
	for _, blk := range d.Blocks {
		if h, ok := blk.(*Heading); ok {
			flush()
			cur, open = Section{Heading: h.Text}, true
			continue
		}
		walk([]Block{blk})
	}
	flush()
	return out
}
