package fpdf_test

import (
	"encoding/binary"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationsansregular"
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

// report patch 14 "font problems are errors": a name table of another
// format, or a licence that forbids embedding, is the font's parse error;
// upstream printed it on standard output (among report's own output) and
// went on.
func TestFontProblemsAreErrors(t *testing.T) {
	font := liberationsansregular.TTF
	// The table directory: 12 bytes of header, then 16-byte records.
	numTables := int(binary.BigEndian.Uint16(font[4:]))
	table := func(tag string) int {
		for i := range numTables {
			rec := font[12+16*i:]
			if string(rec[:4]) == tag {
				return int(binary.BigEndian.Uint32(rec[8:]))
			}
		}
		t.Fatalf("no %s table", tag)
		return 0
	}
	for _, c := range []struct {
		name, tag string
		at        int // offset in the table
		value     uint16
		want      string
	}{
		{"name table format 1", "name", 0, 1, "name table has format 1"},
		{"no embedding", "OS/2", 8, 0x0002, "forbids embedding"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := slices.Clone(font)
			binary.BigEndian.PutUint16(b[table(c.tag)+c.at:], c.value)
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout := os.Stdout
			os.Stdout = w
			p := fpdf.ParseUTF8Font(b)
			pdf := fpdf.New("P", "mm", "A4", "")
			pdf.AddParsedUTF8Font("f", "", p)
			os.Stdout = stdout
			w.Close()
			printed, _ := io.ReadAll(r)
			if len(printed) > 0 {
				t.Errorf("printed %q on standard output", printed)
			}
			if err := pdf.Error(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want it to say %q", err, c.want)
			}
		})
	}
}
