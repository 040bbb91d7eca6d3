package fpdf_test

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// report patch "lazy init": the package builds nothing at start-up (its
// SVG replacer is made on first use), so that report's start-up stays
// short. GODEBUG=inittrace=1 reports each package's init.
func TestPackageInitIsSmall(t *testing.T) {
	if os.Getenv("FPDF_INIT_CHILD") != "" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPackageInitIsSmall$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "FPDF_INIT_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	m := regexp.MustCompile(`init github.com/un-briefs/report/third_party/fpdf @\S+ ms, \S+ ms clock, (\d+) bytes, (\d+) allocs`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no init line for the package in:\n%s", out)
	}
	// report patch "no encoding/gob": gob's init (0.3-0.6 ms here) is gone.
	if regexp.MustCompile(`init encoding/gob @`).Match(out) {
		t.Error("encoding/gob is linked and initialised")
	}
	bytes, _ := strconv.Atoi(string(m[1]))
	if bytes > 256 {
		t.Errorf("package init allocates %d bytes; want at most 256 (build tables on first use)", bytes)
	}
}
