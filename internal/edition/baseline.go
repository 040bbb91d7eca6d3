// Package edition compares a brief with an earlier edition of it: the
// baseline, read back from that edition's annex. It finds the rows added and
// removed, the cells revised, and the changes to the front matter and the
// prose, and writes them into the document: a box that says what changed,
// marks in the tables, and the annex's Changes sheet.
//
// The comparison works on typed values. Rows of a table with a key (the
// columns that identify a row, declared with key:) are matched by their key;
// a table without one is compared as a whole.
package edition

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/render/xlsx"
)

// ManifestFile is the name of an output folder's manifest.
const ManifestFile = "manifest.json"

// manifest is the part of an output folder's manifest.json that names the
// outputs of each brief.
type manifest struct {
	Briefs []struct {
		ID      string `json:"id"`
		Outputs []struct {
			Name string `json:"name"`
		} `json:"outputs"`
	} `json:"briefs"`
}

// Open reads the baseline for the brief id from base: an annex (.xlsx), or an
// output folder whose manifest.json names the brief's annex.
func Open(base, id string) (*xlsx.Annex, error) {
	st, err := os.Stat(base)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", base, unwrap(err))
	}
	if !st.IsDir() {
		return xlsx.ReadFile(base)
	}
	name, err := annexIn(base, id)
	if err != nil {
		return nil, err
	}
	return xlsx.ReadFile(filepath.Join(base, name))
}

// annexIn finds the annex of brief id in output folder dir through its manifest.
func annexIn(dir, id string) (string, error) {
	mf := filepath.Join(dir, ManifestFile)
	b, err := os.ReadFile(mf)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("baseline %s: a folder must hold the manifest.json of a build; name the annex (.xlsx) instead", dir)
	}
	if err != nil {
		return "", fmt.Errorf("baseline %s: %w", dir, err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("baseline %s: %v", mf, err)
	}
	var ids []string
	for _, e := range m.Briefs {
		ids = append(ids, e.ID)
		if e.ID != id {
			continue
		}
		for _, o := range e.Outputs {
			if strings.HasSuffix(o.Name, ".xlsx") && filepath.Base(o.Name) == o.Name {
				return o.Name, nil
			}
		}
		return "", fmt.Errorf("baseline %s: the manifest lists no annex for brief %q", mf, id)
	}
	return "", fmt.Errorf("baseline %s: the manifest has no brief %q (it has %s)", mf, id, orNone(ids))
}

func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, fs.ErrNotExist) {
			return errors.New("no such file or folder")
		}
		return pe.Err
	}
	return err
}

// ErrOtherBrief is returned, wrapped, when the baseline is another brief's.
var ErrOtherBrief = errors.New("the baseline is another brief's")

// Same checks that the baseline is an earlier edition of brief b: the same
// id (when the baseline records one) and the same title. With force, any
// baseline is accepted.
func Same(base *xlsx.Annex, b *data.Brief, force bool) error {
	if force {
		return nil
	}
	if base.Record && base.ID != b.ID {
		return fmt.Errorf("%w: it is brief %q, not %q; use --force to compare them anyway", ErrOtherBrief, base.ID, b.ID)
	}
	if base.Title != b.Meta.Title {
		return fmt.Errorf("%w: it is titled %q, not %q; if the title changed, use --force", ErrOtherBrief, base.Title, b.Meta.Title)
	}
	return nil
}
