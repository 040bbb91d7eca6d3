package fpdf

// report patch "object streams": a document's objects other than streams
// go into compressed object streams, and the cross-reference table becomes
// a compressed cross-reference stream (ISO 32000-1, 7.5.7 and 7.5.8;
// allowed by PDF/A-2). A tagged document has hundreds of small structure
// objects; uncompressed, they would grow the file by a third.

import (
	"bytes"
	"encoding/binary"
	"sort"
	"strconv"
)

// objStmMax is the number of objects an object stream holds at most.
const objStmMax = 200

// SetObjectStreams makes the document keep its objects other than streams
// in compressed object streams, with a cross-reference stream; it needs
// PDF 1.5, which the document becomes. It has no effect on an encrypted
// document.
func (f *Fpdf) SetObjectStreams(on bool) {
	f.objStreams = on
	if v := pdfVersionFrom(1, 5); on && f.pdfVersion < v {
		f.pdfVersion = v
	}
}

// packObjects rewrites the document's objects, written in f.buffer up to
// its end, into object streams and a cross-reference stream, followed by
// the end of the file, and reports whether it did. root and info are the catalog's and the Info
// dictionary's object numbers.
func (f *Fpdf) packObjects(root, info int) bool {
	for j := 1; j <= f.n; j++ {
		if f.offsets[j] == 0 {
			return false // an object reserved and not written
		}
	}
	old := append([]byte(nil), f.buffer.Bytes()...)
	end := len(old)
	// Each object's bytes run from its offset to the next object's.
	order := make([]int, 0, f.n)
	for j := 1; j <= f.n; j++ {
		order = append(order, j)
	}
	sort.Slice(order, func(a, b int) bool { return f.offsets[order[a]] < f.offsets[order[b]] })
	extent := make([][2]int, f.n+1)
	for i, j := range order {
		stop := end
		if i+1 < len(order) {
			stop = f.offsets[order[i+1]]
		}
		extent[j] = [2]int{f.offsets[j], stop}
	}
	header := old[:f.offsets[order[0]]]

	type entry struct {
		kind byte // 1: at an offset, 2: in an object stream
		a, b int  // offset, 0 / object stream, index
	}
	entries := make([]entry, f.n+1)
	var packed []int // object numbers, in number order
	var out bytes.Buffer
	out.Write(header)
	for j := 1; j <= f.n; j++ {
		b := old[extent[j][0]:extent[j][1]]
		if bytes.HasSuffix(bytes.TrimRight(b, "\n"), []byte("endstream\nendobj")) {
			entries[j] = entry{kind: 1, a: out.Len()}
			out.Write(b)
			continue
		}
		packed = append(packed, j)
	}
	next := f.n + 1
	for start := 0; start < len(packed); start += objStmMax {
		group := packed[start:min(start+objStmMax, len(packed))]
		var index, bodies bytes.Buffer
		for i, j := range group {
			b := old[extent[j][0]:extent[j][1]]
			// "N 0 obj\n" ... "endobj\n"
			b = b[bytes.IndexByte(b, '\n')+1:]
			b = bytes.TrimSuffix(bytes.TrimRight(b, "\n"), []byte("endobj"))
			index.WriteString(strconv.Itoa(j) + " " + strconv.Itoa(bodies.Len()) + " ")
			bodies.Write(b)
			entries[j] = entry{kind: 2, a: next, b: i}
		}
		data := append(index.Bytes(), bodies.Bytes()...)
		mem := xmem.compress(data)
		entries = append(entries, entry{kind: 1, a: out.Len()})
		out.WriteString(strconv.Itoa(next) + " 0 obj\n<</Type /ObjStm /N " + strconv.Itoa(len(group)) +
			" /First " + strconv.Itoa(index.Len()) + " /Filter /FlateDecode /Length " + strconv.Itoa(len(mem.bytes())) + ">>\nstream\n")
		out.Write(mem.bytes())
		out.WriteString("\nendstream\nendobj\n")
		mem.release()
		next++
	}
	// The cross-reference stream, its own entry included.
	xref := next
	entries = append(entries, entry{kind: 1, a: out.Len()})
	var rows bytes.Buffer
	for j, e := range entries {
		var row [7]byte
		switch {
		case j == 0:
			binary.BigEndian.PutUint16(row[5:], 65535)
		default:
			row[0] = e.kind
			binary.BigEndian.PutUint32(row[1:], uint32(e.a))
			binary.BigEndian.PutUint16(row[5:], uint16(e.b))
		}
		rows.Write(row[:])
	}
	mem := xmem.compress(rows.Bytes())
	f.buffer.Reset()
	f.buffer.Write(out.Bytes())
	var dict fmtBuffer
	dict.printf("%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R", xref, len(entries), root, info)
	if f.std != nil {
		dict.printf(" %s", f.stdTrailerID())
	}
	dict.printf(" /Filter /FlateDecode /Length %d>>\nstream\n", len(mem.bytes()))
	f.buffer.Write(dict.Bytes())
	f.buffer.Write(mem.bytes())
	f.buffer.WriteString("\nendstream\nendobj\n")
	mem.release()
	f.buffer.WriteString("startxref\n" + strconv.Itoa(entries[xref].a) + "\n%%EOF\n")
	return true
}
