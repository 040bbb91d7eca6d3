package fpdf_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/un-briefs/report/third_party/fpdf"
	"github.com/un-briefs/report/third_party/fpdf/internal/example"
)

// report patch "concurrent subsetting": putfonts subsets and compresses
// the UTF-8 fonts in goroutines, then writes them in their usual order.

func fourFaceDoc(t *testing.T) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	for style, name := range utf8Styles {
		pdf.AddUTF8FontFromBytes("sans", style, example.UTF8Fonts[name])
	}
	pdf.AddPage()
	for i, style := range []string{"", "B", "I", "BI"} {
		pdf.SetFont("sans", style, 12)
		pdf.CellFormat(0, 8, strings.Repeat("Résolution 2371 — Резолюция ", i+1), "", 1, "", false, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSubsetFontsConcurrently(t *testing.T) {
	first := fourFaceDoc(t)
	for range 3 {
		if !bytes.Equal(fourFaceDoc(t), first) {
			t.Fatal("the same document gave other bytes")
		}
	}
	name := writePDF(t, first)
	run(t, "qpdf", "--check", name)
	fonts := run(t, "pdffonts", name)
	for _, face := range []string{"utf8sans ", "utf8sansB ", "utf8sansI ", "utf8sansBI "} {
		if !strings.Contains(fonts, face) {
			t.Errorf("pdffonts does not list the font %s:\n%s", face, fonts)
		}
	}
	if n := strings.Count(fonts, "CID TrueType"); n != 4 {
		t.Errorf("pdffonts lists %d CID TrueType fonts, want 4:\n%s", n, fonts)
	}
	text := run(t, "pdftotext", name, "-")
	if !strings.Contains(text, "Резолюция") || !strings.Contains(text, "Résolution") {
		t.Errorf("pdftotext does not read the subset fonts' text:\n%s", text)
	}
}
