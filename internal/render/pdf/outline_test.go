package pdf_test

import (
	"os/exec"
	"strings"
	"testing"

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
