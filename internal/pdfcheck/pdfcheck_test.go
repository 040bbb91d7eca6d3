package pdfcheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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
