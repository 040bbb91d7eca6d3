package build

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
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

// TestValidateFindsTooWideTables: a table whose numbers cannot fit the page
// is refused by Validate, as Build would refuse it, instead of passing
// "report validate" and failing "report build".
func TestValidateFindsTooWideTables(t *testing.T) {
	var head, row, cols strings.Builder
	for i := range 30 {
		if i > 0 {
			head.WriteString(",")
			row.WriteString(",")
		}
		fmt.Fprintf(&head, "c%d", i)
		row.WriteString("123456789")
		fmt.Fprintf(&cols, "      - {name: c%d, type: integer}\n", i)
	}
	brief := "---\ntitle: Wide\ndate: 2024-01-02\ntables:\n  - id: w\n    file: w.csv\n    caption: Wide\n    columns:\n" + cols.String() + "---\n\nThe lead.\n\n{{table w}}\n"
	fsys := fstest.MapFS{
		"brief.md": {Data: []byte(brief)},
		"w.csv":    {Data: []byte(head.String() + "\n" + row.String() + "\n")},
	}
	src := Source{ID: "wide", Dir: "wide", FS: fsys}
	th := NewThemes()
	_, _, err := th.Validate(Options{}, src)
	if err == nil || !strings.Contains(err.Error(), "too wide for the page") {
		t.Fatalf("Validate: %v", err)
	}
	if res := th.Build(context.Background(), Options{}, src); res.Err == nil || !strings.Contains(res.Err.Error(), "too wide for the page") {
		t.Fatalf("Build: %v", res.Err)
	}
}
