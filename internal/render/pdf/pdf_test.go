package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/pdf"
	"github.com/un-briefs/report/internal/testkit"
	"github.com/un-briefs/report/internal/theme"
)

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(testkit.Need(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func bundledDoc(t testing.TB) *doc.Document {
	t.Helper()
	b, err := data.LoadDir("../../../briefs/nk-2017")
	if err != nil {
		t.Fatal(err)
	}
	return compose.Compose(b, compose.Options{Generator: "report test"})
}

func defaultTheme(t testing.TB) *theme.Theme {
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func render(t testing.TB, d *doc.Document, th *theme.Theme) ([]byte, pdf.Info) {
	t.Helper()
	var buf bytes.Buffer
	info, err := pdf.Render(&buf, d, th)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), info
}

func write(t *testing.T, b []byte) string {
	p := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// inOrder counts how many of want's words appear in got in the same order.
func inOrder(want, got []string) int {
	n, j := 0, 0
	for _, w := range want {
		for k := j; k < len(got) && k < j+400; k++ {
			if got[k] == w {
				n++
				j = k + 1
				break
			}
		}
	}
	return n
}

func TestBundledBrief(t *testing.T) {
	b, info := render(t, bundledDoc(t), defaultTheme(t))
	file := write(t, b)
	if out := run(t, "qpdf", "--check", file); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	if info.Pages > 6 {
		t.Errorf("%d pages; the brief must fit in 6", info.Pages)
	}
	t.Run("fonts embedded", func(t *testing.T) {
		out := run(t, "pdffonts", file)
		lines := strings.Split(strings.TrimSpace(out), "\n")[2:]
		if len(lines) == 0 {
			t.Fatal("no fonts")
		}
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) < 5 || f[len(f)-5] != "yes" {
				t.Errorf("font not embedded: %s", l)
			}
		}
	})
	t.Run("seed words in order", func(t *testing.T) {
		seed, err := os.ReadFile("../../compose/testdata/seed.txt")
		if err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(string(seed))
		words = words[2:] // the masthead sets the date as "3 October 2017", not "03.10.2017"
		got := strings.Fields(run(t, "pdftotext", file, "-"))
		n := inOrder(words, got)
		if ratio := float64(n) / float64(len(words)); ratio < 0.995 {
			t.Errorf("%d of %d seed words (%.2f%%) come back in order", n, len(words), 100*ratio)
		}
		text := strings.Join(got, " ")
		for _, s := range []string{"“era of strategic patience,”", "(2012–2016)", "Russia’s", "“double freeze”", "2018–2019"} {
			if !strings.Contains(text, s) {
				t.Errorf("text lacks %q", s)
			}
		}
	})
	t.Run("table rows", func(t *testing.T) {
		layout := run(t, "pdftotext", "-layout", file, "-")
		for _, re := range []string{
			`12 February\s+Pukguksong-2\s+1\s+500`,
			`6 March\s+Scud variant\s+4\s+1,000`,
			`22 March\s+Hwasong-10\* \(probably\)\s+1\s+Failed attempt`,
			`5 April\s+unconfirmed missile\s+1\s+60`,
			`3 September\s+Hydrogen bomb\s+1\s+-`,
			`15 September\s+Hwasong-12\s+1\s+3,700`,
			`\*unconfirmed`,
			`Source: own elaboration based on data from UN Expert Report, United Nations Security Council, 5 September 2017, S/2017/742\.`,
		} {
			if !regexp.MustCompile(re).MatchString(layout) {
				t.Errorf("no line matches %s", re)
			}
		}
	})
	t.Run("page numbers", func(t *testing.T) {
		for p := 1; p <= info.Pages; p++ {
			out := run(t, "pdftotext", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-")
			if want := strconv.Itoa(p) + " of " + strconv.Itoa(info.Pages); !strings.Contains(out, want) {
				t.Errorf("page %d lacks %q", p, want)
			}
		}
	})
	t.Run("outline", func(t *testing.T) {
		out := run(t, "qpdf", "--json", "--json-key=outlines", file)
		for _, h := range []string{"North Korea Crisis", "Russia’s Position", "Russia’s Reactions", "Russia on North Korea Sanctions", "Conclusions"} {
			if !strings.Contains(out, `"title": "`+h+`"`) {
				t.Errorf("outline lacks %q", h)
			}
		}
	})
	t.Run("metadata", func(t *testing.T) {
		out := run(t, "pdfinfo", file)
		for _, want := range []string{"Title:           Russia’s Position on the North Korea Crisis", "Creator:         report test", "(A4)", "CreationDate:    Tue Oct  3 00:00:00 2017"} {
			if !strings.Contains(out, want) {
				t.Errorf("pdfinfo lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("no raster images", func(t *testing.T) {
		out := run(t, "pdfimages", "-list", file)
		if n := len(strings.Split(strings.TrimSpace(out), "\n")); n > 2 {
			t.Errorf("the PDF holds images:\n%s", out)
		}
	})
	t.Run("chart text", func(t *testing.T) {
		text := run(t, "pdftotext", file, "-")
		for _, s := range []string{"Figure 1. Reported distance", "Figure 2. Missiles launched", "3,000", "Distance (km)", "Resolution 2371", "Jul"} {
			if !strings.Contains(text, s) {
				t.Errorf("text lacks %q", s)
			}
		}
	})
}

func TestDeterministic(t *testing.T) {
	th := defaultTheme(t)
	a, _ := render(t, bundledDoc(t), th)
	b, _ := render(t, bundledDoc(t), th)
	if !bytes.Equal(a, b) {
		t.Error("two renders differ")
	}
	d := bundledDoc(t)
	d.Meta.BuildDate = time.Unix(1700000000, 0).UTC()
	c, _ := render(t, d, th)
	if !bytes.Contains(uncompressed(t, c), []byte("/CreationDate (D:20231114")) {
		t.Error("SOURCE_DATE_EPOCH date not in the PDF")
	}
}

// longTable is a document holding one table of n rows.
func longTable(n int) *doc.Document {
	t := &doc.Table{ID: "t", Number: 1, Label: "Table 1", Caption: "Many rows", InBody: true, Source: "Source: test",
		Columns: []doc.Column{{Name: "a", Label: "Name", Kind: doc.Text, Align: doc.Left}, {Name: "b", Label: "Value", Kind: doc.Integer, Align: doc.Right}}}
	for i := 0; i < n; i++ {
		t.Rows = append(t.Rows, []doc.Cell{
			{Value: doc.Value{Kind: doc.Text, Str: "row"}, Text: "row " + strconv.Itoa(i+1)},
			{Value: doc.Value{Kind: doc.Integer, Int: int64(i)}, Text: strconv.Itoa(i)},
		})
	}
	return &doc.Document{
		Meta:   doc.Meta{Title: "Long", DateText: "1 January 2020", Lang: "en", Generator: "report test", BuildDate: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		Blocks: []doc.Block{&doc.Paragraph{Role: "body", Runs: []doc.Run{{Text: "Before the table."}}}, &doc.TableRef{Table: t}},
		Tables: []*doc.Table{t},
	}
}

func TestTableAcrossPages(t *testing.T) {
	b, info := render(t, longTable(300), defaultTheme(t))
	file := write(t, b)
	if info.Pages < 3 {
		t.Fatalf("%d pages for 300 rows", info.Pages)
	}
	seen := 0
	for p := 1; p <= info.Pages; p++ {
		out := run(t, "pdftotext", "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-")
		if !regexp.MustCompile(`Name\s+Value`).MatchString(out) {
			t.Errorf("page %d has no table header", p)
		}
		seen += len(regexp.MustCompile(`(?m)row \d+\s+\d+$`).FindAllString(out, -1))
	}
	if seen != 300 {
		t.Errorf("%d rows read back whole, want 300", seen)
	}
}

func TestFootnotes(t *testing.T) {
	d := longTable(0)
	d.Tables = nil
	d.Blocks = []doc.Block{
		&doc.Paragraph{Role: "body", Runs: []doc.Run{{Text: "A claim"}, {Text: "1", Footnote: 1}, {Text: " and "}, {Text: "a link", Link: "https://example.org/"}, {Text: "."}}},
	}
	d.Footnotes = []doc.Footnote{{Number: 1, Runs: []doc.Run{{Text: "The evidence for the claim."}}}}
	for _, mode := range []string{"page", "end"} {
		th := defaultTheme(t)
		th.Footnotes = mode
		b, _ := render(t, d, th)
		file := write(t, b)
		text := run(t, "pdftotext", file, "-")
		if !strings.Contains(text, "1 The evidence for the claim.") && !strings.Contains(text, "1\u00a0The evidence for the claim.") {
			t.Errorf("%s: footnote text missing:\n%s", mode, text)
		}
		if !bytes.Contains(uncompressed(t, b), []byte("/URI (https://example.org/)")) {
			t.Errorf("%s: no link annotation", mode)
		}
	}
}

func TestLetterPaper(t *testing.T) {
	th := defaultTheme(t)
	th.Page.Size = "Letter"
	b, _ := render(t, longTable(5), th)
	if out := run(t, "pdfinfo", write(t, b)); !strings.Contains(out, "612 x 792 pts (letter)") {
		t.Errorf("not Letter:\n%s", out)
	}
}

// TestNoWidowsOrOrphans sets paragraphs of different lengths, each made of
// its own word, and checks every paragraph that a page break splits leaves
// at least two lines on each side.
func TestNoWidowsOrOrphans(t *testing.T) {
	d := longTable(0)
	d.Tables = nil
	d.Blocks = nil
	for i := 0; i < 60; i++ {
		word := "w" + strconv.Itoa(100+i)
		n := 15 + (i*37)%130 // 1 to 10 lines
		d.Blocks = append(d.Blocks, &doc.Paragraph{Role: "body", Runs: []doc.Run{{Text: strings.TrimSpace(strings.Repeat(word+" ", n))}}})
	}
	b, info := render(t, d, defaultTheme(t))
	file := write(t, b)
	if info.Pages < 3 {
		t.Fatalf("only %d pages", info.Pages)
	}
	lines := map[string][]int{} // paragraph → lines on each page
	for p := 1; p <= info.Pages; p++ {
		out := run(t, "pdftotext", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-")
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || !strings.HasPrefix(f[0], "w") {
				continue
			}
			counts := lines[f[0]]
			for len(counts) < p {
				counts = append(counts, 0)
			}
			counts[p-1]++
			lines[f[0]] = counts
		}
	}
	split := 0
	for word, counts := range lines {
		var parts []int
		for _, c := range counts {
			if c > 0 {
				parts = append(parts, c)
			}
		}
		if len(parts) > 1 {
			split++
			if parts[0] < 2 || parts[len(parts)-1] < 2 {
				t.Errorf("paragraph %s is split %v across pages", word, parts)
			}
		}
	}
	if split == 0 {
		t.Log(lines)
		t.Error("no paragraph was split across pages; the test proves nothing")
	}
}
