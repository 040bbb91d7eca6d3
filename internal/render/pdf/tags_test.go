package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/pdfcheck"
	"github.com/un-briefs/report/internal/render/pdf"
	"github.com/un-briefs/report/internal/testkit"
	"github.com/un-briefs/report/internal/theme"
)

// checkTagged renders d and checks it as a tagged PDF: pdfinfo says so,
// qpdf finds no fault, and pdfcheck finds every MCID in exactly one
// element, nothing painted outside marked content, every link tagged. It
// returns the file and its number of pages.
func checkTagged(t *testing.T, d *doc.Document, th *theme.Theme) (string, int) {
	t.Helper()
	b, info := render(t, d, th)
	file := write(t, b)
	if out := run(t, "pdfinfo", file); !strings.Contains(out, "Tagged:          yes") {
		t.Errorf("pdfinfo does not say Tagged: yes:\n%s", out)
	}
	if out := run(t, "qpdf", "--check", file); !strings.Contains(out, "No syntax or stream encoding errors") || strings.Contains(out, "WARNING") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	pd, err := pdfcheck.Read(testkit.Need(t, "qpdf"), file)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range pd.Tagged() {
		t.Error(e)
	}
	if th.PDF.Standard == "a2a" {
		for _, e := range pd.PDFA() {
			t.Error("PDF/A: " + e)
		}
	}
	if lang := pdfcheck.Text(pd.Catalog()["/Lang"]); lang == "" || lang != d.Meta.Lang {
		t.Errorf("catalog /Lang %q, want %q", lang, d.Meta.Lang)
	}
	return file, info.Pages
}

// structTree is pdfinfo -struct-text's output for a file of so many
// pages, or "" for a long one: poppler reads a large structure tree
// slowly (45 s for the 36-page long-table brief).
func structTree(t *testing.T, file string, pages int) string {
	if pages > 12 {
		return ""
	}
	return run(t, "pdfinfo", "-struct-text", file)
}

// structLines are the quoted texts of pdfinfo -struct-text, in order.
var quoted = regexp.MustCompile(`(?m)^\s*"(.*)"$`)

func structText(out string) string {
	var b strings.Builder
	for _, m := range quoted.FindAllStringSubmatch(out, -1) {
		b.WriteString(m[1])
		b.WriteByte('\n')
	}
	return b.String()
}

func TestTaggedBundledBrief(t *testing.T) {
	d := bundledDoc(t)
	th := defaultTheme(t)
	file, pages := checkTagged(t, d, th)
	st := structTree(t, file, pages)
	checkPDFJS(t, file, st)
	text := structText(st)
	// Each chart is a Figure whose /Alt is the text compose wrote from its
	// data, with a /BBox.
	pd, err := pdfcheck.Read(testkit.Need(t, "qpdf"), file)
	if err != nil {
		t.Fatal(err)
	}
	var alts []string
	for _, e := range pd.Elements() {
		if e["/S"] == "/Figure" {
			alts = append(alts, pdfcheck.Text(e["/Alt"]))
			if !strings.Contains(fmt.Sprint(pd.Resolve(e["/A"])), "/BBox") {
				t.Errorf("figure without /BBox: %v", e)
			}
		}
	}
	if len(alts) != len(d.Figures) {
		t.Fatalf("%d Figure elements, want %d", len(alts), len(d.Figures))
	}
	for i, f := range d.Figures {
		if f.Alt == "" || alts[i] != f.Alt {
			t.Errorf("figure %d: /Alt %q, want %q", i+1, alts[i], f.Alt)
		}
	}
	if !strings.HasPrefix(alts[0], "Bar chart of Distance by Date; 12 February 2017 to 15 September 2017; highest 3,700") {
		t.Errorf("figure 1: /Alt %q", alts[0])
	}
	// No running header or footer text inside the tree.
	for _, furniture := range []string{"1 of 4", "2 of 4", "Policy Brief · 3 October 2017"} {
		if strings.Contains(text, furniture) {
			t.Errorf("the structure tree holds the running furniture %q", furniture)
		}
	}
	// The headings follow the outline, in reading order, with the body
	// text between them.
	var order []string
	for _, l := range strings.Split(st, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "H1") || strings.HasPrefix(l, "H2") || strings.HasPrefix(l, "H3") {
			order = append(order, strings.Fields(l)[0])
		}
	}
	if got := strings.Join(order, " "); got != "H1 H1 H1 H1 H1" {
		t.Errorf("headings %q, want five H1", got)
	}
	for _, re := range []string{
		`(?s)Document\n  P \(block\)\n    "Policy Brief"\n  P \(block\)\n    "3 October 2017"\n  P \(block\)\n    "Russia’s Position on the North Korea Crisis"`,
		`(?s)H1 \(block\)\n    "North Korea Crisis"\n  P \(block\)\n    "North Korea speeding up`,
		`(?s)Caption\n      "Figure 1\. Reported distance.*Figure:\n.*/BBox \[`,
		`(?s)Table \(block\)\n    Caption\n      "Table 1\. .*THead\n      TR\n        TH:\n           /Scope /Column\n          "Date"`,
		`(?s)TBody\n      TR\n        TD\n          "12 February"\n        TD\n          "Pukguksong-2"`,
	} {
		if !regexp.MustCompile(re).MatchString(st) {
			t.Errorf("pdfinfo -struct-text does not match %s", re)
		}
	}
	// A line that wraps between two words ends with a space, so that the
	// tree's text does not run the words together.
	if !strings.Contains(text, "Asia-Pacific region and indirectly") {
		t.Error("the tree's text runs the words of two lines together")
	}
	// The tree holds the seed words in the order of the brief. Poppler
	// joins a paragraph's lines without a space, so the words are looked
	// for in the text without spaces.
	seed, err := os.ReadFile("../../compose/testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(string(seed))[2:] // the masthead's date is written out
	flat := strings.Join(strings.Fields(text), "")
	n, at := 0, 0
	for _, w := range words {
		if i := strings.Index(flat[at:], w); i >= 0 && i < 2000 {
			n++
			at += i + len(w)
		}
	}
	if ratio := float64(n) / float64(len(words)); ratio < 0.995 {
		t.Errorf("%d of %d seed words (%.2f%%) come back in order from the structure tree", n, len(words), 100*ratio)
	}
}

// TestTaggedGallery checks every gallery brief, and every chart case of
// examples/charts, as a tagged PDF, with footnotes at the foot of the page
// and at the end.
func TestTaggedGallery(t *testing.T) {
	dirs, err := filepath.Glob("../../../examples/*/brief.md")
	if err != nil || len(dirs) < 6 {
		t.Fatalf("want at least six gallery briefs, have %d (%v)", len(dirs), err)
	}
	charts, _ := filepath.Glob("../../../examples/charts/*/brief.md")
	for _, f := range append(dirs, charts...) {
		dir := filepath.Dir(f)
		name := strings.TrimPrefix(filepath.ToSlash(dir), "../../../examples/")
		t.Run(name, func(t *testing.T) {
			b, err := data.LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			d := compose.Compose(b, compose.Options{Generator: "report test"})
			file, pages := checkTagged(t, d, defaultTheme(t))
			st := structTree(t, file, pages)
			checkPDFJS(t, file, st)
			if st != "" && len(d.Footnotes) > 0 && !strings.Contains(st, "Note") {
				t.Error("footnotes but no Note element")
			}
			if name == "footnotes" {
				th := defaultTheme(t)
				th.Footnotes = "end"
				checkTagged(t, d, th)
			}
		})
	}
}

// TestTaggedTableAcrossPages checks a table of many pages: one THead with
// a TH of scope Column a shown column, a TR a row, a TD a cell; the header
// repeated on later pages is an artifact there, not a second THead.
func TestTaggedTableAcrossPages(t *testing.T) {
	b, err := data.LoadDir("../../../examples/long-table")
	if err != nil {
		t.Fatal(err)
	}
	d := compose.Compose(b, compose.Options{Generator: "report test"})
	var tab *doc.Table
	for _, tb := range d.Tables {
		if tb.Number > 0 && (tab == nil || len(tb.Rows) > len(tab.Rows)) {
			tab = tb
		}
	}
	cols := 0
	for _, c := range tab.Columns {
		if !c.Hidden {
			cols++
		}
	}
	file, _ := checkTagged(t, d, defaultTheme(t))
	pd, err := pdfcheck.Read(testkit.Need(t, "qpdf"), file)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	scoped := 0
	for _, e := range pd.Elements() {
		s, _ := e["/S"].(string)
		count[s]++
		if s == "/TH" && strings.Contains(fmt.Sprint(pd.Resolve(e["/A"])), "/Scope:/Column") {
			scoped++
		}
	}
	if count["/Table"] != 1 || count["/THead"] != 1 || count["/TBody"] != 1 {
		t.Errorf("Table %d, THead %d, TBody %d; want one each", count["/Table"], count["/THead"], count["/TBody"])
	}
	if count["/TH"] != cols || scoped != cols {
		t.Errorf("%d TH (%d with /Scope /Column), want %d", count["/TH"], scoped, cols)
	}
	if count["/TR"] != len(tab.Rows)+1 || count["/TD"] != len(tab.Rows)*cols {
		t.Errorf("%d TR and %d TD, want %d and %d", count["/TR"], count["/TD"], len(tab.Rows)+1, len(tab.Rows)*cols)
	}
	// The header is on the page again, as an artifact.
	page2 := run(t, "pdftotext", "-f", "3", "-l", "3", file, "-")
	h := strings.Fields(tab.Columns[0].Heading())[0]
	if !strings.Contains(page2, h) {
		t.Errorf("page 3 does not repeat the header %q", h)
	}
}

// TestStandards renders the bundled brief with each pdf.standard of the
// theme and reads each back: a2a is tagged, PDF/A-2 conformance A and
// PDF/UA-1, in object streams, and at most 10 % larger than the plain
// PDF; ua1 is tagged and PDF/UA-1 without PDF/A; a2b is PDF/A-2 level B,
// untagged; none is a plain PDF, neither tagged nor identified. The text
// pdftotext reads is the same in all four.
func TestStandards(t *testing.T) {
	d := bundledDoc(t)
	qpdf := testkit.Need(t, "qpdf")
	texts := map[string]string{}
	sizes := map[string]int{}
	for _, std := range theme.Standards {
		t.Run(std, func(t *testing.T) {
			th := defaultTheme(t)
			th.PDF.Standard = std
			b, _ := render(t, d, th)
			sizes[std] = len(b)
			file := write(t, b)
			if out := run(t, "qpdf", "--check", file); !strings.Contains(out, "No syntax or stream encoding errors") || strings.Contains(out, "WARNING") {
				t.Errorf("qpdf --check:\n%s", out)
			}
			texts[std] = run(t, "pdftotext", file, "-")
			pd, err := pdfcheck.Read(qpdf, file)
			if err != nil {
				t.Fatal(err)
			}
			tagged := pd.Catalog()["/StructTreeRoot"] != nil
			if tagged != (std == "a2a" || std == "ua1") {
				t.Errorf("tagged: %v", tagged)
			}
			if tagged {
				for _, e := range pd.Tagged() {
					t.Error(e)
				}
			}
			xmp, _ := pd.XMP()
			pdfa := strings.Contains(xmp, "pdfaid:part")
			if pdfa != (std == "a2a" || std == "a2b") {
				t.Errorf("pdfaid in the XMP: %v", pdfa)
			}
			if pdfa {
				for _, e := range pd.PDFA() {
					t.Error(e)
				}
				conf := map[string]string{"a2a": "A", "a2b": "B"}[std]
				if !regexp.MustCompile(`pdfaid:conformance(>|=")` + conf).MatchString(xmp) {
					t.Errorf("XMP lacks pdfaid conformance %s:\n%s", conf, xmp)
				}
			}
			if ua := strings.Contains(xmp, "pdfuaid:part"); ua != tagged {
				t.Errorf("pdfuaid in the XMP: %v", ua)
			}
			// Object streams for every standard, none for the plain PDF.
			if xref := bytes.Contains(b, []byte("\nxref\n")); xref != (std == "none") {
				t.Errorf("a cross-reference table: %v", xref)
			}
			if std == "none" && (bytes.Contains(b, []byte("BDC")) || bytes.Contains(b, []byte("/Metadata"))) {
				t.Error("the plain PDF has marked content or metadata")
			}
		})
	}
	for _, std := range theme.Standards {
		if texts[std] != texts["none"] {
			t.Errorf("%s: pdftotext reads another text than the plain PDF's", std)
		}
	}
	if grow := float64(sizes["a2a"])/float64(sizes["none"]) - 1; grow > 0.10 {
		t.Errorf("a2a is %d bytes, %.1f%% more than the plain PDF's %d", sizes["a2a"], 100*grow, sizes["none"])
	}
	t.Logf("sizes: %v", sizes)
}

// uncompressed is a PDF rewritten by qpdf without object streams, so that
// its dictionaries can be searched as text.
func uncompressed(t *testing.T, b []byte) []byte {
	t.Helper()
	in := write(t, b)
	out := filepath.Join(t.TempDir(), "plain.pdf")
	run(t, "qpdf", "--object-streams=disable", in, out)
	p, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTaggedRandom checks random briefs as tagged PDFs (pdfcheck: every
// MCID in one element, nothing painted outside marked content, links
// tagged; qpdf; PDF/A checklist). Six run by default; REPORT_TAG_SWEEP=N
// runs N, from REPORT_SEED.
func TestTaggedRandom(t *testing.T) {
	n := 6
	if s := os.Getenv("REPORT_TAG_SWEEP"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("REPORT_TAG_SWEEP=%q: %v", s, err)
		}
	}
	first := uint64(1)
	if s := os.Getenv("REPORT_SEED"); s != "" {
		first, _ = strconv.ParseUint(s, 10, 64)
	}
	for seed := first; seed < first+uint64(n); seed++ {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, s := range testkit.RandomBrief(seed) {
				fsys[name] = &fstest.MapFile{Data: []byte(s)}
			}
			b, err := data.Load(fsys, "random", "random")
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			th := defaultTheme(t)
			if seed%3 == 0 {
				th.Footnotes = "end"
			}
			checkTagged(t, compose.Compose(b, compose.Options{Generator: "report test"}), th)
		})
	}
}

// BenchmarkStandards renders the bundled brief in each pdf.standard, to
// measure what tagging and PDF/A cost against the plain PDF.
func BenchmarkStandards(b *testing.B) {
	d := bundledDoc(b)
	for _, std := range theme.Standards {
		th := defaultTheme(b)
		th.PDF.Standard = std
		b.Run(std, func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if _, err := pdf.Render(&buf, d, th); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// BenchmarkStandardsTable renders a long table in each pdf.standard: a
// tagged table has an element a cell.
func BenchmarkStandardsTable(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		d := longTable(n)
		for _, std := range []string{"a2a", "none"} {
			th := defaultTheme(b)
			th.PDF.Standard = std
			b.Run(strconv.Itoa(n)+"/"+std, func(b *testing.B) {
				b.ReportAllocs()
				var size int
				for b.Loop() {
					var buf bytes.Buffer
					if _, err := pdf.Render(&buf, d, th); err != nil {
						b.Fatal(err)
					}
					size = buf.Len()
				}
				b.ReportMetric(float64(size), "bytes")
			})
		}
	}
}

// TestTaggedBigTable checks a table with more body cells than the theme's
// pdf.tag_cells: it is tagged as a Div of paragraphs (caption, header,
// rows), still with every MCID in one element, and costs little more than
// the plain PDF.
func TestTaggedBigTable(t *testing.T) {
	d := longTable(300)
	th := defaultTheme(t)
	th.PDF.TagCells = 100
	file, _ := checkTagged(t, d, th)
	pd, err := pdfcheck.Read(testkit.Need(t, "qpdf"), file)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range pd.Elements() {
		s, _ := e["/S"].(string)
		count[s]++
	}
	if count["/Table"]+count["/TR"]+count["/TD"]+count["/TH"] != 0 || count["/Div"] != 1 || count["/P"] != 8 {
		t.Errorf("elements %v, want a Div and eight P (masthead's series and date, title, the paragraph before, the table's caption, header and rows, its source)", count)
	}
	th.PDF.TagCells = 0
	full, _ := render(t, d, th)
	th.PDF.TagCells = 100
	big, _ := render(t, d, th)
	if len(big) >= len(full) {
		t.Errorf("the big table's PDF is %d bytes, tagged by cell %d", len(big), len(full))
	}
}
