package main

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/un-briefs/report/bench/scale"
	"github.com/un-briefs/report/internal/build"
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
			t := build.NewThemes()
			for b.Loop() {
				r := t.Build(context.Background(), build.Options{Split: true}, build.Folder(dir, ""))
				if r.Err != nil {
					b.Fatal(r.Err)
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
		if err := runHere(context.Background(), []string{"build", "-q", "-o", dir, "../../briefs/nk-2017"}, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
