package main

import (
	"bytes"
	"context"
	"flag"
	"github.com/un-briefs/report/internal/testkit"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files")

var sizeRE = regexp.MustCompile(`\((\d+ pages, )?[\d.]+ (KB|MB|bytes)\)`)

func normalize(s string) string {
	return sizeRE.ReplaceAllStringFunc(s, func(m string) string {
		if strings.Contains(m, "pages") {
			return "(N pages, SIZE)"
		}
		return "(SIZE)"
	})
}

func TestScripts(t *testing.T) {
	repo, _ := filepath.Abs("../..")
	files, _ := filepath.Glob("testdata/script/*.txtar")
	for _, file := range files {
		file, _ := filepath.Abs(file)
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var args []string
			want := map[string]string{}
			t.Parallel()
			env := map[string]string{}
			for _, f := range ar.Files {
				switch {
				case f.Name == "args":
					for _, a := range strings.Split(strings.TrimRight(string(f.Data), "\n"), "\n") {
						if a != "" {
							args = append(args, a)
						}
					}
				case f.Name == "env":
					for _, kv := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
						if k, v, ok := strings.Cut(kv, "="); ok {
							env[k] = v
						}
					}
				case f.Name == "exit" || f.Name == "stdout" || f.Name == "stderr" || f.Name == "files":
					want[f.Name] = string(f.Data)
				case strings.HasPrefix(f.Name, "edit:"):
					testkit.EditFile(t, filepath.Join(dir, strings.TrimPrefix(f.Name, "edit:")), string(f.Data))
				case strings.HasPrefix(f.Name, "copy:"):
					copyTree(t, filepath.Join(repo, strings.TrimSpace(string(f.Data))), filepath.Join(dir, strings.TrimPrefix(f.Name, "copy:")))
				default:
					p := filepath.Join(dir, f.Name)
					must(t, os.MkdirAll(filepath.Dir(p), 0o755))
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			var stdout, stderr bytes.Buffer
			err = run(context.Background(), args, func(k string) string { return env[k] }, dir, &stdout, &stderr)
			code := exitCode(err, &stderr)
			got := map[string]string{
				"exit":   strconv.Itoa(code) + "\n",
				"stdout": normalize(stdout.String()),
				"stderr": normalize(stderr.String()),
			}
			if *update {
				for i, f := range ar.Files {
					if g, ok := got[f.Name]; ok {
						ar.Files[i].Data = []byte(g)
						delete(got, f.Name)
					}
				}
				for _, name := range []string{"exit", "stdout", "stderr"} {
					if g, ok := got[name]; ok {
						ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(g)})
					}
				}
				must(t, os.WriteFile(file, txtar.Format(ar), 0o644))
				return
			}
			for _, name := range []string{"exit", "stdout", "stderr"} {
				if got[name] != want[name] {
					t.Errorf("%s:\n%s\nwant:\n%s", name, got[name], want[name])
				}
			}
			for _, p := range strings.Fields(want["files"]) {
				_, err := os.Stat(filepath.Join(dir, strings.TrimPrefix(p, "!")))
				if strings.HasPrefix(p, "!") && err == nil {
					t.Errorf("%s exists; it should not", p[1:])
				} else if !strings.HasPrefix(p, "!") && err != nil {
					t.Errorf("%s is missing", p)
				}
			}
		})
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}
