// Package manifest reads, merges and writes manifest.json, the record of
// what a build wrote into an output folder and of what was last mailed.
//
// A manifest is sorted and holds no clock time, so that the same input gives
// the same bytes.
package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// Name is the manifest's file name inside an output folder.
const Name = "manifest.json"

// Manifest lists the briefs built into one output folder.
type Manifest struct {
	Generator string  `json:"generator"`
	Briefs    []Entry `json:"briefs"`
}

// Entry is one brief: its inputs, its outputs and what was last sent.
type Entry struct {
	ID        string   `json:"id"`
	BuildDate string   `json:"build_date"`
	Inputs    []Digest `json:"inputs"`
	Outputs   []Digest `json:"outputs"`
	Sent      []Digest `json:"sent,omitempty"` // the outputs last mailed
}

// Digest names a file and its SHA-256.
type Digest struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes,omitempty"`
	Pages  int    `json:"pages,omitempty"`
}

// SHA256 is the hex SHA-256 of b.
func SHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// SentSame reports whether the outputs are those last sent.
func (e Entry) SentSame() bool {
	if len(e.Sent) != len(e.Outputs) {
		return false
	}
	for i := range e.Sent {
		if e.Sent[i].Name != e.Outputs[i].Name || e.Sent[i].SHA256 != e.Outputs[i].SHA256 {
			return false
		}
	}
	return true
}

// Find returns the entry of the brief id.
func (m *Manifest) Find(id string) (Entry, bool) {
	for _, e := range m.Briefs {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// Parse decodes a manifest and checks that it names only files inside its
// folder, so that nothing that reads it can be sent outside.
func Parse(b []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, e := range m.Briefs {
		if err := checkName(e.ID); err != nil {
			return nil, fmt.Errorf("brief id %q: %v", e.ID, err)
		}
		for _, list := range [][]Digest{e.Outputs, e.Sent} {
			for _, d := range list {
				if err := checkName(d.Name); err != nil {
					return nil, fmt.Errorf("brief %q: output %q: %v", e.ID, d.Name, err)
				}
			}
		}
	}
	return &m, nil
}

// checkName accepts a plain file name: no folder, no "..", no control characters.
func checkName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return errors.New("not a file name")
	case strings.ContainsAny(name, `/\`) || path.Base(name) != name:
		return errors.New("names a file outside the output folder")
	case strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		return errors.New("holds a control character")
	}
	return nil
}

// Read reads the manifest at name. A missing file is an empty manifest:
// a folder that was never built into.
func Read(name string) (*Manifest, error) {
	m, err := ReadExisting(name)
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{}, nil
	}
	return m, err
}

// ReadExisting reads the manifest at name; a missing file is an error.
func ReadExisting(name string) (*Manifest, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	m, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return m, nil
}

// Merge replaces the entries of m that entries rebuild and keeps the others.
// A rebuilt entry without a record of what was sent keeps the old record.
func (m *Manifest) Merge(generator string, entries []Entry) {
	byID := map[string]Entry{}
	for _, e := range m.Briefs {
		byID[e.ID] = e
	}
	for _, e := range entries {
		if old, ok := byID[e.ID]; ok && e.Sent == nil {
			e.Sent = old.Sent
		}
		byID[e.ID] = e
	}
	m.Briefs = m.Briefs[:0]
	for _, e := range byID {
		m.Briefs = append(m.Briefs, e)
	}
	slices.SortFunc(m.Briefs, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	m.Generator = generator
}

// Bytes is the manifest as indented JSON with a final newline.
func (m *Manifest) Bytes() []byte {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // only strings and ints: cannot fail
	}
	return append(b, '\n')
}

// MergeFiles joins the manifests of sharded builds. Every file must exist,
// and no brief may be in two of them.
func MergeFiles(generator string, names []string, display func(string) string) (*Manifest, error) {
	all := &Manifest{}
	seen := map[string]string{}
	for _, name := range names {
		m, err := ReadExisting(name)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such manifest; nothing was merged", display(name))
		}
		if err != nil {
			return nil, err
		}
		for _, e := range m.Briefs {
			if prev, dup := seen[e.ID]; dup {
				return nil, fmt.Errorf("brief %q is in both %s and %s", e.ID, display(prev), display(name))
			}
			seen[e.ID] = name
		}
		all.Merge(generator, m.Briefs)
	}
	return all, nil
}
