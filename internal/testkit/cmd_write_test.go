package testkit

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestWriteRandom writes REPORT_WRITE_SEED's brief into REPORT_WRITE_DIR,
// to look at one by hand.
func TestWriteRandom(t *testing.T) {
	dir, s := os.Getenv("REPORT_WRITE_DIR"), os.Getenv("REPORT_WRITE_SEED")
	if dir == "" || s == "" {
		t.Skip("set REPORT_WRITE_DIR and REPORT_WRITE_SEED")
	}
	seed, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range RandomBrief(seed) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
