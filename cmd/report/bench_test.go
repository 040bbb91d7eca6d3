package main

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/un-briefs/report/bench/scale"
)

// BenchmarkBuild builds scaled briefs in memory, PDF and annex, through the
// whole pipeline. Compare ns/row across sizes to see that time per row stays flat.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{14, 1000, 10000, 100000} {
		dir := filepath.Join(b.TempDir(), "b")
		if err := scale.Write(dir, n); err != nil {
			b.Fatal(err)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			t := newThemes()
			for b.Loop() {
				r := t.make(context.Background(), options{split: true}, source{id: "b", dir: dir}, time.Time{})
				if r.err != nil {
					b.Fatal(r.err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}

// BenchmarkRunBundled is the whole command on the bundled brief, theme and
// all, as "report build" runs it, less the process start.
func BenchmarkRunBundled(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if err := run(context.Background(), []string{"build", "-q", "-o", dir, "../../briefs/nk-2017"}, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
