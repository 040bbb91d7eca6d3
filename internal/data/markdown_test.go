package data_test

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/theme"
)

// loadBody loads a brief whose body is md; the body starts on line 5.
func loadBody(tb testing.TB, md string) (*data.Brief, error) {
	tb.Helper()
	fsys := fstest.MapFS{"brief.md": {Data: []byte("---\ntitle: T\ndate: 2020-01-01\n---\n" + md)}}
	return data.Load(fsys, "b", "b")
}

func TestEscapesAndEntities(t *testing.T) {
	b, err := loadBody(t, `\*not emphasis\*, R&amp;D in 2012&ndash;2016, &#8211; &#x2013; &copy; \&amp; &bogus; a\b
`)
	if err != nil {
		t.Fatal(err)
	}
	got := data.PlainText(b.Body[0].Inlines)
	want := `*not emphasis*, R&D in 2012–2016, – – © &amp; &bogus; a\b`
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	for _, in := range b.Body[0].Inlines {
		if in.Kind == data.Emph {
			t.Errorf("escaped stars made emphasis")
		}
	}
	// The text checked for font coverage is the text set.
	for _, x := range b.Texts {
		if strings.Contains(x.S, "&ndash;") {
			t.Errorf("Texts holds the raw reference: %q", x.S)
		}
	}
}

func TestMarkdownErrors(t *testing.T) {
	for name, tc := range map[string]struct{ md, want string }{
		"pipe table": {"Lead.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
			"b/brief.md:7:3: body: a Markdown table is not supported; declare the table in the front matter and place it with {{table ID}}"},
		"placement in a sentence": {"As {{table t}} shows, things.\n",
			"b/brief.md:5:4: body: {{table t}} must be a paragraph of its own"},
		"placement in a heading": {"Lead.\n\n## See {{figure f}}\n",
			"b/brief.md:7:8: body: {{figure f}} must be a paragraph of its own"},
		"quotes too deep on one line": {strings.Repeat(">", 17) + " x\n",
			"b/brief.md:5:17: body: block quotes and lists nest more than 16 deep"},
		"lists too deep on one line": {strings.Repeat("- ", 17) + "x\n",
			"b/brief.md:5:33: body: block quotes and lists nest more than 16 deep"},
		"quotes too deep over lines": {func() string {
			var b strings.Builder
			for i := 1; i <= 20; i++ {
				b.WriteString(strings.Repeat("> ", i%16+1) + strings.Repeat("> ", i/16*15) + "x\n")
			}
			return b.String()
		}(), "body: block quotes and lists nest more than 16 deep"},
		"lists too deep by indentation": {func() string {
			var b strings.Builder
			for i := range 20 {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
			return b.String()
		}(), "b/brief.md:21:35: body: block quotes and lists nest more than 16 deep"},
		"too many links": {strings.Repeat("[a](", 1001) + "\n",
			"b/brief.md:5:1: body: more than 1000 links or link definitions in one paragraph"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loadBody(t, tc.md)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestNestingAtTheLimit(t *testing.T) {
	if data.MaxNesting != theme.NestingLimit {
		t.Fatalf("data.MaxNesting %d, theme.NestingLimit %d: the theme bounds indents for the brief's nesting", data.MaxNesting, theme.NestingLimit)
	}
	b, err := loadBody(t, strings.Repeat("> ", data.MaxNesting)+"x\n\n"+strings.Repeat("- ", data.MaxNesting)+"y\n")
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for blk := b.Body[0]; len(blk.Children) > 0; blk = blk.Children[0] {
		depth++
	}
	if depth != data.MaxNesting {
		t.Errorf("quote depth %d", depth)
	}
}

// TestPositions checks line and column of blocks and inlines after the
// line-offset table replaced counting from the file's start.
func TestPositions(t *testing.T) {
	b, err := loadBody(t, "Lead *é* x.\n\n> > deep **b**\n\n- item\n  - inner é `c`\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func(bs []data.Block)
	var walkIn func(ins []data.Inline)
	walkIn = func(ins []data.Inline) {
		for _, in := range ins {
			got = append(got, string(in.Kind)+"@"+in.Pos.String())
			walkIn(in.Children)
		}
	}
	walk = func(bs []data.Block) {
		for _, blk := range bs {
			got = append(got, string(blk.Kind)+"@"+blk.Pos.String())
			walkIn(blk.Inlines)
			walk(blk.Children)
		}
	}
	walk(b.Body)
	want := "paragraph@b/brief.md:5:1 text@b/brief.md:5:1 emph@b/brief.md:5:7 text@b/brief.md:5:7 text@b/brief.md:5:9 " +
		"quote@b/brief.md:7:5 quote@b/brief.md:7:5 paragraph@b/brief.md:7:5 text@b/brief.md:7:5 strong@b/brief.md:7:12 text@b/brief.md:7:12 " +
		"list@b/brief.md:9:3 item@b/brief.md:9:3 paragraph@b/brief.md:9:3 text@b/brief.md:9:3 list@b/brief.md:10:5 item@b/brief.md:10:5 paragraph@b/brief.md:10:5 text@b/brief.md:10:5 code@b/brief.md:10:14"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("positions:\n%s\nwant\n%s", g, want)
	}
}

// BenchmarkNesting loads 1,000 and 10,000 levels of nesting, refused with
// a position in time linear in the input; before, goldmark took quadratic
// time on them and the conversion counted lines from the file's start for
// every node of the chain (43 s for 100 KB of ">").
func BenchmarkNesting(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for kind, md := range map[string]string{
			"quote": strings.Repeat(">", n) + " x\n",
			"list":  strings.Repeat("- ", n) + "x\n",
			"mixed": strings.Repeat("> 1. ", n) + "x\n",
		} {
			b.Run(kind+"-"+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(md)))
				for b.Loop() {
					if _, err := loadBody(b, md); err == nil {
						b.Fatal("no error")
					}
				}
			})
		}
	}
	// Nesting at the limit on 1,000 and 10,000 lines: accepted.
	for _, n := range []int{1000, 10000} {
		var s strings.Builder
		for i := 1; i <= n; i++ {
			s.WriteString(strings.Repeat("> ", data.MaxNesting-1) + "- x\n")
		}
		md := s.String()
		b.Run("at-limit-lines-"+strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(md)))
			for b.Loop() {
				if _, err := loadBody(b, md); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLongBody converts a body of many small blocks, near the size
// limit of brief.md: linear in the number of nodes.
func BenchmarkLongBody(b *testing.B) {
	var s strings.Builder
	for s.Len() < data.MaxBriefBytes-200 {
		s.WriteString("> - A *point* with a [link](https://example.org) and `code`.\n\n")
	}
	md := s.String()
	b.SetBytes(int64(len(md)))
	for b.Loop() {
		if _, err := loadBody(b, md); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLinkReference: a link reference definition failed the brief with
// "unsupported Markdown element LinkReferenceDefinition".
func TestLinkReference(t *testing.T) {
	b, err := loadBody(t, "See [the report][r].\n\n[r]: https://example.org/r \"Report\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Body) != 1 {
		t.Fatalf("%d blocks; the definition prints nothing", len(b.Body))
	}
	var link *data.Inline
	for i, in := range b.Body[0].Inlines {
		if in.Kind == data.Link {
			link = &b.Body[0].Inlines[i]
		}
	}
	if link == nil || link.URL != "https://example.org/r" || data.PlainText(link.Children) != "the report" {
		t.Errorf("link %+v", link)
	}
}

// TestLinkDefinitionLines: 65,000 lines starting with "[" in one paragraph
// took goldmark 6.5 s (quadratic); more than data.MaxLinkOpeners are
// refused before parsing.
func TestLinkDefinitionLines(t *testing.T) {
	_, err := loadBody(t, strings.Repeat("[a]\n", data.MaxLinkOpeners+1))
	if err == nil || !strings.Contains(err.Error(), "b/brief.md:1005:1: body: more than 1000 links or link definitions in one paragraph") {
		t.Errorf("err = %v", err)
	}
}
