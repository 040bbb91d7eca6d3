package build

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestGuardTurnsPanicsIntoInternalErrors(t *testing.T) {
	err := guard("briefs/x", "rendering the PDF", func() error {
		var s []int
		_ = s[3]
		return nil
	})
	var ie *InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v", err)
	}
	if ie.Brief != "briefs/x" || ie.Stage != "rendering the PDF" || !strings.Contains(string(ie.Stack), "build_test.go") {
		t.Errorf("%+v", ie)
	}
	if !strings.Contains(err.Error(), "please report") {
		t.Error(err)
	}
}

// TestFolderDot: "report build ." inside a brief's folder names the outputs
// after the folder, not "..pdf".
func TestFolderDot(t *testing.T) {
	wd := filepath.Join(t.TempDir(), "my-brief")
	for _, dir := range []string{".", "./", "../my-brief"} {
		if s := Folder(dir, wd); s.ID != "my-brief" {
			t.Errorf("Folder(%q).ID = %q", dir, s.ID)
		}
	}
	if s := Folder("..", filepath.Join(wd, "sub")); s.ID != "my-brief" {
		t.Errorf("Folder(..) = %q", s.ID)
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"x", "-1", "253402300800", "1e9"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("SOURCE_DATE_EPOCH=%s accepted", bad)
		}
	}
	if d, err := ParseDate("1700000000"); err != nil || d.Year() != 2023 {
		t.Errorf("%v %v", d, err)
	}
}
