package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/un-briefs/report/internal/build"
	"github.com/un-briefs/report/internal/manifest"
	"github.com/un-briefs/report/internal/outdir"
)

func TestParseShard(t *testing.T) {
	for _, bad := range []string{"0/2", "3/2", "1/0", "x/2", "1/", "1/-1", "-1/2", "1/18446744073709551616"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	// N beyond 32 bits used to divide by zero (1/4294967296) or wrap so that
	// every brief fell in shard 1 (2/4294967297).
	for _, s := range []string{"1/4294967296", "2/4294967297", "7/18446744073709551615"} {
		sh, err := ParseShard(s)
		if err != nil {
			t.Fatalf("ParseShard(%q): %v", s, err)
		}
		sh.Has("any") // must not panic
	}
	// Every id lands in exactly one of N shards, and they are spread.
	const n = 4
	count := make([]int, n)
	for i := range 400 {
		id := fmt.Sprintf("brief-%d", i)
		in := 0
		for k := uint64(1); k <= n; k++ {
			if (Shard{K: k, N: n}).Has(id) {
				in++
				count[k-1]++
			}
		}
		if in != 1 {
			t.Fatalf("%s is in %d shards", id, in)
		}
	}
	for k, c := range count {
		if c < 50 {
			t.Errorf("shard %d of %d holds %d of 400 briefs", k+1, n, c)
		}
	}
}

func bundledCopy(t *testing.T, dir string) build.Source {
	t.Helper()
	src := build.Bundled()
	if err := os.CopyFS(dir, src.FS); err != nil {
		t.Fatal(err)
	}
	return build.Folder(dir, "")
}

// TestInterruptedMidBatch cancels after the first brief is committed: that
// brief is written and recorded, the others are neither, and no temporary
// file is left.
func TestInterruptedMidBatch(t *testing.T) {
	tmp := t.TempDir()
	var srcs []build.Source
	for i := range 3 {
		srcs = append(srcs, bundledCopy(t, filepath.Join(tmp, fmt.Sprintf("b%d", i+1))))
	}
	out := outdir.Dir{Path: filepath.Join(tmp, "out"), Generator: "test"}
	if err := out.Prepare(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	results := Run(ctx, Options{Jobs: 1, Out: out}, srcs, func(done int, id string) {
		if done == 1 {
			cancel()
		}
	})
	if results[0].Err != nil || !results[0].Changed {
		t.Fatalf("first brief: %v", results[0].Err)
	}
	for _, r := range results[1:] {
		if !errors.Is(r.Err, ErrInterrupted) {
			t.Errorf("%s: %v, want interrupted", r.Source.ID, r.Err)
		}
	}
	m, err := manifest.ReadExisting(filepath.Join(out.Path, manifest.Name))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Briefs) != 1 || m.Briefs[0].ID != "b1" {
		t.Fatalf("manifest lists %+v, want b1 only", m.Briefs)
	}
	entries, _ := os.ReadDir(out.Path)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 3 { // b1.pdf, b1.xlsx, manifest.json
		t.Errorf("output folder holds %v", names)
	}
	for _, o := range m.Briefs[0].Outputs {
		b, err := os.ReadFile(filepath.Join(out.Path, o.Name))
		if err != nil || manifest.SHA256(b) != o.SHA256 {
			t.Errorf("%s does not match the manifest (%v)", o.Name, err)
		}
	}
}

// TestRunKeepsOrder: results come in the order of the sources whatever the
// scheduling, a check writes nothing, and Run leaves GOMAXPROCS alone.
func TestRunKeepsOrder(t *testing.T) {
	tmp := t.TempDir()
	var srcs []build.Source
	for i := range 3 {
		srcs = append(srcs, bundledCopy(t, filepath.Join(tmp, fmt.Sprintf("c%d", i))))
	}
	before := runtime.GOMAXPROCS(0)
	results := Run(context.Background(), Options{Jobs: 3, Check: true, Out: outdir.Dir{Path: filepath.Join(tmp, "none")}}, srcs, nil)
	for i, r := range results {
		if r.Source.ID != srcs[i].ID || r.Err != nil {
			t.Errorf("result %d: %s %v", i, r.Source.ID, r.Err)
		}
		if len(r.Stale) != 2 {
			t.Errorf("check of an empty folder: %v", r.Stale)
		}
	}
	if runtime.GOMAXPROCS(0) != before {
		t.Error("Run changed GOMAXPROCS")
	}
	if _, err := os.Stat(filepath.Join(tmp, "none")); err == nil {
		t.Error("a check created the output folder")
	}
}
