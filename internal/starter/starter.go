// Package starter writes the small, commented brief that "report init"
// gives a new user: one table, one chart and one footnote, ready to build.
package starter

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed files
var files embed.FS

// FS is the starter brief's folder.
var FS, _ = fs.Sub(files, "files")

// Write writes the starter brief into folder dir, creating it if needed. It
// refuses to overwrite anything: a brief already in dir is an error.
func Write(dir string) error {
	var names []string
	err := fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(n))); err == nil {
			return fmt.Errorf("%s already exists; report init writes only into a new folder or one without a brief", n)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	for _, n := range names {
		b, err := fs.ReadFile(FS, n)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = f.Write(b)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
