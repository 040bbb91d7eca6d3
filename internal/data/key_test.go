package data_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestKey loads a brief whose table declares a key and checks the key and
// the rows' identities.
func TestKey(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/bad/ok-key.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/base")); err != nil {
		t.Fatal(err)
	}
	applyArchive(t, dir, ar)
	b, err := loadDir(filepath.Clean(dir))
	if err != nil {
		t.Fatal(err)
	}
	if b.Meta.Edition != 3 {
		t.Errorf("edition = %d, want 3", b.Meta.Edition)
	}
	tb := b.Table("t")
	if !slices.Equal(tb.Key, []string{"day", "name"}) {
		t.Fatalf("key = %q", tb.Key)
	}
	if got := tb.KeyIndexes(); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("key indexes = %v", got)
	}
	seen := map[string]bool{}
	for _, r := range tb.Rows {
		k := tb.RowKey(r)
		if seen[k] || !strings.Contains(k, r.Values[1].Str) {
			t.Errorf("row %d: key %q", r.Line, k)
		}
		seen[k] = true
	}
	// A table without a key has no key indexes.
	b2, err := loadDir("testdata/base")
	if err != nil {
		t.Fatal(err)
	}
	if b2.Table("t").KeyIndexes() != nil {
		t.Error("a table without a key has key indexes")
	}
}
