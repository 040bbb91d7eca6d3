//go:build ignore

// gen-markdown writes the hostile Markdown cases of bad/ (bad/md-*.txtar
// and bad/ok-md-*.txtar): the base brief with a body part changed. Run
// from internal/data:
//
//	go run testdata/gen-markdown.go && go test -run TestBadInput -update
//
// The test fills in each archive's want section; review the diff.
package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/txtar"
)

func main() {
	base, err := os.ReadFile(filepath.Join("testdata", "base", "brief.md"))
	if err != nil {
		log.Fatal(err)
	}
	// The front matter of the base brief, up to and including its closing ---.
	front := string(base[:strings.Index(string(base[4:]), "\n---\n")+4+5])

	type tc struct{ name, comment, part string }
	var cases []tc
	add := func(name, comment, part string) { cases = append(cases, tc{name, comment, part}) }
	lines := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			b.WriteString(f(i) + "\n")
		}
		return b.String()
	}

	// Nesting: goldmark takes quadratic time on containers opened on one
	// line, and the layout runs out of width.
	add("md-quote-17-one-line", "17 block quotes opened on one line", strings.Repeat(">", 17)+" x")
	add("md-quote-17-spaced", "17 block quotes, spaced", strings.Repeat("> ", 17)+"x")
	add("md-quote-1000-one-line", "1,000 block quotes on one line (100 KB of > took 43 s)", strings.Repeat(">", 1000)+" x")
	add("md-list-17-one-line", "17 lists opened on one line", strings.Repeat("- ", 17)+"x")
	add("md-list-star-17", "17 lists with * markers", strings.Repeat("* ", 17)+"x")
	add("md-list-plus-17", "17 lists with + markers", strings.Repeat("+ ", 17)+"x")
	add("md-list-ordered-17", "17 ordered lists", strings.Repeat("1. ", 17)+"x")
	add("md-list-paren-17", "17 ordered lists with )", strings.Repeat("1) ", 17)+"x")
	add("md-list-1000-one-line", "1,000 lists on one line (200 KB of - took 254 s)", strings.Repeat("- ", 1000)+"x")
	add("md-mixed-17", "quotes and lists mixed, 18 deep", strings.Repeat("> - ", 9)+"x")
	add("md-quote-growing", "one more > on each line", lines(20, func(i int) string { return strings.Repeat(">", i) + " x" }))
	add("md-list-indented-17", "lists nested by indentation, 17 deep", lines(17, func(i int) string { return strings.Repeat("  ", i-1) + "- x" }))
	add("md-quote-in-list-indented", "a quote then a list in each indented list item, 17 lists deep", lines(17, func(i int) string { return strings.Repeat("  ", i-1) + "- > x" }))
	add("md-note-deep", "a footnote definition nested 17 deep", "See the aside.[^deep]\n\n[^deep]: "+strings.Repeat("> ", 17)+"x")
	// Links: goldmark takes quadratic time on thousands of unclosed links.
	add("md-links-1001", "1,001 unclosed links on one line (50,000 took 14 s)", strings.Repeat("[a](", 1001))
	add("md-links-1001-lines", "1,001 unclosed links, one a line", lines(1001, func(int) string { return "[a](" }))
	add("md-link-lines-1001", "1,001 lines starting with [ in one paragraph (65,000 took 6.5 s: each may open a link definition)", lines(1001, func(int) string { return "[a]" }))
	add("md-link-defs-1001", "1,001 link reference definitions without blank lines", lines(1001, func(i int) string { return fmt.Sprintf("[d%d]: https://example.org", i) }))
	add("ok-md-link-defs-1000", "1,000 link reference definitions in one paragraph: the limit", lines(1000, func(i int) string { return fmt.Sprintf("[d%d]: https://example.org", i) }))
	add("md-images-1001", "1,001 unclosed images", strings.Repeat("![a](", 1001))
	// Markdown that printed as written.
	add("md-pipe-table", "a pipe table", "| a | b |\n|---|---|\n| 1 | 2 |")
	add("md-pipe-table-bare", "a pipe table without outer pipes", "a | b\n--|--\n1 | 2")
	add("md-pipe-table-aligned", "a pipe table with alignments", "| a | b |\n|:--|--:|\n| 1 | 2 |")
	add("md-pipe-table-in-quote", "a pipe table in a block quote", "> | a | b |\n> |---|---|\n> | 1 | 2 |")
	add("md-pipe-table-in-list", "a pipe table in a list item", "- | a | b |\n  |---|---|\n  | 1 | 2 |")
	add("md-place-in-sentence", "{{table t}} inside a sentence", "As {{table t}} shows, things grow.")
	add("md-place-at-end", "{{figure c}} at the end of a sentence", "The trend is in {{figure c}}")
	add("md-place-in-heading", "{{table t}} in a heading", "### See {{table t}}")
	add("md-place-in-list", "{{table t}} in a list item's sentence", "- first\n- as {{table t}} shows")
	add("md-place-in-emphasis", "{{table t}} inside emphasis", "*see {{table t}}*")
	add("md-place-in-quote-sentence", "{{figure c}} in a quoted sentence", "> The chart {{figure c}} says so.")
	add("md-place-two", "two placements in one paragraph", "{{table t}} {{figure c}}")
	add("md-place-spaced", "a placement with spaces, in a sentence", "See {{ table   t }} here.")
	add("md-raw-html-inline", "inline raw HTML", "Some <b>bold</b> text.")
	add("md-raw-html-comment", "an HTML comment", "<!-- a comment -->")
	add("md-image-inline", "a Markdown image", "![chart](chart.png)")
	add("md-place-unknown-kind", "{{chart c}} alone", "{{chart c}}")
	// Markdown that must load, and render as meant.
	add("ok-md-escapes", "backslash escapes print their character", `\*not emphasis\* and \_not\_ and \# not a heading`)
	add("ok-md-entities", "named references resolve", "R&amp;D in 2012&ndash;2016, &copy; UN, &nbsp;x")
	add("ok-md-numeric-refs", "numeric references resolve; invalid ones become U+FFFD", "&#8211; &#x2013; &#0; &#xD800;")
	add("ok-md-unknown-entity", "an unknown reference stays as written", "&bogus; and & alone")
	add("ok-md-escaped-entity", "an escaped ampersand keeps the reference as text", `\&amp;`)
	add("ok-md-heading-in-quote", "a heading in a block quote panicked at depth -1", "> # Quoted")
	add("ok-md-heading-in-list", "a heading in a list item panicked at depth -1", "- # Heading")
	add("ok-md-heading-in-note", "a heading in a footnote", "An aside.[^h]\n\n[^h]: # Heading")
	add("ok-md-skipped-levels", "# then ### broke the PDF outline", "#### Deeper\n\nText.\n\n## Back")
	add("ok-md-quote-16", "16 block quotes: the limit", strings.Repeat(">", 16)+" x")
	add("ok-md-list-16", "16 lists: the limit", strings.Repeat("- ", 16)+"x")
	add("ok-md-links-1000", "1,000 links in a paragraph: the limit", "See "+strings.Repeat("[a](https://example.org) ", 1000))
	add("ok-md-link-reference", "a link by reference and its definition (failed: unsupported Markdown element LinkReferenceDefinition)", "See [the report][r].\n\n[r]: https://example.org \"Report\"")
	add("ok-md-hard-break", "a backslash hard break", "line\\\nnext")
	add("ok-md-code-escapes", "escapes in code stay as written", "`\\*x\\* &amp;`")
	add("ok-md-deep-emphasis", "200 levels of emphasis", strings.Repeat("*_", 200)+"x"+strings.Repeat("_*", 200))
	add("ok-md-pipe-in-code", "a pipe in code is not a table", "`a | b`\n\n    c | d\n    --|--")
	add("ok-md-thematic-break", "a thematic break of stars", "* * *")

	dir := filepath.Join("testdata", "bad")
	old, _ := filepath.Glob(filepath.Join(dir, "*md-*.txtar"))
	for _, f := range old {
		os.Remove(f)
	}
	for _, c := range cases {
		body := "The lead says what matters.\n\n## Section\n\nText with a note.[^1]\n\n" + c.part + "\n\n{{table t}}\n\n{{figure c}}\n\n[^1]: The note.\n"
		ar := &txtar.Archive{Comment: []byte(c.comment + "\n"), Files: []txtar.File{
			{Name: "brief.md", Data: []byte(front + "\n" + body)},
			{Name: "want"},
		}}
		if err := os.WriteFile(filepath.Join(dir, c.name+".txtar"), txtar.Format(ar), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(len(cases), "cases")
}
