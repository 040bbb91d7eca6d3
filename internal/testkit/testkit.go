// Package testkit holds what tests of several packages share: finding the
// independent readers (pdftotext, qpdf, openpyxl, LibreOffice, aiosmtpd) that
// check the outputs. A reader that is missing skips the test, except under
// CI=true, where .ci/run installs them all and a missing one fails it.
package testkit

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of a command, or skips (fails under CI) without it.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name+" is not installed")
	}
	return p
}

// Python returns Debian's python3 if it can import module. The python3 first
// on PATH may be another interpreter that cannot see Debian's packages.
func Python(t testing.TB, module string) string {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import "+module).Run(); err != nil {
		missing(t, "Debian's python3 cannot import "+module)
	}
	return py
}

func missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; .ci/run must install it", why)
	}
	t.Skip(why)
}
