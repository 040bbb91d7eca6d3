package edition_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/un-briefs/report/bench/scale"
	"github.com/un-briefs/report/internal/edition"
	"github.com/un-briefs/report/internal/render/xlsx"
)

// scaled writes the scaled brief of n rows with a key: each test's type
// carries its row number.
func scaled(b testing.TB, n int) string {
	dir := filepath.Join(b.TempDir(), "big")
	if err := scale.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	bm := filepath.Join(dir, "brief.md")
	src, _ := os.ReadFile(bm)
	os.WriteFile(bm, bytes.Replace(src, []byte("    annex: true\n"), []byte("    annex: true\n    key: [date, type]\n"), 1), 0o644)
	csv := filepath.Join(dir, "data", "tests.csv")
	src, _ = os.ReadFile(csv)
	lines := strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		f := strings.SplitN(lines[i], ",", 3)
		lines[i] = f[0] + "," + f[1] + " " + strconv.Itoa(i) + "," + f[2]
	}
	os.WriteFile(csv, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	return dir
}

// BenchmarkCompare reads a 10,000-row edition's annex back and compares the
// brief with it: the work of report diff after loading the brief.
func BenchmarkCompare(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("EDITION_ROWS")); err == nil {
		n = v
	}
	cur := build(b, scaled(b, n))
	for b.Loop() {
		a, err := xlsx.Read(bytes.NewReader(cur.annex))
		if err != nil {
			b.Fatal(err)
		}
		edition.Compare(a, cur.b, cur.d)
	}
}

// BenchmarkRead is the annex's reading alone.
func BenchmarkRead(b *testing.B) {
	cur := build(b, scaled(b, 10000))
	for b.Loop() {
		if _, err := xlsx.Read(bytes.NewReader(cur.annex)); err != nil {
			b.Fatal(err)
		}
	}
}
