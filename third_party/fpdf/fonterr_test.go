package fpdf_test

import (
	"strings"
	"testing"

	"github.com/un-briefs/report/third_party/fpdf"
)

// report patch "font parse errors": a TrueType font that cannot be parsed
// is the document's error; upstream printed it on standard output and
// went on without the font.
func TestAddUTF8FontFromBytesBadFont(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("broken", "", []byte("this is not a TrueType font"))
	if pdf.Ok() {
		t.Fatal("a font that does not parse left the document without error")
	}
	if err := pdf.Error(); !strings.Contains(err.Error(), "get metrics error") {
		t.Errorf("error %q; want it to say the font's metrics could not be read", err)
	}
}
