package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRefusesOutsideNames(t *testing.T) {
	for _, name := range []string{"../../outside.pdf", "/etc/passwd", "a/b.pdf", "..", "", "a\nb.pdf", `..\x.pdf`} {
		src := `{"briefs":[{"id":"a","outputs":[{"name":` + quote(name) + `,"sha256":"x"}]}]}`
		if _, err := Parse([]byte(src)); err == nil {
			t.Errorf("output name %q accepted", name)
		}
	}
	if _, err := Parse([]byte(`{"briefs":[{"id":"a","outputs":[{"name":"a.pdf","sha256":"x"}]}]}`)); err != nil {
		t.Error(err)
	}
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`).Replace(s) + `"`
}

func TestMergeFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	b := filepath.Join(dir, "b.json")
	write := func(name, id string) {
		m := &Manifest{Briefs: []Entry{{ID: id, Outputs: []Digest{{Name: id + ".pdf", SHA256: "x"}}}}}
		if err := os.WriteFile(name, m.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "one")
	write(b, "two")
	id := func(s string) string { return filepath.Base(s) }
	m, err := MergeFiles("g", []string{b, a}, id)
	if err != nil || len(m.Briefs) != 2 || m.Briefs[0].ID != "one" {
		t.Fatalf("merge: %+v %v", m, err)
	}
	// A shard's manifest that is missing is an error, not an empty shard.
	if _, err := MergeFiles("g", []string{a, filepath.Join(dir, "typo.json")}, id); err == nil || !strings.Contains(err.Error(), "typo.json: no such manifest") {
		t.Errorf("missing input: %v", err)
	}
	write(b, "one")
	if _, err := MergeFiles("g", []string{a, b}, id); err == nil || !strings.Contains(err.Error(), "in both") {
		t.Errorf("duplicate brief: %v", err)
	}
}

func TestMergeKeepsSent(t *testing.T) {
	m := &Manifest{Briefs: []Entry{{ID: "a", Sent: []Digest{{Name: "a.pdf", SHA256: "1"}}}}}
	m.Merge("g", []Entry{{ID: "a", Outputs: []Digest{{Name: "a.pdf", SHA256: "2"}}}})
	if len(m.Briefs) != 1 || len(m.Briefs[0].Sent) != 1 || m.Briefs[0].SentSame() {
		t.Errorf("%+v", m.Briefs)
	}
}
