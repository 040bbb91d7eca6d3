package data

// BlockKind is the kind of a body block.
type BlockKind string

// The kinds of body blocks.
const (
	Heading   BlockKind = "heading"
	Paragraph BlockKind = "paragraph"
	Quote     BlockKind = "quote"
	List      BlockKind = "list"
	Item      BlockKind = "item"
	Place     BlockKind = "place" // a table or figure placed by reference
	Break     BlockKind = "break"
)

// Block is a block of the body's prose.
type Block struct {
	Kind     BlockKind
	Level    int      // heading level
	Ordered  bool     // list
	Start    int      // first number of an ordered list
	Inlines  []Inline // heading, paragraph
	Children []Block  // quote, list, item
	RefKind  string   // place: "table" or "figure"
	Ref      string   // place: the id
	Pos      Pos
}

// InlineKind is the kind of an inline element.
type InlineKind string

// The kinds of inline elements.
const (
	TextRun     InlineKind = "text"
	Emph        InlineKind = "emph"
	Strong      InlineKind = "strong"
	Code        InlineKind = "code"
	Link        InlineKind = "link"
	FootnoteRef InlineKind = "footnote"
	SoftBreak   InlineKind = "softbreak"
	HardBreak   InlineKind = "hardbreak"
)

// Inline is an inline element. Text runs carry Text; emphasis, strong and
// links carry Children; footnote references carry the definition's Label.
type Inline struct {
	Kind     InlineKind
	Text     string
	URL      string
	Label    string
	Children []Inline
	Pos      Pos
}

// PlainText returns the text of inlines without markup.
func PlainText(ins []Inline) string {
	var b []byte
	var walk func([]Inline)
	walk = func(ins []Inline) {
		for _, in := range ins {
			switch in.Kind {
			case TextRun, Code:
				b = append(b, in.Text...)
			case SoftBreak, HardBreak:
				b = append(b, ' ')
			}
			walk(in.Children)
		}
	}
	walk(ins)
	return string(b)
}
