// Package outdir writes a build's outputs into an output folder so that
// readers and later runs never see half of an update.
//
// A brief's outputs are written to temporary files first. Then, holding the
// folder's lock (an flock on the folder itself), a journal naming the renames
// and the brief's manifest entry is written, the temporary files are renamed
// into place, the manifest is updated, and the journal is removed. A run that
// finds a journal (its writer was killed) finishes that commit first, and it
// removes temporary files whose writing process is gone. So after any
// interruption the outputs and the manifest agree: the brief is either wholly
// old or wholly new.
package outdir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/un-briefs/report/internal/manifest"
)

// File is one output, in memory until it is written.
type File struct {
	Name  string // a plain file name inside the folder
	Data  []byte
	Pages int
}

const (
	journalName = ".report-commit.json"
	tmpMark     = ".tmp-" // temporary files are ".NAME.tmp-PID-RANDOM"
)

// WriteAtomic writes b to name through a temporary file beside it, synced and
// renamed into place, so that readers see the old file or the new one.
func WriteAtomic(name string, b []byte) error {
	tmp, err := writeTemp(name, b)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeTemp writes b to a new temporary file beside name and returns its path.
func writeTemp(name string, b []byte) (_ string, err error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tmpMark+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(b); err != nil {
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", err
	}
	if err = f.Close(); err != nil {
		return "", err
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// Dir is an output folder.
type Dir struct {
	Path      string
	Generator string // written into the manifest
}

// journal is a commit in progress.
type journal struct {
	Renames [][2]string    `json:"renames"` // temporary name → final name, both plain names
	Entry   manifest.Entry `json:"entry"`
}

// Prepare makes the folder, finishes a commit that a killed run left, and
// removes temporary files that no running process owns.
func (d Dir) Prepare() error {
	if d.Path == "" {
		return errors.New("the output folder's name is empty")
	}
	if err := os.MkdirAll(d.Path, 0o755); err != nil {
		return err
	}
	unlock, err := d.lock()
	if err != nil {
		return err
	}
	defer unlock()
	if err := d.recover(); err != nil {
		return err
	}
	entries, err := os.ReadDir(d.Path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if pid, ok := tempOwner(e.Name()); ok && !alive(pid) {
			os.Remove(filepath.Join(d.Path, e.Name()))
		}
	}
	return nil
}

// tempOwner parses the process id out of a temporary file's name.
func tempOwner(name string) (int, bool) {
	if !strings.HasPrefix(name, ".") {
		return 0, false
	}
	_, rest, ok := strings.Cut(name, tmpMark)
	if !ok {
		return 0, false
	}
	pid, _, ok := strings.Cut(rest, "-")
	n, err := strconv.Atoi(pid)
	return n, ok && err == nil && n > 0
}

// recover finishes the commit described by a journal, if there is one. The
// caller holds the lock, so the journal's writer is gone.
func (d Dir) recover() error {
	b, err := os.ReadFile(filepath.Join(d.Path, journalName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil {
		// A journal that was never completely written: its commit had not
		// started renaming, so the old state stands.
		return os.Remove(filepath.Join(d.Path, journalName))
	}
	return d.apply(j)
}

// apply renames what is left to rename, records the entry and drops the journal.
func (d Dir) apply(j journal) error {
	for _, r := range j.Renames {
		if strings.ContainsAny(r[0]+r[1], `/\`) {
			return fmt.Errorf("%s: journal names a file outside the folder", journalName)
		}
		err := os.Rename(filepath.Join(d.Path, r[0]), filepath.Join(d.Path, r[1]))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := d.updateManifest(j.Entry); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(d.Path, journalName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (d Dir) updateManifest(e manifest.Entry) error {
	name := filepath.Join(d.Path, manifest.Name)
	m, err := manifest.Read(name)
	if err != nil {
		return err
	}
	m.Merge(d.Generator, []manifest.Entry{e})
	b := m.Bytes()
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b) {
		return nil
	}
	return WriteAtomic(name, b)
}

// Commit writes a brief's outputs and its manifest entry as one change and
// reports whether any output differed from the file it replaces. Outputs
// that are already there byte for byte are left alone. An interrupt (ctx)
// is honoured before the commit starts, never in its middle.
func (d Dir) Commit(ctx context.Context, files []File, entry manifest.Entry) (changed bool, err error) {
	var temps [][2]string
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(filepath.Join(d.Path, t[0]))
			}
		}
	}()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		final := filepath.Join(d.Path, f.Name)
		if old, err := os.ReadFile(final); err == nil && bytes.Equal(old, f.Data) {
			continue
		}
		tmp, err := writeTemp(final, f.Data)
		if err != nil {
			return false, err
		}
		temps = append(temps, [2]string{filepath.Base(tmp), f.Name})
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	unlock, err := d.lock()
	if err != nil {
		return false, err
	}
	defer unlock()
	j := journal{Renames: temps, Entry: entry}
	if len(temps) > 0 {
		b, _ := json.Marshal(j)
		if err := WriteAtomic(filepath.Join(d.Path, journalName), b); err != nil {
			return false, err
		}
	}
	// From here on the commit is recorded: a failure leaves the journal for
	// the next run to finish, so the temporary files must stay.
	if err := d.apply(j); err != nil {
		temps = nil
		return false, err
	}
	return len(temps) > 0, nil
}

// Record updates the manifest with entries under the folder's lock, without
// writing outputs (as "report mail" does to record what it sent). update
// receives the current manifest and returns the entries to merge.
func (d Dir) Record(update func(*manifest.Manifest) []manifest.Entry) error {
	unlock, err := d.lock()
	if err != nil {
		return err
	}
	defer unlock()
	name := filepath.Join(d.Path, manifest.Name)
	m, err := manifest.Read(name)
	if err != nil {
		return err
	}
	entries := update(m)
	if len(entries) == 0 {
		return nil
	}
	m.Merge(d.Generator, entries)
	return WriteAtomic(name, m.Bytes())
}

// Stale compares files with what the folder holds and returns the names of
// those that are missing ("missing NAME") or differ ("stale NAME").
func (d Dir) Stale(files []File) ([]string, error) {
	var out []string
	for _, f := range files {
		p := filepath.Join(d.Path, f.Name)
		old, err := os.ReadFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, "missing "+filepath.ToSlash(p))
		case err != nil:
			return nil, err
		case !bytes.Equal(old, f.Data):
			out = append(out, "stale "+filepath.ToSlash(p))
		}
	}
	return out, nil
}
