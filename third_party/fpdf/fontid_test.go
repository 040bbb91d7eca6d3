package fpdf

import (
	"runtime"
	"testing"
)

// report patch "binary font-id hash": font ids tell fonts apart by every
// field, the widths included, without encoding the widths as JSON.

func testFontDef(n int) fontDefType {
	cw := make([]int, n)
	for i := range cw {
		cw[i] = 500 + i%700
	}
	return fontDefType{Tp: "UTF8", Name: "f", Cw: cw, Desc: FontDescType{Ascent: 900}}
}

func TestGenerateFontIDDistinct(t *testing.T) {
	base := testFontDef(65536)
	id0, err := generateFontID(base)
	if err != nil {
		t.Fatal(err)
	}
	same := testFontDef(65536)
	same.File = "elsewhere.ttf" // the file is not part of the id
	if id, _ := generateFontID(same); id != id0 {
		t.Errorf("same font, other file: id %s, want %s", id, id0)
	}
	width := testFontDef(65536)
	width.Cw[0x4E2D]++
	name := testFontDef(65536)
	name.Name = "g"
	short := testFontDef(65535)
	for what, def := range map[string]fontDefType{"one width": width, "name": name, "number of widths": short} {
		if id, _ := generateFontID(def); id == id0 {
			t.Errorf("fonts differing in %s share the id %s", what, id)
		}
	}
	if base.Cw == nil || len(base.Cw) != 65536 {
		t.Error("generateFontID changed its argument's widths")
	}
}

func BenchmarkGenerateFontID(b *testing.B) {
	def := testFontDef(65536)
	b.ReportAllocs()
	for b.Loop() {
		generateFontID(def)
	}
}

// report patch "hash widths in small chunks": a font id costs no buffer
// the size of the widths (512 KB for a UTF-8 font).
func TestGenerateFontIDMemory(t *testing.T) {
	def := testFontDef(65536)
	generateFontID(def)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const runs = 10
	for range runs {
		generateFontID(def)
	}
	runtime.ReadMemStats(&after)
	if perID := (after.TotalAlloc - before.TotalAlloc) / runs; perID > 64<<10 {
		t.Errorf("a font id allocates %d KB; want under 64 KB", perID>>10)
	}
}
