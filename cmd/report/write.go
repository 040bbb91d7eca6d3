package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
)

// writeIfChanged writes data to name atomically, unless the file already
// holds exactly data. It reports whether the file was left as it was.
func writeIfChanged(name string, b []byte) (bool, error) {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b) {
		return true, nil
	}
	return false, writeAtomic(name, b)
}

// writeAtomic writes to a temporary file beside name, syncs it and renames it
// into place, so that readers see the old file or the new one, never a part.
func writeAtomic(name string, b []byte) (err error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(b); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// writeOutputs writes a brief's outputs into dir, each atomically. It reports
// whether any of them changed. An interrupt stops it between files.
func writeOutputs(ctx context.Context, dir string, outs []output) (bool, error) {
	changed := false
	for _, o := range outs {
		if err := ctx.Err(); err != nil {
			return changed, err
		}
		same, err := writeIfChanged(filepath.Join(dir, o.name), o.data)
		if err != nil {
			return changed, err
		}
		changed = changed || !same
	}
	return changed, nil
}
