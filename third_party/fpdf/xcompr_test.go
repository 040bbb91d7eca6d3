package fpdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sync"
	"testing"
)

// report patch "pooled zlib writers": a pooled writer, reset for each
// stream, gives the bytes of a new writer, also when streams are compressed
// at once, and compressing a stream no longer allocates a writer.

func TestCompressPooledSameBytes(t *testing.T) {
	var inputs [][]byte
	for i := range 16 {
		inputs = append(inputs, bytes.Repeat([]byte(fmt.Sprintf("BT /F1 %d Tf (stream %d) Tj ET\n", i, i)), 50*i+1))
	}
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var want bytes.Buffer
			zw, err := zlib.NewWriterLevel(&want, zlib.BestSpeed)
			if err != nil {
				t.Error(err)
				return
			}
			zw.Write(in)
			zw.Close()
			for range 3 {
				mem := xmem.compress(in)
				if !bytes.Equal(mem.bytes(), want.Bytes()) {
					t.Errorf("compress(%d bytes): pooled writer's output differs from a new writer's", len(in))
				}
				mem.release()
			}
		}()
	}
	wg.Wait()
}

func TestCompressAllocations(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("allocation counts differ under -race or -cover")
	}
	in := bytes.Repeat([]byte("0 0 m 10 10 l S\n"), 200)
	xmem.compress(in).release() // warm the pools
	allocs := testing.AllocsPerRun(50, func() { xmem.compress(in).release() })
	// A new zlib writer is about 10 allocations and over 1 MB.
	if allocs > 2 {
		t.Errorf("compress allocates %.0f times a stream; want at most 2 (the writer is pooled)", allocs)
	}
}
