package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"time"
)

// manifest lists what a build wrote. It is sorted and holds no clock time,
// so that the same input gives the same bytes.
type manifest struct {
	Generator string          `json:"generator"`
	Briefs    []manifestEntry `json:"briefs"`
}

type manifestEntry struct {
	ID        string       `json:"id"`
	BuildDate string       `json:"build_date"`
	Inputs    []fileDigest `json:"inputs"`
	Outputs   []fileDigest `json:"outputs"`
	Sent      []fileDigest `json:"sent,omitempty"` // the outputs last mailed
}

type fileDigest struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes,omitempty"`
	Pages  int    `json:"pages,omitempty"`
}

func entryOf(r result, date time.Time) manifestEntry {
	if date.IsZero() {
		date = r.doc.Meta.BuildDate
	}
	e := manifestEntry{ID: r.src.id, BuildDate: date.UTC().Format(time.RFC3339)}
	for _, f := range r.inputs {
		e.Inputs = append(e.Inputs, fileDigest{Name: f.Name, SHA256: f.SHA256})
	}
	for _, o := range r.outputs {
		e.Outputs = append(e.Outputs, fileDigest{Name: o.name, SHA256: sha(o.data), Bytes: len(o.data), Pages: o.pages})
	}
	return e
}

func readManifest(name string) (*manifest, error) {
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return &manifest{}, nil
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return &m, nil
}

// merge replaces the entries of m that entries rebuild and keeps the others.
func (m *manifest) merge(entries []manifestEntry) {
	byID := map[string]manifestEntry{}
	for _, e := range m.Briefs {
		byID[e.ID] = e
	}
	for _, e := range entries {
		if old, ok := byID[e.ID]; ok && e.Sent == nil {
			e.Sent = old.Sent // a rebuild keeps the record of what was mailed
		}
		byID[e.ID] = e
	}
	m.Briefs = m.Briefs[:0]
	for _, e := range byID {
		m.Briefs = append(m.Briefs, e)
	}
	sort.Slice(m.Briefs, func(i, j int) bool { return m.Briefs[i].ID < m.Briefs[j].ID })
	m.Generator = "report " + version
}

func (m *manifest) bytes() []byte {
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

func updateManifest(name string, entries []manifestEntry) error {
	m, err := readManifest(name)
	if err != nil {
		return err
	}
	m.merge(entries)
	_, err = writeIfChanged(name, m.bytes())
	return err
}

// manifestCmd runs "report manifest merge -o OUT IN...".
func manifestCmd(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "merge" {
		return usageError{"usage: report manifest merge -o FILE MANIFEST..."}
	}
	fs := flag.NewFlagSet("manifest merge", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "manifest.json", "merged manifest")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() == 0 {
		return usageError{"report manifest merge: name at least one manifest"}
	}
	all := &manifest{}
	seen := map[string]string{}
	for _, name := range fs.Args() {
		m, err := readManifest(name)
		if err != nil {
			return err
		}
		for _, e := range m.Briefs {
			if prev, dup := seen[e.ID]; dup {
				return fmt.Errorf("brief %q is in both %s and %s", e.ID, prev, name)
			}
			seen[e.ID] = name
		}
		all.merge(m.Briefs)
	}
	if err := writeAtomic(*out, all.bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "merged %d brief(s) into %s\n", len(all.Briefs), *out)
	return nil
}
