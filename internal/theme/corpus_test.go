package theme_test

import (
	"bytes"
	"encoding/binary"
	"flag"
	"github.com/un-briefs/report/internal/testkit"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/un-briefs/report/internal/theme"
	"github.com/un-briefs/report/templates"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/hostile")

// TestHostileThemes loads each theme of testdata/hostile, made by
// testdata/gen.go from the default theme, and compares the load error with
// the archive's "want" section (refreshed with go test -update). Archives
// whose name starts with ok- must load. Members:
//
//	edit:theme.yaml  "- old" then "+ new" lines: replace old by the new lines
//	file:PATH        PATH holds the text
//	fifo:PATH        PATH is a named pipe
//	dir:PATH         PATH is a folder
//	sparse:PATH      PATH is a file of the given size in bytes, all zeros
//	png:PATH         PATH is a PNG header of "WIDTH HEIGHT" pixels
//	font:PATH        PATH is a Liberation font, damaged: "NAME [cut N|name|garbage N]"
//	want             the expected error, THEME standing for the folder
func TestHostileThemes(t *testing.T) {
	files, _ := filepath.Glob("testdata/hostile/*.txtar")
	if len(files) < 40 {
		t.Errorf("only %d hostile themes; run go run testdata/gen.go", len(files))
	}
	base, err := templates.FS.ReadFile("default/theme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "theme.yaml"), base, 0o644); err != nil {
				t.Fatal(err)
			}
			want := ""
			for _, f := range ar.Files {
				kind, rel, _ := strings.Cut(f.Name, ":")
				p := filepath.Join(dir, filepath.FromSlash(rel))
				if kind != "want" {
					os.MkdirAll(filepath.Dir(p), 0o755)
				}
				arg := strings.TrimSpace(string(f.Data))
				switch kind {
				case "want":
					want = string(f.Data)
				case "edit":
					testkit.EditFile(t, p, string(f.Data))
				case "file":
					writeFile(t, p, f.Data)
				case "fifo":
					os.Remove(p)
					if err := syscall.Mkfifo(p, 0o644); err != nil {
						t.Skip("no named pipes:", err)
					}
				case "dir":
					os.Remove(p)
					os.MkdirAll(p, 0o755)
				case "sparse":
					n, err := strconv.ParseInt(arg, 10, 64)
					if err != nil {
						t.Fatal(err)
					}
					os.Remove(p)
					writeSparse(t, p, n)
				case "png":
					var w, h uint32
					ws, hs, _ := strings.Cut(arg, " ")
					if v, err := strconv.ParseUint(ws, 10, 32); err == nil {
						w = uint32(v)
					}
					if v, err := strconv.ParseUint(hs, 10, 32); err == nil {
						h = uint32(v)
					}
					writeFile(t, p, pngHeader(w, h))
				case "font":
					writeFile(t, p, damagedFont(t, arg))
				default:
					t.Fatalf("unknown member kind %q", kind)
				}
			}
			got := ""
			if err := loadSoon(t, dir); err != nil {
				got = strings.ReplaceAll(err.Error(), dir, "THEME") + "\n"
			}
			if *update {
				testkit.UpdateGolden(t, file, ar, "want", got)
				return
			}
			if got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
			if strings.HasPrefix(name, "ok-") != (got == "") {
				t.Errorf("ok- archives must load and others must fail; got %q", got)
			}
		})
	}
}

func writeFile(t *testing.T, p string, b []byte) {
	t.Helper()
	os.Remove(p)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// damagedFont returns a Liberation font, damaged as the recipe says:
// "serif-regular", "serif-regular cut 1000", "serif-regular name",
// "garbage 4096".
func damagedFont(t *testing.T, recipe string) []byte {
	t.Helper()
	f := strings.Fields(recipe)
	if f[0] == "garbage" {
		n, _ := strconv.Atoi(f[1])
		return bytes.Repeat([]byte("\x00\x01\x00\x00garbage!"), n/12+1)[:n]
	}
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	src, err := th.FontBytes("liberation:" + f[0])
	if err != nil {
		t.Fatal(err)
	}
	b := append([]byte(nil), src...)
	if len(f) == 1 {
		return b
	}
	switch f[1] {
	case "cut":
		n, _ := strconv.Atoi(f[2])
		return b[:n]
	case "name":
		breakNameTable(t, b)
	case "tables":
		// Every table directory entry points past the end of the file.
		for i := range int(binary.BigEndian.Uint16(b[4:])) {
			binary.BigEndian.PutUint32(b[12+16*i+8:], uint32(len(b)))
		}
	default:
		t.Fatalf("unknown font damage %q", f[1])
	}
	return b
}
