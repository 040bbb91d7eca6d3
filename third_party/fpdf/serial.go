package fpdf

// report patch "no encoding/gob": templates and images are serialised with
// this small binary codec instead of encoding/gob, so that programs that
// link fpdf no longer pay for gob's package initialisation at start-up.
// The methods keep their names (GobEncode, GobDecode), so encoding/gob
// still encodes templates and images through them.

import (
	"encoding/binary"
	"errors"
	"math"
)

var errSerial = errors.New("fpdf: malformed serialised template or image")

type serialWriter struct{ b []byte }

func (w *serialWriter) uint(v int) { w.b = binary.AppendUvarint(w.b, uint64(v)) }
func (w *serialWriter) int(v int)  { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *serialWriter) f64(v float64) {
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v))
}
func (w *serialWriter) bytes(v []byte) { w.uint(len(v)); w.b = append(w.b, v...) }
func (w *serialWriter) str(v string)   { w.uint(len(v)); w.b = append(w.b, v...) }

type serialReader struct {
	b   []byte
	err error
}

func (r *serialReader) fail() {
	if r.err == nil {
		r.err = errSerial
	}
	r.b = nil
}

func (r *serialReader) uint() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > math.MaxInt32 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *serialReader) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *serialReader) f64() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *serialReader) bytes() []byte {
	n := r.uint()
	if n > len(r.b) {
		r.fail()
		return nil
	}
	if n == 0 {
		return nil
	}
	v := append([]byte(nil), r.b[:n]...)
	r.b = r.b[n:]
	return v
}

func (r *serialReader) str() string { return string(r.bytes()) }

// count reads a number of elements that must each take at least one byte.
func (r *serialReader) count() int {
	n := r.uint()
	if n > len(r.b) {
		r.fail()
		return 0
	}
	return n
}

// expect reads a format tag.
func (r *serialReader) expect(tag string) {
	if r.str() != tag {
		r.fail()
	}
}
