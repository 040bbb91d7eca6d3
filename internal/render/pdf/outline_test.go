package pdf_test

import (
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/testkit"
)

// TestSkippedHeadingLevels: headings that skip a level (# then ###) made an
// outline entry without a parent; mutool reported "Bad or missing parent
// pointer". The entry hangs under the nearest heading above it.
func TestSkippedHeadingLevels(t *testing.T) {
	d := &doc.Document{Meta: doc.Meta{Title: "Outline", Lang: "en"}}
	for _, h := range []struct {
		level int
		text  string
	}{{3, "Deep first"}, {1, "One"}, {3, "Skipped"}, {2, "Two"}, {1, "Three"}} {
		d.Blocks = append(d.Blocks, &doc.Heading{Level: h.level, Text: h.text, Runs: []doc.Run{{Text: h.text}}},
			&doc.Paragraph{Role: "body", Runs: []doc.Run{{Text: "Text."}}})
	}
	b, _ := render(t, d, defaultTheme(t))
	file := write(t, b)
	out, err := exec.Command(testkit.Need(t, "mutool"), "show", file, "outline").CombinedOutput()
	if err != nil || strings.Contains(string(out), "parent") || strings.Contains(string(out), "error") {
		t.Fatalf("mutool show outline: %v\n%s", err, out)
	}
	// mutool prints each entry as a mark ("+" or "|"), one tab per level
	// and more, the quoted title, a tab and the destination.
	var got []string
	for _, ln := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		ln = ln[1:]
		depth := len(ln) - len(strings.TrimLeft(ln, "\t")) - 1
		title, _, _ := strings.Cut(strings.TrimLeft(ln, "\t"), "\t")
		got = append(got, strings.Repeat(">", depth)+strings.Trim(title, `"`))
	}
	want := "Deep first|One|>Skipped|>Two|Three"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("outline %s\nwant    %s\n%s", g, want, out)
	}
	run(t, "qpdf", "--check", file)
}

// TestMarkdownText: escapes and character references printed as written
// (\*not emphasis\*, R&amp;D, 2012&ndash;2016), and a heading inside a
// block quote or list item panicked in compose. Read back with pdftotext.
func TestMarkdownText(t *testing.T) {
	md := "Lead.\n\n## One\n\n\\*not emphasis\\*, R&amp;D in 2012&ndash;2016.\n\n> # Quoted heading\n\n- # Listed heading\n\n#### Skipped\n\nEnd.\n"
	fsys := fstest.MapFS{"brief.md": {Data: []byte("---\ntitle: Text\ndate: 2020-01-01\n---\n" + md)}}
	b, err := data.Load(fsys, "b", "b")
	if err != nil {
		t.Fatal(err)
	}
	pdfb, _ := render(t, compose.Compose(b, compose.Options{}), defaultTheme(t))
	file := write(t, pdfb)
	text := strings.Join(strings.Fields(run(t, "pdftotext", file, "-")), " ")
	for _, want := range []string{"*not emphasis*, R&D in 2012–2016.", "Quoted heading", "Listed heading", "Skipped"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{`\*`, "&amp;", "&ndash;"} {
		if strings.Contains(text, bad) {
			t.Errorf("the PDF prints %q", bad)
		}
	}
	out := run(t, "qpdf", "--check", file)
	if strings.Contains(out, "WARNING") {
		t.Errorf("qpdf: %s", out)
	}
}
