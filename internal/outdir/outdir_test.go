package outdir

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/un-briefs/report/internal/manifest"
)

func entry(id string, files []File) manifest.Entry {
	e := manifest.Entry{ID: id, BuildDate: "2017-10-03T00:00:00Z"}
	for _, f := range files {
		e.Outputs = append(e.Outputs, manifest.Digest{Name: f.Name, SHA256: manifest.SHA256(f.Data), Bytes: len(f.Data)})
	}
	return e
}

// consistent fails unless every output the manifest lists is there with its hash.
func consistent(t *testing.T, dir string) *manifest.Manifest {
	t.Helper()
	m, err := manifest.Read(filepath.Join(dir, manifest.Name))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Briefs {
		for _, o := range e.Outputs {
			b, err := os.ReadFile(filepath.Join(dir, o.Name))
			if err != nil || manifest.SHA256(b) != o.SHA256 {
				t.Errorf("%s: %s does not match the manifest (%v)", e.ID, o.Name, err)
			}
		}
	}
	return m
}

func TestCommitAndUnchanged(t *testing.T) {
	d := Dir{Path: filepath.Join(t.TempDir(), "out"), Generator: "test"}
	if err := d.Prepare(); err != nil {
		t.Fatal(err)
	}
	files := []File{{Name: "a.pdf", Data: []byte("pdf 1")}, {Name: "a.xlsx", Data: []byte("xlsx 1")}}
	changed, err := d.Commit(context.Background(), files, entry("a", files))
	if err != nil || !changed {
		t.Fatalf("first commit: changed %v, %v", changed, err)
	}
	changed, err = d.Commit(context.Background(), files, entry("a", files))
	if err != nil || changed {
		t.Fatalf("same commit again: changed %v, %v", changed, err)
	}
	consistent(t, d.Path)
	names, _ := os.ReadDir(d.Path)
	if len(names) != 3 {
		t.Errorf("folder holds %d files, want 3", len(names))
	}
}

// TestRecoverJournal: a run killed between its renames left a journal; the
// next run finishes the commit, so outputs and manifest agree.
func TestRecoverJournal(t *testing.T) {
	d := Dir{Path: t.TempDir(), Generator: "test"}
	old := []File{{Name: "a.pdf", Data: []byte("old pdf")}, {Name: "a.xlsx", Data: []byte("old xlsx")}}
	if _, err := d.Commit(context.Background(), old, entry("a", old)); err != nil {
		t.Fatal(err)
	}
	// The state a kill leaves after the first of two renames.
	nw := []File{{Name: "a.pdf", Data: []byte("new pdf")}, {Name: "a.xlsx", Data: []byte("new xlsx")}}
	var j journal
	for _, f := range nw {
		tmp, err := writeTemp(filepath.Join(d.Path, f.Name), f.Data)
		if err != nil {
			t.Fatal(err)
		}
		j.Renames = append(j.Renames, [2]string{filepath.Base(tmp), f.Name})
	}
	j.Entry = entry("a", nw)
	b, _ := json.Marshal(j)
	if err := os.WriteFile(filepath.Join(d.Path, journalName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(d.Path, j.Renames[0][0]), filepath.Join(d.Path, "a.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := d.Prepare(); err != nil {
		t.Fatal(err)
	}
	m := consistent(t, d.Path)
	if got, _ := os.ReadFile(filepath.Join(d.Path, "a.xlsx")); string(got) != "new xlsx" || len(m.Briefs) != 1 {
		t.Errorf("annex after recovery: %q", got)
	}
	if _, err := os.Stat(filepath.Join(d.Path, journalName)); err == nil {
		t.Error("journal left after recovery")
	}
}

// TestStaleTemps: temporary files of a process that is gone are removed;
// those of a live one (this test) stay.
func TestStaleTemps(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	dead := filepath.Join(d.Path, ".a.pdf.tmp-999999999-123")
	live := filepath.Join(d.Path, fmt.Sprintf(".a.pdf.tmp-%d-456", os.Getpid()))
	other := filepath.Join(d.Path, ".hidden")
	for _, p := range []string{dead, live, other} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Prepare(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); err == nil {
		t.Error("a dead process's temporary file is still there")
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
}

// TestConcurrentCommits: briefs committed at once into one folder are all
// recorded (the manifest update is under the folder's lock).
func TestConcurrentCommits(t *testing.T) {
	d := Dir{Path: t.TempDir(), Generator: "test"}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			id := fmt.Sprintf("b%d", i)
			files := []File{{Name: id + ".pdf", Data: []byte(strings.Repeat(id, 1000))}}
			if _, err := d.Commit(context.Background(), files, entry(id, files)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := consistent(t, d.Path); len(m.Briefs) != 8 {
		t.Errorf("manifest lists %d of 8 briefs", len(m.Briefs))
	}
}

func TestPrepareEmptyName(t *testing.T) {
	if err := (Dir{}).Prepare(); err == nil {
		t.Error("an empty folder name was accepted")
	}
}
