package data

import (
	"bytes"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md is the Markdown parser, made on first use to keep package
// initialisation short. The Table extension is on so that a pipe table is
// recognised and refused with its position, rather than printed as text.
var md = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Footnote, extension.Table),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(keepNotes{}, 100))))
})

// keepNotesKey holds, in a parse's context, where keepNotes collects the
// footnote definitions.
var keepNotesKey = parser.NewContextKey()

// keepNotes collects every footnote definition before goldmark's footnote
// transformer (priority 999; lower runs first) drops those the body does
// not reference: tables may.
type keepNotes struct{}

func (keepNotes) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	keep, _ := pc.Get(keepNotesKey).(*[]*east.Footnote)
	if keep == nil {
		return
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if fl, ok := n.(*east.FootnoteList); ok {
			for f := fl.FirstChild(); f != nil; f = f.NextSibling() {
				*keep = append(*keep, f.(*east.Footnote))
			}
		}
	}
}

// Limits of the body's Markdown: beyond them goldmark's parse time grows
// with the square of the input, and the layout runs out of width.
const (
	// MaxNesting is how deeply block quotes and lists may nest.
	MaxNesting = 16
	// MaxLinkOpeners is how many "](", and lines starting with "[", a run
	// of non-blank lines may hold.
	MaxLinkOpeners = 1000
)

// placeRE matches a paragraph that places a table or figure: {{table id}}.
var placeRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\{\{\s*([a-z]+)\s+([^\s{}]+)\s*\}\}$`)
})

// inlinePlaceRE finds a placement written inside other text; compiled on
// first use, to keep package initialisation short.
var inlinePlaceRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\{\{\s*(table|figure)\s+[^\s{}]+\s*\}\}`)
})

type mdConv struct {
	l     *loader
	file  string
	body  []byte
	line  int // line of the body's first line in brief.md
	notes map[int]Footnote
	order []int

	starts []int                  // offset of each line's start in body
	first  map[ast.Node]int       // offset of a node's first text, once found
	last   struct{ off, col int } // the last column computed, to count on from it
	depth  int                    // block quotes and lists around the current block
	deep   bool                   // the nesting error is reported
}

func (l *loader) body(file string, body []byte, line int) {
	c := &mdConv{l: l, file: file, body: body, line: line, notes: map[int]Footnote{}, first: map[ast.Node]int{}}
	c.starts = lineStarts(body)
	c.last.off = -1
	// Some inputs take goldmark quadratic time (thousands of containers
	// opened on one line, thousands of unclosed links in a paragraph): they
	// are refused before parsing.
	if !c.precheck() {
		l.bodyRefused = true
		c.placementsOnly()
		return
	}
	var all []*east.Footnote
	pc := parser.NewContext()
	pc.Set(keepNotesKey, &all)
	doc := md().Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if fl, ok := n.(*east.FootnoteList); ok {
			for f := fl.FirstChild(); f != nil; f = f.NextSibling() {
				fn := f.(*east.Footnote)
				c.notes[fn.Index] = Footnote{Name: string(fn.Ref), Label: c.noteLabel(fn.Index), Blocks: c.blocks(fn), Pos: c.pos(fn)}
			}
			continue
		}
		if b, ok := c.block(n); ok {
			l.b.Body = append(l.b.Body, b)
		}
	}
	for _, i := range c.order {
		l.b.Notes = append(l.b.Notes, c.notes[i])
	}
	for _, fn := range all {
		if fn.Index < 0 {
			l.b.TableNotes = append(l.b.TableNotes, Footnote{Name: string(fn.Ref), Blocks: c.blocks(fn), Pos: c.pos(fn)})
		}
	}
	if len(l.b.Body) == 0 {
		l.errs.Add(Pos{File: file, Line: line}, "body", "the brief has no text")
	}
}

// pos finds the position of a node from its first line segment or, for
// containers, from its first descendant's.
func (c *mdConv) pos(n ast.Node) Pos {
	off := c.offset(n)
	if off < 0 {
		return Pos{File: c.file, Line: c.line}
	}
	return c.at(off)
}

// offset returns the offset of a node's first line segment or first text,
// -1 if it has none. Answers are remembered, so that a chain of nested
// containers is walked once, not once per container.
func (c *mdConv) offset(n ast.Node) int {
	if off, ok := c.first[n]; ok {
		return off
	}
	off := -1
	if t, ok := n.(*ast.Text); ok {
		off = t.Segment.Start
	} else if h, ok := n.(*ast.RawHTML); ok && h.Segments.Len() > 0 {
		off = h.Segments.At(0).Start
	} else if n.Type() == ast.TypeBlock {
		if lines := n.Lines(); lines != nil && lines.Len() > 0 {
			off = lines.At(0).Start
		}
	}
	if off < 0 {
		// Walk down iteratively: the chain can be as deep as the input
		// is long.
		var chain []ast.Node
		for x := n.FirstChild(); x != nil; x = x.FirstChild() {
			if o, ok := c.first[x]; ok {
				off = o
				break
			}
			chain = append(chain, x)
			if t, ok := x.(*ast.Text); ok {
				off = t.Segment.Start
				break
			}
			if x.Type() == ast.TypeBlock {
				if lines := x.Lines(); lines != nil && lines.Len() > 0 {
					off = lines.At(0).Start
					break
				}
			}
		}
		for _, x := range chain {
			c.first[x] = off
		}
	}
	c.first[n] = off
	return off
}

// at turns an offset of the body into a position in brief.md: the line by
// binary search in the line starts, the column counted in runes from the
// line's start or from the last column computed on the same line.
func (c *mdConv) at(off int) Pos {
	i := sort.SearchInts(c.starts, off+1) - 1 // the last start <= off
	start := c.starts[i]
	var col int
	if c.last.off >= start && c.last.off <= off {
		col = c.last.col + utf8.RuneCount(c.body[c.last.off:off])
	} else {
		col = 1 + utf8.RuneCount(c.body[start:off])
	}
	c.last.off, c.last.col = off, col
	return Pos{File: c.file, Line: c.line + i, Col: col}
}

// lineStarts returns the offset at which each line of b starts.
func lineStarts(b []byte) []int {
	starts := []int{0}
	for i, ch := range b {
		if ch == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func (c *mdConv) blocks(n ast.Node) []Block {
	var out []Block
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if b, ok := c.block(ch); ok {
			out = append(out, b)
		}
	}
	return out
}

func (c *mdConv) block(n ast.Node) (Block, bool) {
	pos := c.pos(n)
	switch n := n.(type) {
	case *ast.Heading:
		ins := c.inlines(n)
		c.inlinePlacements(ins)
		return Block{Kind: Heading, Level: n.Level, Inlines: ins, Pos: pos}, true
	case *ast.Paragraph, *ast.TextBlock:
		ins := c.inlines(n)
		if len(ins) == 1 && ins[0].Kind == TextRun {
			if m := placeRE().FindStringSubmatch(ins[0].Text); m != nil {
				if m[1] != "table" && m[1] != "figure" {
					c.l.errs.Add(pos, "body", "unknown placement %q; write {{table ID}} or {{figure ID}}", m[1])
					return Block{}, false
				}
				return Block{Kind: Place, RefKind: m[1], Ref: m[2], Pos: pos}, true
			}
		}
		c.inlinePlacements(ins)
		return Block{Kind: Paragraph, Inlines: ins, Pos: pos}, true
	case *east.Table:
		c.l.errs.Add(pos, "body", "a Markdown table is not supported; declare the table in the front matter and place it with {{table ID}}")
		return Block{}, false
	case *ast.Blockquote:
		if !c.enter(pos) {
			return Block{}, false
		}
		defer c.leave()
		return Block{Kind: Quote, Children: c.blocks(n), Pos: pos}, true
	case *ast.List:
		if !c.enter(pos) {
			return Block{}, false
		}
		defer c.leave()
		return Block{Kind: List, Ordered: n.IsOrdered(), Start: n.Start, Children: c.blocks(n), Pos: pos}, true
	case *ast.ListItem:
		return Block{Kind: Item, Children: c.blocks(n), Pos: pos}, true
	case *ast.ThematicBreak:
		return Block{Kind: Break, Pos: pos}, true
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b bytes.Buffer
		for i := 0; i < n.Lines().Len(); i++ {
			s := n.Lines().At(i)
			b.Write(s.Value(c.body))
		}
		return Block{Kind: Paragraph, Inlines: []Inline{{Kind: Code, Text: b.String(), Pos: pos}}, Pos: pos}, true
	case *ast.LinkReferenceDefinition:
		// [label]: url defines what [text][label] links to; goldmark
		// resolves the links, and the definition prints nothing.
		return Block{}, false
	case *east.FootnoteBacklink:
		// goldmark adds a back link after a footnote's last block when
		// that block is not a paragraph; the renderers make their own.
		return Block{}, false
	case *ast.HTMLBlock:
		c.l.errs.Add(pos, "body", "raw HTML is not supported in a brief")
		return Block{}, false
	}
	c.l.errs.Add(pos, "body", "unsupported Markdown element %s", n.Kind())
	return Block{}, false
}

// inlinePlacements reports {{table ID}} or {{figure ID}} written inside a
// sentence: a placement must be a paragraph of its own.
func (c *mdConv) inlinePlacements(ins []Inline) {
	for _, in := range ins {
		if in.Kind == TextRun && strings.Contains(in.Text, "{{") {
			if loc := inlinePlaceRE().FindStringIndex(in.Text); loc != nil {
				p := in.Pos
				p.Col += utf8.RuneCountInString(in.Text[:loc[0]])
				c.l.errs.Add(p, "body", "%s must be a paragraph of its own", in.Text[loc[0]:loc[1]])
			}
		}
		c.inlinePlacements(in.Children)
	}
}

// enter goes into a block quote or list at pos; it reports the first
// container too deep and refuses it.
func (c *mdConv) enter(pos Pos) bool {
	if c.depth >= MaxNesting {
		if !c.deep {
			c.deep = true
			c.l.errs.Add(pos, "body", "block quotes and lists nest more than %d deep", MaxNesting)
		}
		return false
	}
	c.depth++
	return true
}

func (c *mdConv) leave() { c.depth-- }

// precheck refuses, with a position, input that goldmark would take
// quadratic time to parse: more than MaxNesting containers opened on one
// line, or more than MaxLinkOpeners link openings or lines starting with
// "[" in a paragraph.
func (c *mdConv) precheck() bool {
	opens := 0
	for i, start := range c.starts {
		end := len(c.body)
		if i+1 < len(c.starts) {
			end = c.starts[i+1] - 1
		}
		ln := c.body[start:end]
		if off := deepMarker(ln); off >= 0 {
			c.l.errs.Add(c.at(start+off), "body", "block quotes and lists nest more than %d deep", MaxNesting)
			return false
		}
		if len(bytes.TrimSpace(ln)) == 0 {
			opens = 0
			continue
		}
		// Links, and lines that may open a link reference definition:
		// goldmark tries each against the rest of the paragraph.
		opens += bytes.Count(ln, []byte("]("))
		if t := bytes.TrimLeft(ln, " \t>"); len(t) > 0 && t[0] == '[' {
			opens++
		}
		if opens > MaxLinkOpeners {
			c.l.errs.Add(c.at(start), "body", "more than %d links or link definitions in one paragraph", MaxLinkOpeners)
			return false
		}
	}
	return true
}

// placementsOnly records the placements of a body refused before parsing,
// line by line, so that its tables and figures are not also reported as
// never placed.
func (c *mdConv) placementsOnly() {
	for i, start := range c.starts {
		end := len(c.body)
		if i+1 < len(c.starts) {
			end = c.starts[i+1] - 1
		}
		ln := bytes.TrimSpace(c.body[start:end])
		if m := placeRE().FindSubmatch(ln); m != nil && (string(m[1]) == "table" || string(m[1]) == "figure") {
			c.l.b.Body = append(c.l.b.Body, Block{Kind: Place, RefKind: string(m[1]), Ref: string(m[2]), Pos: c.at(start)})
		}
	}
}

// deepMarker returns the offset of the container marker (">", "-", "*",
// "+", "1." or "1)") that opens the line's (MaxNesting+1)th block quote or
// list, or -1.
func deepMarker(ln []byte) int {
	n := 0
	i := 0
	for i < len(ln) {
		for i < len(ln) && (ln[i] == ' ' || ln[i] == '\t') {
			i++
		}
		if i == len(ln) {
			break
		}
		at := i
		switch ch := ln[i]; {
		case ch == '>':
			i++
		case ch == '-' || ch == '*' || ch == '+':
			if i+1 < len(ln) && ln[i+1] != ' ' && ln[i+1] != '\t' {
				return -1
			}
			i++
		case ch >= '0' && ch <= '9':
			j := i
			for j < len(ln) && j-i < 9 && ln[j] >= '0' && ln[j] <= '9' {
				j++
			}
			if j == len(ln) || (ln[j] != '.' && ln[j] != ')') || (j+1 < len(ln) && ln[j+1] != ' ' && ln[j+1] != '\t') {
				return -1
			}
			i = j + 1
		default:
			return -1
		}
		n++
		if n > MaxNesting {
			return at
		}
	}
	return -1
}

func (c *mdConv) inlines(n ast.Node) []Inline {
	var out []Inline
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		pos := c.pos(ch)
		switch ch := ch.(type) {
		case *ast.Text:
			s := unescape(ch.Segment.Value(c.body))
			out = c.appendText(out, s, pos)
			if ch.HardLineBreak() {
				out = append(out, Inline{Kind: HardBreak, Pos: pos})
			} else if ch.SoftLineBreak() {
				out = append(out, Inline{Kind: SoftBreak, Pos: pos})
			}
		case *ast.String:
			out = c.appendText(out, string(ch.Value), pos)
		case *ast.Emphasis:
			k := Emph
			if ch.Level >= 2 {
				k = Strong
			}
			out = append(out, Inline{Kind: k, Children: c.inlines(ch), Pos: pos})
		case *ast.Link:
			out = append(out, Inline{Kind: Link, URL: string(ch.Destination), Children: c.inlines(ch), Pos: pos})
		case *ast.AutoLink:
			u := string(ch.URL(c.body))
			out = append(out, Inline{Kind: Link, URL: u, Children: []Inline{{Kind: TextRun, Text: string(ch.Label(c.body)), Pos: pos}}, Pos: pos})
		case *ast.CodeSpan:
			var b bytes.Buffer
			for g := ch.FirstChild(); g != nil; g = g.NextSibling() {
				if t, ok := g.(*ast.Text); ok {
					b.Write(t.Segment.Value(c.body))
				}
			}
			out = append(out, Inline{Kind: Code, Text: b.String(), Pos: pos})
		case *east.FootnoteLink:
			if !slices.Contains(c.order, ch.Index) {
				c.order = append(c.order, ch.Index)
			}
			out = append(out, Inline{Kind: FootnoteRef, Label: c.noteLabel(ch.Index), Pos: pos})
		case *ast.RawHTML:
			c.l.errs.Add(pos, "body", "raw HTML is not supported in a brief")
		case *ast.Image:
			c.l.errs.Add(pos, "body", "images are not placed with Markdown; declare a chart and place it with {{figure ID}}")
		default:
			out = append(out, c.inlines(ch)...)
		}
	}
	return out
}

// unescape resolves what goldmark leaves in text segments for the renderer:
// backslash escapes of ASCII punctuation (\*) and entity and numeric
// character references (&amp; &ndash; &#8211; &#x2013;), in one pass, so
// that \&amp; stays "&amp;".
func unescape(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		switch ch := b[i]; {
		case ch == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]):
			out = append(out, b[i+1])
			i++
		case ch == '&':
			if s, n := reference(b[i:]); n > 0 {
				out = append(out, s...)
				i += n - 1
				continue
			}
			out = append(out, ch)
		default:
			out = append(out, ch)
		}
	}
	return string(out)
}

// reference decodes the character reference at the start of b, as
// CommonMark defines it, and returns its text and length, or 0.
func reference(b []byte) (string, int) {
	end := bytes.IndexByte(b, ';')
	if end < 2 || end > 40 {
		return "", 0
	}
	name := string(b[1:end])
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base, digits := 10, 7
		if len(num) > 0 && (num[0] == 'x' || num[0] == 'X') {
			base, digits, num = 16, 6, num[1:]
		}
		if num == "" || len(num) > digits {
			return "", 0
		}
		v, err := strconv.ParseUint(num, base, 32)
		if err != nil {
			return "", 0
		}
		r := rune(v)
		if r == 0 || !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		return string(r), end + 1
	}
	for _, ch := range []byte(name) {
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9') {
			return "", 0
		}
	}
	if e, ok := util.LookUpHTML5EntityByName(name); ok {
		return string(e.Characters), end + 1
	}
	return "", 0
}

// noteLabel names footnote i; references and definitions share it.
func (c *mdConv) noteLabel(i int) string {
	return "#" + strconv.Itoa(i)
}

// appendText adds text, joining it to a preceding text run.
func (c *mdConv) appendText(out []Inline, s string, pos Pos) []Inline {
	if s == "" {
		return out
	}
	c.l.b.Texts = append(c.l.b.Texts, TextAt{Pos: pos, Field: "body", S: s})
	if k := len(out) - 1; k >= 0 && out[k].Kind == TextRun {
		out[k].Text += s
		return out
	}
	return append(out, Inline{Kind: TextRun, Text: s, Pos: pos})
}
