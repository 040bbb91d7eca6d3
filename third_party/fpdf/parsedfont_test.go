package fpdf_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/un-briefs/report/third_party/fpdf"
	"github.com/un-briefs/report/third_party/fpdf/internal/example"
)

// report patch "ParseUTF8Font": fonts parsed in goroutines ahead of the
// document give the same PDF as fonts added from their bytes.

func utf8Doc(t *testing.T, addFonts func(pdf *fpdf.Fpdf)) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	addFonts(pdf)
	pdf.AddPage()
	for _, style := range []string{"", "B", "I", "BI"} {
		pdf.SetFont("sans", style, 12)
		pdf.CellFormat(0, 8, "Sanctions — Санкции — Κυρώσεις ("+style+")", "", 1, "", false, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var utf8Styles = map[string]string{
	"":   "LiberationSans-Regular.ttf",
	"B":  "LiberationSans-Bold.ttf",
	"I":  "LiberationSans-Italic.ttf",
	"BI": "LiberationSans-BoldItalic.ttf",
}

func TestParseUTF8FontSameOutput(t *testing.T) {
	want := utf8Doc(t, func(pdf *fpdf.Fpdf) {
		for style, name := range utf8Styles {
			pdf.AddUTF8FontFromBytes("sans", style, example.UTF8Fonts[name])
		}
	})
	parsed := map[string]*fpdf.ParsedUTF8Font{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for style, name := range utf8Styles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := fpdf.ParseUTF8Font(example.UTF8Fonts[name])
			mu.Lock()
			parsed[style] = p
			mu.Unlock()
		}()
	}
	wg.Wait()
	got := utf8Doc(t, func(pdf *fpdf.Fpdf) {
		for style, p := range parsed {
			pdf.AddParsedUTF8Font("sans", style, p)
		}
	})
	if !bytes.Equal(got, want) {
		t.Errorf("a document with parsed fonts (%d bytes) differs from one with fonts added from bytes (%d bytes)", len(got), len(want))
	}
}

func TestAddParsedUTF8FontError(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddParsedUTF8Font("broken", "", fpdf.ParseUTF8Font([]byte("not a font")))
	if pdf.Ok() {
		t.Error("a font that does not parse left the document without error")
	}
}
