package fpdf_test

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/pdfcheck"
	"github.com/un-briefs/report/third_party/fpdf"
)

// report patch "object streams": the same document, tagged and PDF/A,
// with its objects in compressed object streams and a cross-reference
// stream: smaller, and the same for every reader.
func TestObjectStreams(t *testing.T) {
	plain := pdfaDoc(t)
	packed := taggedDocWith(t, true, func(pdf *fpdf.Fpdf) {
		pdf.SetPDFA(2, "a")
		pdf.SetPDFUA(1)
		pdf.SetObjectStreams(true)
	})
	if !bytes.Equal(packed, taggedDocWith(t, true, func(pdf *fpdf.Fpdf) {
		pdf.SetPDFA(2, "a")
		pdf.SetPDFUA(1)
		pdf.SetObjectStreams(true)
	})) {
		t.Error("the same document gave other bytes")
	}
	if !bytes.HasPrefix(packed, []byte("%PDF-1.7\n")) {
		t.Errorf("header %q", packed[:9])
	}
	if bytes.Contains(packed, []byte("\nxref\n")) || !bytes.Contains(packed, []byte("/Type /XRef")) || !bytes.Contains(packed, []byte("/Type /ObjStm")) {
		t.Error("no object streams or cross-reference stream")
	}
	name := writePDF(t, packed)
	run(t, "qpdf", "--check", name)
	info := run(t, "pdfinfo", name)
	if !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) || !strings.Contains(info, "Tagged test") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	plainName := writePDF(t, plain)
	if a, b := run(t, "pdfinfo", "-struct-text", name), run(t, "pdfinfo", "-struct-text", plainName); a != b {
		t.Errorf("the structure trees differ:\n%s\n---\n%s", a, b)
	}
	if a, b := run(t, "pdftotext", name, "-"), run(t, "pdftotext", plainName, "-"); a != b {
		t.Error("the texts differ")
	}
	// MuPDF, a third reader, without repairing the file.
	if out, err := exec.Command(tool(t, "mutool"), "info", name).CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "Pages: 2") || strings.Contains(strings.ToLower(string(out)), "error") ||
		strings.Contains(strings.ToLower(string(out)), "repair") {
		t.Errorf("mutool info: %v\n%s", err, out)
	}
	d, err := pdfcheck.Read(tool(t, "qpdf"), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Tagged() {
		t.Error(p)
	}
	for _, p := range d.PDFA() {
		t.Error(p)
	}
	if ids, _ := d.Trailer()["/ID"].([]any); len(ids) != 2 {
		t.Errorf("trailer /ID %v", d.Trailer()["/ID"])
	}
	if len(packed) >= len(plain) {
		t.Errorf("%d bytes packed, %d plain", len(packed), len(plain))
	}
	t.Logf("%d bytes packed, %d plain", len(packed), len(plain))
}
