package data

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

var md = goldmark.New(goldmark.WithExtensions(extension.Footnote))

// placeRE matches a paragraph that places a table or figure: {{table id}}.
var placeRE = regexp.MustCompile(`^\{\{\s*([a-z]+)\s+([^\s{}]+)\s*\}\}$`)

type mdConv struct {
	l     *loader
	file  string
	body  []byte
	line  int // line of the body's first line in brief.md
	notes map[int]Footnote
	order []int
}

func (l *loader) body(file string, body []byte, line int) {
	c := &mdConv{l: l, file: file, body: body, line: line, notes: map[int]Footnote{}}
	doc := md.Parser().Parse(text.NewReader(body))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if fl, ok := n.(*east.FootnoteList); ok {
			for f := fl.FirstChild(); f != nil; f = f.NextSibling() {
				fn := f.(*east.Footnote)
				c.notes[fn.Index] = Footnote{Label: c.noteLabel(fn.Index), Blocks: c.blocks(fn), Pos: c.pos(fn)}
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
	if len(l.b.Body) == 0 {
		l.errs.Add(Pos{File: file, Line: line}, "body", "the brief has no text")
	}
}

// pos finds the position of a node from its first line segment or, for
// inline containers, from its first text descendant.
func (c *mdConv) pos(n ast.Node) Pos {
	off := -1
	if n.Type() == ast.TypeBlock {
		if lines := n.Lines(); lines != nil && lines.Len() > 0 {
			off = lines.At(0).Start
		}
	}
	if off < 0 {
		for x := n; x != nil; x = x.FirstChild() {
			if t, ok := x.(*ast.Text); ok {
				off = t.Segment.Start
				break
			}
			if x.Type() == ast.TypeBlock && x != n {
				if lines := x.Lines(); lines != nil && lines.Len() > 0 {
					off = lines.At(0).Start
					break
				}
			}
		}
	}
	if off < 0 {
		return Pos{File: c.file, Line: c.line}
	}
	p := offsetPos(c.file, c.body, off)
	p.Line += c.line - 1
	return p
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
		return Block{Kind: Heading, Level: n.Level, Inlines: c.inlines(n), Pos: pos}, true
	case *ast.Paragraph, *ast.TextBlock:
		ins := c.inlines(n)
		if len(ins) == 1 && ins[0].Kind == TextRun {
			if m := placeRE.FindStringSubmatch(ins[0].Text); m != nil {
				if m[1] != "table" && m[1] != "figure" {
					c.l.errs.Add(pos, "body", "unknown placement %q; write {{table ID}} or {{figure ID}}", m[1])
					return Block{}, false
				}
				return Block{Kind: Place, RefKind: m[1], Ref: m[2], Pos: pos}, true
			}
		}
		return Block{Kind: Paragraph, Inlines: ins, Pos: pos}, true
	case *ast.Blockquote:
		return Block{Kind: Quote, Children: c.blocks(n), Pos: pos}, true
	case *ast.List:
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
	case *ast.HTMLBlock:
		c.l.errs.Add(pos, "body", "raw HTML is not supported in a brief")
		return Block{}, false
	}
	c.l.errs.Add(pos, "body", "unsupported Markdown element %s", n.Kind())
	return Block{}, false
}

func (c *mdConv) inlines(n ast.Node) []Inline {
	var out []Inline
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		pos := c.pos(ch)
		switch ch := ch.(type) {
		case *ast.Text:
			s := string(ch.Segment.Value(c.body))
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
