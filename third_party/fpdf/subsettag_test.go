package fpdf_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/un-briefs/report/third_party/fpdf"
	"github.com/un-briefs/report/third_party/fpdf/internal/example"
)

// report patch "subset tags": each subset font's name starts with six
// capitals and "+", derived from the subset, so pdffonts says "sub yes".

func TestSubsetTags(t *testing.T) {
	doc := fourFaceDoc(t)
	fonts := run(t, "pdffonts", writePDF(t, doc))
	tagged := regexp.MustCompile(`(?m)^([A-Z]{6})\+utf8sans\S*\s+CID TrueType\s+Identity-H\s+yes yes yes`)
	matches := tagged.FindAllStringSubmatch(fonts, -1)
	if len(matches) != 4 {
		t.Fatalf("pdffonts lists %d tagged, embedded subsets; want 4:\n%s", len(matches), fonts)
	}
	tags := map[string]bool{}
	for _, m := range matches {
		tags[m[1]] = true
	}
	if len(tags) != 4 {
		t.Errorf("the four subsets share tags: %v", tags)
	}
	// The tag names the same subset in the three places a name appears.
	for tag := range tags {
		if n := bytes.Count(doc, []byte("/"+tag+"+utf8sans")); n != 3 {
			t.Errorf("tag %s appears %d times, want 3 (Type0, CIDFont, FontDescriptor)", tag, n)
		}
	}
	// Another subset of a font gets another tag; the same subset, the same.
	other := func(text string) string {
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("sans", "", example.UTF8Fonts["LiberationSans-Regular.ttf"])
		pdf.AddPage()
		pdf.SetFont("sans", "", 12)
		pdf.Cell(0, 8, text)
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`/BaseFont /([A-Z]{6})\+`).FindSubmatch(buf.Bytes())
		if m == nil {
			t.Fatal("no tagged BaseFont")
		}
		return string(m[1])
	}
	if a, b := other("abc"), other("abc"); a != b {
		t.Errorf("the same subset got tags %s and %s", a, b)
	}
	if a, b := other("abc"), other("xyz"); a == b {
		t.Errorf("different subsets share the tag %s", a)
	}
}
