package pdf

import (
	"encoding/binary"
	"testing"

	"github.com/go-fonts/liberation/liberationserifregular"
)

// TestParseFontRecovers: fpdf's parseNAMETable panics on a name table that
// points outside the file, inside the goroutine ParseFonts starts, which
// crashed the whole run. parseFont recovers and reports nil.
func TestParseFontRecovers(t *testing.T) {
	b := append([]byte(nil), liberationserifregular.TTF...)
	for i := range int(binary.BigEndian.Uint16(b[4:])) {
		rec := b[12+16*i:]
		if string(rec[:4]) == "name" {
			binary.BigEndian.PutUint16(b[binary.BigEndian.Uint32(rec[8:])+4:], 0xffff)
		}
	}
	if p := parseFont(b); p != nil {
		t.Errorf("parsed a broken font")
	}
	if p := parseFont(liberationserifregular.TTF); p == nil {
		t.Errorf("a good font did not parse")
	}
}
