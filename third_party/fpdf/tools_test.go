package fpdf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// report: helpers of the tests of report's patches.

// tool returns the path of an external reader (qpdf, pdffonts, …). It is
// missing on a developer's machine: skip; under CI=true: fail.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (CI=true)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// run runs a reader on a file and returns its standard output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool(t, name), args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %v: %v\n%s%s", name, args, err, out, msg)
	}
	return string(out)
}

// writePDF writes a document's bytes into the test's temporary folder.
func writePDF(t *testing.T, b []byte) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "test.pdf")
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}
