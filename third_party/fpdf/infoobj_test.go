package fpdf_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/un-briefs/report/third_party/fpdf"
	"github.com/un-briefs/report/third_party/fpdf/internal/example"
)

// report patch "trailer /Info": with an output intent, the trailer's /Info
// names the Info dictionary; upstream named the profile's stream, which
// qpdf warns about and readers show as a document without title.
func TestInfoWithOutputIntent(t *testing.T) {
	icc, err := os.ReadFile(example.ICCFile("sRGB2014.icc"))
	if err != nil {
		t.Fatal(err)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("With an output intent", false)
	pdf.AddOutputIntent(fpdf.OutputIntentType{
		SubtypeIdent:              fpdf.OutputIntent_GTS_PDFA1,
		OutputConditionIdentifier: "sRGB",
		ICCProfile:                icc,
	})
	pdf.AddPage()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	name := writePDF(t, buf.Bytes())
	run(t, "qpdf", "--check", name) // exit status 3 on warnings
	if info := run(t, "pdfinfo", name); !strings.Contains(info, "With an output intent") {
		t.Errorf("pdfinfo shows no title:\n%s", info)
	}
}
