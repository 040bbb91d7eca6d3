package pdfcheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-fonts/liberation/liberationsansregular"

	"github.com/un-briefs/report/third_party/fpdf"
)

func qpdf(t *testing.T) string {
	p, err := exec.LookPath("qpdf")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("qpdf is not installed (CI=true)")
		}
		t.Skip("qpdf is not installed")
	}
	return p
}

// build makes a small tagged document, then lets damage add faults.
func build(t *testing.T, damage func(pdf *fpdf.Fpdf)) *Doc {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetFont("Helvetica", "", 12)
	doc := pdf.NewStructElem(nil, "Document")
	pdf.AddPage()
	p := pdf.NewStructElem(doc, "P")
	pdf.BeginMarkedContent(p)
	pdf.Cell(0, 10, "text")
	pdf.EndMarkedContent()
	link := pdf.NewStructElem(p, "Link")
	pdf.BeginMarkedContent(link)
	pdf.Cell(20, 10, "link")
	pdf.EndMarkedContent()
	pdf.LinkString(10, 20, 20, 10, "https://example.org/")
	pdf.TagLink(link)
	damage(pdf)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Read(qpdf(t), name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTaggedFindsFaults(t *testing.T) {
	if bad := build(t, func(*fpdf.Fpdf) {}).Tagged(); len(bad) > 0 {
		t.Fatalf("a sound document: %v", bad)
	}
	for name, c := range map[string]struct {
		damage func(pdf *fpdf.Fpdf)
		want   string
	}{
		"MCID outside the tree": {func(pdf *fpdf.Fpdf) { pdf.RawWriteStr("/P <</MCID 7>> BDC EMC\n") }, "MCID 7 belongs to 0 elements"},
		"unbalanced":            {func(pdf *fpdf.Fpdf) { pdf.RawWriteStr("/Artifact BMC\n") }, "not ended"},
		"EMC too many":          {func(pdf *fpdf.Fpdf) { pdf.RawWriteStr("EMC\n") }, "EMC without BDC"},
		"painting outside":      {func(pdf *fpdf.Fpdf) { pdf.RawWriteStr("0 0 m 10 10 l S\n") }, "1 painting operators outside marked content"},
		"nested, MCID twice":    {func(pdf *fpdf.Fpdf) { pdf.RawWriteStr("/P <</MCID 0>> BDC /Span <</Lang (ru) /MCID 0>> BDC EMC EMC\n") }, "MCID 0 used twice"},
		"untagged link":         {func(pdf *fpdf.Fpdf) { pdf.LinkString(10, 40, 20, 10, "https://example.org/b") }, "has no /StructParent"},
	} {
		bad := strings.Join(build(t, c.damage).Tagged(), "\n")
		if !strings.Contains(bad, c.want) {
			t.Errorf("%s: problems %q, want one saying %q", name, bad, c.want)
		}
	}
}

func TestTokens(t *testing.T) {
	got := strings.Join(Tokens("/Span <</Lang (r S) /MCID 3>> BDC\n(a (nested) \\) S) Tj <00410042> Tj EMC % S comment\n[(x) -20 (y)] TJ"), " ")
	want := "/Span << /Lang (…) /MCID 3 >> BDC (…) Tj (…) Tj EMC [ (…) -20 (…) ] TJ"
	if got != want {
		t.Errorf("tokens\n%s\nwant\n%s", got, want)
	}
}

// pdfaDoc makes a small PDF/A-2b document with an embedded font, then
// lets change alter it.
func pdfaDoc(t *testing.T, change func(pdf *fpdf.Fpdf)) *Doc {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetPDFA(2, "B")
	pdf.SetTitle("Archival", true)
	pdf.SetAuthor("Centre", true)
	pdf.SetCreationDate(time.Date(2017, 10, 3, 0, 0, 0, 0, time.UTC))
	pdf.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
	pdf.SetFont("sans", "", 12)
	pdf.AddPage()
	pdf.Cell(0, 10, "text")
	pdf.LinkString(10, 20, 20, 10, "https://example.org/")
	change(pdf)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Read(qpdf(t), name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPDFAFindsFaults(t *testing.T) {
	if bad := pdfaDoc(t, func(*fpdf.Fpdf) {}).PDFA(); len(bad) > 0 {
		t.Fatalf("a PDF/A document: %v", bad)
	}
	if bad := pdfaDoc(t, func(pdf *fpdf.Fpdf) { pdf.SetObjectStreams(true) }).PDFA(); len(bad) > 0 {
		t.Fatalf("a PDF/A document with object streams: %v", bad)
	}
	for name, c := range map[string]struct {
		change func(pdf *fpdf.Fpdf)
		want   string
	}{
		"XMP not the Info": {func(pdf *fpdf.Fpdf) {
			pdf.SetXmpMetadata([]byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta>`))
		}, `Info /Title "Archival", XMP dc:title ""`},
		"core font": {func(pdf *fpdf.Fpdf) {
			pdf.SetFont("Helvetica", "", 12)
			pdf.Cell(0, 10, "core")
		}, "not embedded"},
		"part 1": {func(pdf *fpdf.Fpdf) { pdf.SetPDFA(1, "B") }, `pdfaid:part "1"`},
	} {
		bad := strings.Join(pdfaDoc(t, c.change).PDFA(), "\n")
		if !strings.Contains(bad, c.want) {
			t.Errorf("%s: problems %q, want one saying %q", name, bad, c.want)
		}
	}
	// An ordinary document fails on many counts.
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "plain.pdf")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Read(qpdf(t), name)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Join(d.PDFA(), "\n")
	for _, want := range []string{"PDF 1.3", "no /ID", "no /Metadata", "0 PDF/A output intents"} {
		if !strings.Contains(bad, want) {
			t.Errorf("plain document: problems %q, want one saying %q", bad, want)
		}
	}
}
