package fpdf_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/pdfcheck"
	"github.com/un-briefs/report/third_party/fpdf"
	"github.com/un-briefs/report/third_party/fpdf/internal/example"
)

// report patch "tagged PDF": marked content, a structure tree, and the
// catalog and page entries of a tagged PDF.

// taggedDoc makes a three-page tagged document: running header and footer
// as artifacts, a heading, a paragraph that breaks across pages, a table,
// a figure, a link, a note and a paragraph in Russian.
func taggedDoc(t *testing.T, compress bool) []byte {
	t.Helper()
	return taggedDocWith(t, compress, func(*fpdf.Fpdf) {})
}

func taggedDocWith(t *testing.T, compress bool, setup func(*fpdf.Fpdf)) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	setup(pdf)
	pdf.SetCompression(compress)
	pdf.SetTitle("Tagged test", true)
	pdf.SetLang("en-GB")
	pdf.SetDisplayDocTitle(true)
	pdf.AddUTF8FontFromBytes("sans", "", example.UTF8Fonts["LiberationSans-Regular.ttf"])
	pdf.AddUTF8FontFromBytes("sans", "B", example.UTF8Fonts["LiberationSans-Bold.ttf"])
	pdf.SetHeaderFunc(func() {
		pdf.BeginArtifact("Pagination", "Header")
		pdf.SetFont("sans", "", 8)
		pdf.CellFormat(0, 6, "RUNNING HEADER", "B", 1, "R", false, 0, "")
		pdf.EndMarkedContent()
	})
	pdf.SetFooterFunc(func() {
		pdf.BeginArtifact("Pagination", "Footer")
		pdf.SetY(-15)
		pdf.SetFont("sans", "", 8)
		pdf.CellFormat(0, 6, fmt.Sprintf("PAGE %d", pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.EndMarkedContent()
	})
	doc := pdf.NewStructElem(nil, "Document")
	pdf.AddPage()

	h1 := pdf.NewStructElem(doc, "H1")
	pdf.BeginMarkedContent(h1)
	pdf.SetFont("sans", "B", 16)
	pdf.CellFormat(0, 10, "Sanctions and tests", "", 1, "", false, 0, "")
	pdf.EndMarkedContent()

	p := pdf.NewStructElem(doc, "P")
	pdf.BeginMarkedContent(p)
	pdf.SetFont("sans", "", 11)
	pdf.MultiCell(0, 6, strings.Repeat("Long paragraph text that runs on. ", 180), "", "", false)
	pdf.EndMarkedContent()

	table := pdf.NewStructElem(doc, "Table")
	tr := pdf.NewStructElem(pdf.NewStructElem(table, "THead"), "TR")
	for _, h := range []string{"Date", "Distance"} {
		th := pdf.NewStructElem(tr, "TH")
		th.SetScope("Column")
		pdf.BeginMarkedContent(th)
		pdf.CellFormat(40, 7, h, "", 0, "", false, 0, "")
		pdf.EndMarkedContent()
	}
	pdf.Ln(7)
	tr = pdf.NewStructElem(pdf.NewStructElem(table, "TBody"), "TR")
	for _, d := range []string{"15 September", "3,700 km"} {
		td := pdf.NewStructElem(tr, "TD")
		pdf.BeginMarkedContent(td)
		pdf.CellFormat(40, 7, d, "", 0, "", false, 0, "")
		pdf.EndMarkedContent()
	}
	pdf.Ln(9)
	pdf.BeginArtifact("Layout", "")
	pdf.Line(10, pdf.GetY(), 200, pdf.GetY())
	pdf.EndMarkedContent()

	fig := pdf.NewStructElem(doc, "Figure")
	fig.SetAlt("Bar chart of distance by test; highest 3,700 km on 15 September")
	y := pdf.GetY() + 2
	pdf.SetBBox(fig, 10, y, 60, 30)
	pdf.BeginMarkedContent(fig)
	pdf.Rect(10, y, 60, 30, "D")
	pdf.EndMarkedContent()
	pdf.SetY(y + 32)

	lp := pdf.NewStructElem(doc, "P")
	pdf.BeginMarkedContent(lp)
	pdf.Write(6, "Read the ")
	pdf.EndMarkedContent()
	link := pdf.NewStructElem(lp, "Link")
	link.SetAlt("The resolution on the UN website")
	pdf.BeginMarkedContent(link)
	x0, y0 := pdf.GetX(), pdf.GetY()
	pdf.Write(6, "resolution")
	pdf.EndMarkedContent()
	pdf.LinkString(x0, y0, pdf.GetX()-x0, 6, "https://example.org/res/2371")
	pdf.TagLink(link)
	pdf.Ln(8)

	note := pdf.NewStructElem(doc, "Note")
	note.SetID("note-1")
	pdf.BeginMarkedContent(note)
	pdf.CellFormat(0, 6, "1. A note.", "", 1, "", false, 0, "")
	pdf.EndMarkedContent()

	ru := pdf.NewStructElem(doc, "P")
	ru.SetLang("ru")
	pdf.BeginMarkedContent(ru)
	pdf.CellFormat(0, 6, "Санкции", "", 1, "", false, 0, "")
	pdf.EndMarkedContent()

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTaggedPDFReaders(t *testing.T) {
	name := writePDF(t, taggedDoc(t, true))
	run(t, "qpdf", "--check", name)
	info := run(t, "pdfinfo", name)
	if !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
		t.Errorf("pdfinfo does not say Tagged: yes:\n%s", info)
	}
	if !regexp.MustCompile(`(?m)^Pages:\s+2$`).MatchString(info) {
		t.Errorf("want 2 pages, the paragraph breaking across them:\n%s", info)
	}
	tree := run(t, "pdfinfo", "-struct-text", name)
	// The tree in reading order, with the text of each element.
	want := []string{"Document", "H1", `"Sanctions and tests"`, "P", `"Long paragraph`,
		"Table", "THead", "TR", "TH", "/Scope /Column", `"Date"`, "TH", `"Distance"`,
		"TBody", "TR", "TD", `"15 September"`, "TD", `"3,700 km"`,
		"Figure", "/BBox [28.35 ", "P", `"Read the "`, "Link", `"resolution"`, "Object ",
		"Note <note-1>", `"1. A note."`, "P", `"Санкции"`}
	rest := tree
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("pdfinfo -struct-text: %q missing or out of order in:\n%s", w, tree)
		}
		rest = rest[i+len(w):]
	}
	// The paragraph's text continues on page 2, in the same element.
	if n := strings.Count(tree, `"Long paragraph`); n != 1 {
		t.Errorf("the paragraph starts %d times in the tree, want once", n)
	}
	for _, artifact := range []string{"RUNNING HEADER", "PAGE 1", "PAGE 2"} {
		if strings.Contains(tree, artifact) {
			t.Errorf("artifact text %q is in the structure tree", artifact)
		}
	}
	if text := run(t, "pdftotext", name, "-"); !strings.Contains(text, "RUNNING HEADER") || !strings.Contains(text, "PAGE 2") {
		t.Errorf("the artifacts are not drawn:\n%s", text)
	}

	d, err := pdfcheck.Read(tool(t, "qpdf"), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range d.Tagged() {
		t.Error(problem)
	}
	cat := d.Catalog()
	if pdfcheck.Text(cat["/Lang"]) != "en-GB" {
		t.Errorf("catalog /Lang %v", cat["/Lang"])
	}
	if vp := d.Dict(cat["/ViewerPreferences"]); vp["/DisplayDocTitle"] != true {
		t.Errorf("catalog /ViewerPreferences %v", cat["/ViewerPreferences"])
	}
	var roles []string
	for _, e := range d.Elements() {
		roles = append(roles, e["/S"].(string))
		switch e["/S"] {
		case "/Figure":
			if alt := pdfcheck.Text(e["/Alt"]); !strings.HasPrefix(alt, "Bar chart of distance") {
				t.Errorf("figure /Alt %q", alt)
			}
		case "/P":
			if e["/Lang"] != nil && pdfcheck.Text(e["/Lang"]) != "ru" {
				t.Errorf("paragraph /Lang %v", e["/Lang"])
			}
		case "/Note":
			if pdfcheck.Text(e["/ID"]) != "note-1" {
				t.Errorf("note /ID %v", e["/ID"])
			}
		}
	}
	if got := strings.Join(roles, " "); got != "/Document /H1 /P /Table /THead /TR /TH /TH /TBody /TR /TD /TD /Figure /P /Link /Note /P" {
		t.Errorf("elements in reading order: %s", got)
	}
}

// An untagged document gains nothing: no structure, no marks.
func TestUntaggedUnchanged(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Cell(0, 10, "plain")
	pdf.LinkString(10, 10, 20, 10, "https://example.org/")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"StructTreeRoot", "MarkInfo", "BDC", "StructParent", "/Tabs"} {
		if bytes.Contains(buf.Bytes(), []byte(s)) {
			t.Errorf("an untagged document contains %s", s)
		}
	}
}

// Misuse is the document's error, not a broken file.
func TestMarkedContentErrors(t *testing.T) {
	for name, misuse := range map[string]func(pdf *fpdf.Fpdf){
		"EMC without BDC": func(pdf *fpdf.Fpdf) { pdf.EndMarkedContent() },
		"MCID in artifact": func(pdf *fpdf.Fpdf) {
			pdf.BeginArtifact("", "")
			pdf.BeginMarkedContent(pdf.NewStructElem(nil, "P"))
		},
		"TagLink without link": func(pdf *fpdf.Fpdf) { pdf.TagLink(pdf.NewStructElem(nil, "Link")) },
	} {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddPage()
		misuse(pdf)
		if pdf.Ok() {
			t.Errorf("%s: no error", name)
		}
	}
}

// A paragraph broken by a page whose foot carries a footnote: the
// renderer suspends the paragraph's marked content to set the note, and
// the page break begins the paragraph again on the next page.
func TestSuspendMarkedContent(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetFont("Helvetica", "", 12)
	pdf.SetAutoPageBreak(false, 0)
	doc := pdf.NewStructElem(nil, "Document")
	pdf.AddPage()
	p := pdf.NewStructElem(doc, "P")
	note := pdf.NewStructElem(doc, "Note") // in reading order after the paragraph
	note.SetID("fn1")
	pdf.BeginMarkedContent(p)
	pdf.Cell(0, 10, "Before the break, with a reference 1.")
	pdf.SuspendMarkedContent()
	pdf.SetY(270)
	pdf.BeginMarkedContent(note)
	pdf.Cell(0, 10, "1. The footnote.")
	pdf.EndMarkedContent()
	pdf.AddPage()
	pdf.Cell(0, 10, "After the break.")
	pdf.EndMarkedContent()
	pdf.SuspendMarkedContent() // nothing open: nothing to do
	pdf.ResumeMarkedContent()
	if err := pdf.Error(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	name := writePDF(t, buf.Bytes())
	tree := run(t, "pdfinfo", "-struct-text", name)
	want := "Document\n  P (block)\n    \"Before the break, with a reference 1.\"\n    \"After the break.\"\n  Note <fn1> (inline)\n    \"1. The footnote.\"\n"
	if tree != want {
		t.Errorf("pdfinfo -struct-text:\n%s\nwant:\n%s", tree, want)
	}
	d, err := pdfcheck.Read(tool(t, "qpdf"), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range d.Tagged() {
		t.Error(problem)
	}

	// Resumed on the same page.
	pdf = fpdf.New("P", "mm", "A4", "")
	pdf.SetFont("Helvetica", "", 12)
	pdf.AddPage()
	p = pdf.NewStructElem(nil, "P")
	pdf.BeginMarkedContent(p)
	pdf.Cell(0, 10, "one")
	pdf.SuspendMarkedContent()
	pdf.BeginArtifact("Layout", "")
	pdf.Line(10, 30, 100, 30)
	pdf.EndMarkedContent()
	pdf.ResumeMarkedContent()
	pdf.Cell(0, 10, "two")
	pdf.EndMarkedContent()
	if err := pdf.Error(); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	name = writePDF(t, buf.Bytes())
	if tree := run(t, "pdfinfo", "-struct-text", name); tree != "P (block)\n  \"one\"\n  \"two\"\n" {
		t.Errorf("pdfinfo -struct-text:\n%s", tree)
	}
	d, err = pdfcheck.Read(tool(t, "qpdf"), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range d.Tagged() {
		t.Error(problem)
	}
}
