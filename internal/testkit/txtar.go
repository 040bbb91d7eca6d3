package testkit

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// EditFile applies an edit script to a file: a "- old" line followed by
// "+ new" lines replaces the first occurrence of old with the new lines
// joined by newlines. The test fails if old is not in the file.
func EditFile(t testing.TB, name, script string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	lines := strings.Split(strings.TrimRight(script, "\n"), "\n")
	for i := 0; i < len(lines); {
		old := strings.TrimPrefix(lines[i], "- ")
		var nw []string
		for i++; i < len(lines) && strings.HasPrefix(lines[i], "+ "); i++ {
			nw = append(nw, strings.TrimPrefix(lines[i], "+ "))
		}
		if !strings.Contains(s, old) {
			t.Fatalf("edit %s: no %q", name, old)
		}
		s = strings.Replace(s, old, strings.Join(nw, "\n"), 1)
	}
	// Removed first, so that editing a file a symlink or a pipe stands for
	// writes a plain file.
	os.Remove(name)
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// UpdateGolden sets the archive's section name to got, adding the section if
// it has none, and rewrites the archive's file (for tests run with -update).
func UpdateGolden(t testing.TB, file string, ar *txtar.Archive, name, got string) {
	t.Helper()
	replaced := false
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(got)
			replaced = true
		}
	}
	if !replaced {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(got)})
	}
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
