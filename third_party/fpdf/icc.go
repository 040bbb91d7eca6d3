package fpdf

// report patch "PDF/A": a minimal ICC version 2 display profile of sRGB,
// made in code, for the output intent of a PDF/A document.

import (
	"bytes"
	"encoding/binary"
	"math"
	"sync"
)

// SRGBProfile returns an ICC version 2.1 display profile of the sRGB
// colour space (IEC 61966-2-1): its primaries adapted to the D50
// connection space, its D65 white point and its tone curve as a table of
// 1,024 entries. It is about 2.6 KB, the same on every call.
func SRGBProfile() []byte {
	return append([]byte(nil), srgbProfile()...)
}

var srgbProfile = sync.OnceValue(func() []byte {
	type tag struct {
		sig  string
		data []byte
	}
	s15 := func(b *bytes.Buffer, v float64) {
		binary.Write(b, binary.BigEndian, int32(math.Round(v*65536)))
	}
	xyz := func(x, y, z float64) []byte {
		var b bytes.Buffer
		b.WriteString("XYZ \x00\x00\x00\x00")
		s15(&b, x)
		s15(&b, y)
		s15(&b, z)
		return b.Bytes()
	}
	desc := func(s string) []byte {
		var b bytes.Buffer
		b.WriteString("desc\x00\x00\x00\x00")
		binary.Write(&b, binary.BigEndian, uint32(len(s)+1))
		b.WriteString(s)
		b.WriteByte(0)
		b.Write(make([]byte, 4+4+2+1+67)) // no Unicode or ScriptCode description
		return b.Bytes()
	}
	text := func(s string) []byte {
		return append([]byte("text\x00\x00\x00\x00"+s), 0)
	}
	var curve bytes.Buffer
	curve.WriteString("curv\x00\x00\x00\x00")
	const n = 1024
	binary.Write(&curve, binary.BigEndian, uint32(n))
	for i := range n {
		v := float64(i) / (n - 1)
		if v <= 0.04045 {
			v /= 12.92
		} else {
			v = math.Pow((v+0.055)/1.055, 2.4)
		}
		binary.Write(&curve, binary.BigEndian, uint16(math.Round(v*65535)))
	}
	tags := []tag{
		{"desc", desc("sRGB IEC61966-2.1")},
		{"cprt", text("No copyright, use freely")},
		{"wtpt", xyz(0.9505, 1.0, 1.0891)},
		{"rXYZ", xyz(0.4361, 0.2225, 0.0139)},
		{"gXYZ", xyz(0.3851, 0.7169, 0.0971)},
		{"bXYZ", xyz(0.1431, 0.0606, 0.7141)},
		{"rTRC", curve.Bytes()},
		{"gTRC", nil}, // the same curve
		{"bTRC", nil},
	}
	const headerLen = 128
	tableLen := 4 + 12*len(tags)
	offset := headerLen + tableLen
	var table, data bytes.Buffer
	binary.Write(&table, binary.BigEndian, uint32(len(tags)))
	var curveOffset, curveLen int
	for _, t := range tags {
		if t.data == nil {
			table.WriteString(t.sig)
			binary.Write(&table, binary.BigEndian, uint32(curveOffset))
			binary.Write(&table, binary.BigEndian, uint32(curveLen))
			continue
		}
		at := offset + data.Len()
		if t.sig == "rTRC" {
			curveOffset, curveLen = at, len(t.data)
		}
		table.WriteString(t.sig)
		binary.Write(&table, binary.BigEndian, uint32(at))
		binary.Write(&table, binary.BigEndian, uint32(len(t.data)))
		data.Write(t.data)
		for data.Len()%4 != 0 {
			data.WriteByte(0)
		}
	}
	size := offset + data.Len()
	var h bytes.Buffer
	binary.Write(&h, binary.BigEndian, uint32(size))
	h.WriteString("\x00\x00\x00\x00")                 // preferred CMM
	h.Write([]byte{2, 0x10, 0, 0})                    // version 2.1
	h.WriteString("mntrRGB XYZ ")                     // class, colour space, PCS
	for _, v := range []uint16{2026, 1, 1, 0, 0, 0} { // date, fixed
		binary.Write(&h, binary.BigEndian, v)
	}
	h.WriteString("acsp")
	h.Write(make([]byte, 4+4+4+4+8))              // platform, flags, manufacturer, model, attributes
	binary.Write(&h, binary.BigEndian, uint32(0)) // perceptual intent
	s15(&h, 0.9642)                               // D50, the PCS illuminant
	s15(&h, 1.0)
	s15(&h, 0.8249)
	h.Write(make([]byte, 4+16+28)) // creator, ID, reserved
	if h.Len() != headerLen {
		panic("fpdf: ICC header size")
	}
	return append(append(h.Bytes(), table.Bytes()...), data.Bytes()...)
})
