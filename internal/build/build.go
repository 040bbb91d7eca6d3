// Package build turns one brief, from its folder, into its outputs in memory:
// it loads and validates the brief, picks its theme, checks that the theme's
// fonts can show every character, composes the document and renders the PDF
// and the annex, concurrently when asked.
//
// It is the only package that wires the stages together. It writes nothing:
// internal/outdir does.
package build

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/un-briefs/report/briefs"
	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/edition"
	"github.com/un-briefs/report/internal/render/pdf"
	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/theme"
	"github.com/un-briefs/report/templates"
)

// Source is a brief to build: a folder on disk, or one embedded in the binary.
type Source struct {
	ID   string // the outputs' base name
	Dir  string // as messages show it
	Path string // where it is on disk; "" for an embedded brief
	FS   fs.FS  // the embedded brief; nil for one on disk
}

// ReadFile reads a file of the brief by the name that error positions give
// it (Dir, a slash and the file's path in the folder), confined to the
// folder as the loader is. It serves the caret display of errors.
func (s Source) ReadFile(name string) ([]byte, error) {
	rel, ok := strings.CutPrefix(name, s.Dir+"/")
	if !ok || !fs.ValidPath(rel) {
		return nil, fs.ErrNotExist
	}
	if s.FS != nil {
		return fs.ReadFile(s.FS, rel)
	}
	root, err := os.OpenRoot(s.Path)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return fs.ReadFile(root.FS(), rel)
}

// Bundled is the brief embedded in the binary.
func Bundled() Source {
	sub, err := fs.Sub(briefs.FS, briefs.Bundled)
	if err != nil {
		panic(err) // a constant path into an embedded FS
	}
	return Source{ID: briefs.Bundled, Dir: "briefs/" + briefs.Bundled, FS: sub}
}

// Folder is the brief in folder dir, named as the user wrote it, relative to
// the working directory wd. Its id is the folder's own name, also for "."
// or "..".
func Folder(dir, wd string) Source {
	clean := filepath.Clean(dir)
	p := clean
	if !filepath.IsAbs(p) {
		p = filepath.Join(wd, p)
	}
	return Source{ID: filepath.Base(p), Dir: filepath.ToSlash(clean), Path: p}
}

// Load reads and validates the brief.
func (s Source) Load() (*data.Brief, error) {
	if s.FS != nil {
		return data.Load(s.FS, s.Dir, s.ID)
	}
	root, err := os.OpenRoot(s.Path)
	if err != nil {
		var l data.ErrorList
		l.Add(data.Pos{File: s.Dir}, "", "cannot open brief folder: %v", pathErr(err))
		return nil, l.Err()
	}
	defer root.Close()
	return data.Load(root.FS(), s.Dir, s.ID)
}

// pathErr drops the path from a *fs.PathError: messages name the file already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ParseDate reads SOURCE_DATE_EPOCH: "" is the zero time (compose then uses
// the brief's date).
func ParseDate(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	// Years 1 to 9999 are the ones every output format can hold.
	if err != nil || n < 0 || n > 253402300799 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH must be a whole number of seconds from 1970 to 9999, not %q", v)
	}
	return time.Unix(n, 0).UTC(), nil
}

// Options say how to build.
type Options struct {
	Theme     string    // a house style folder that overrides every brief's own
	ThemeName string    // Theme as the user wrote it, for messages; "" is Theme
	BuildDate time.Time // zero: the brief's date
	Generator string    // "report vX"
	Split     bool      // render the PDF and the annex concurrently
	// Since is a baseline, an earlier edition's annex or output folder:
	// the outputs then say what changed since (internal/edition). Force
	// compares with a baseline of another brief.
	Since string
	Force bool
}

// Output is one built file.
type Output struct {
	Name  string
	Data  []byte
	Pages int // PDFs only
}

// Result is what building one brief gave.
type Result struct {
	Source  Source
	Inputs  []data.File // the brief's input files and their hashes
	Doc     *doc.Document
	Outputs []Output
	Err     error
}

// InternalError is a panic recovered while building a brief: a bug in report,
// never the brief's fault.
type InternalError struct {
	Brief string
	Stage string
	Value any
	Stack []byte
}

func (e *InternalError) Error() string {
	return fmt.Sprintf("internal error in %s while %s: %v (please report this, with the brief)\n%s", e.Brief, e.Stage, e.Value, e.Stack)
}

// guard runs f, turning a panic into an InternalError.
func guard(brief, stage string, f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &InternalError{Brief: brief, Stage: stage, Value: v, Stack: debug.Stack()}
		}
	}()
	return f()
}

// Themes loads each house style once per run and parses its fonts once. It
// is safe for concurrent use; a loaded theme is read-only.
type Themes struct {
	mu    sync.Mutex
	cache map[string]*loaded
}

type loaded struct {
	once sync.Once
	th   *theme.Theme
	err  error
}

// NewThemes returns an empty cache.
func NewThemes() *Themes { return &Themes{cache: map[string]*loaded{}} }

func (t *Themes) get(key string, load func() (*theme.Theme, error)) *loaded {
	t.mu.Lock()
	l, ok := t.cache[key]
	if !ok {
		l = &loaded{}
		t.cache[key] = l
	}
	t.mu.Unlock()
	l.once.Do(func() {
		l.err = guard(key, "loading the theme", func() error {
			var err error
			l.th, err = load()
			return err
		})
	})
	return l
}

// For picks the theme of a brief: opt.Theme, else the brief's theme (a
// built-in name or a folder beside brief.md), else the default. With b nil
// it is the theme most briefs use.
func (t *Themes) For(opt Options, s Source, b *data.Brief) (*theme.Theme, error) {
	l, err := t.pick(opt, s, b)
	if err != nil {
		return nil, err
	}
	return l.th, l.err
}

func (t *Themes) pick(opt Options, s Source, b *data.Brief) (*loaded, error) {
	switch {
	case opt.Theme != "":
		return t.get("dir:"+opt.Theme, func() (*theme.Theme, error) { return theme.LoadDirAs(opt.Theme, cmp.Or(opt.ThemeName, opt.Theme)) }), nil
	case b == nil || b.Meta.Theme == "" || b.Meta.Theme == "default":
		return t.get("default", theme.Default), nil
	}
	name := b.Meta.Theme
	if sub, err := fs.Sub(templates.FS, name); err == nil && !strings.Contains(name, "/") {
		if _, err := fs.Stat(sub, "theme.yaml"); err == nil {
			return t.get("builtin:"+name, func() (*theme.Theme, error) { return theme.Load(sub, "templates/"+name) }), nil
		}
	}
	if s.FS != nil || !fs.ValidPath(name) {
		return nil, fmt.Errorf("%s: theme: %q is not a built-in theme or a folder inside the brief", path.Join(s.Dir, data.BriefFile), name)
	}
	dir := filepath.Join(s.Path, filepath.FromSlash(name))
	return t.get("dir:"+dir, func() (*theme.Theme, error) { return theme.LoadDirAs(dir, path.Join(s.Dir, name)) }), nil
}

// CheckGlyphs refuses characters that the theme's fonts cannot show, at
// their position in the input.
func CheckGlyphs(b *data.Brief, th *theme.Theme) error {
	if err := data.CheckGlyphs(b, th.Checker().Missing); err != nil {
		return err
	}
	return th.CheckCatalog(b.Meta.Lang)
}

// Validate runs every check that Build runs before it renders: load, theme
// and glyphs. It returns the brief's input files.
func (t *Themes) Validate(opt Options, s Source) (*data.Brief, *theme.Theme, error) {
	b, th, err := t.load(opt, s)
	if err != nil {
		return b, th, err
	}
	// What only the composed document shows: a table whose unbreakable
	// words cannot fit the page. Build finds it while rendering (with the
	// same message), so that it measures each cell once.
	err = guard(s.Dir, "validating", func() error {
		cat, err := th.Catalog(b.Meta.Lang)
		if err != nil {
			return err
		}
		d := compose.Compose(b, compose.Options{BuildDate: opt.BuildDate, Generator: opt.Generator, Catalog: cat})
		return pdf.CheckTables(d, th)
	})
	return b, th, err
}

// load loads the brief, picks its theme and checks the brief's characters
// against the theme's fonts.
func (t *Themes) load(opt Options, s Source) (*data.Brief, *theme.Theme, error) {
	var (
		b  *data.Brief
		th *theme.Theme
	)
	err := guard(s.Dir, "validating", func() error {
		var err error
		if b, err = s.Load(); err != nil {
			return err
		}
		if th, err = t.For(opt, s, b); err != nil {
			return err
		}
		return CheckGlyphs(b, th)
	})
	return b, th, err
}

// Build builds one brief in memory.
func (t *Themes) Build(ctx context.Context, opt Options, s Source) (res Result) {
	res.Source = s
	// Start on the PDF's fonts while the brief loads, for the theme most
	// briefs use; a brief with a theme of its own starts again below. Fonts
	// serve one document, so each brief parses its own.
	var fonts *pdf.Fonts
	if th, err := t.For(opt, s, nil); err == nil {
		fonts = pdf.ParseFonts(th)
	}
	// So does reading the baseline's annex.
	baseline := readBaseline(opt, s)
	b, th, err := t.load(opt, s)
	if b != nil {
		res.Inputs = b.Files
	}
	if err != nil {
		res.Err = err
		return res
	}
	if fonts == nil || fonts.Theme() != th {
		fonts = pdf.ParseFonts(th)
	}
	cat, err := th.Catalog(b.Meta.Lang)
	if err != nil {
		res.Err = err
		return res
	}
	var d *doc.Document
	if err := guard(s.Dir, "composing", func() error {
		d = compose.Compose(b, compose.Options{BuildDate: opt.BuildDate, Generator: opt.Generator, Catalog: cat})
		return nil
	}); err != nil {
		res.Err = err
		return res
	}
	if opt.Since != "" {
		if err := guard(s.Dir, "comparing with the baseline", func() error {
			base := <-baseline
			if base.err != nil {
				return base.err
			}
			_, err := edition.SinceAnnex(base.a, opt.Since, opt.Force, b, d, th, compose.Options{BuildDate: opt.BuildDate, Generator: opt.Generator, Catalog: cat})
			return err
		}); err != nil {
			res.Err = err
			return res
		}
	}
	b = nil // the model holds all that rendering needs; let the loaded data go
	res.Doc = d
	if err := ctx.Err(); err != nil {
		res.Err = err
		return res
	}
	// The PDF and the annex render from the same read-only model, so with a
	// spare worker they render at once: on two cores a large brief then takes
	// as long as its PDF.
	var xb, pb bytes.Buffer
	var xerr error
	var wg sync.WaitGroup
	annex := HasAnnex(d)
	renderAnnex := func() {
		xerr = guard(s.Dir, "rendering the annex", func() error { return xlsx.Render(&xb, d, th) })
	}
	if annex && opt.Split {
		wg.Add(1)
		go func() {
			defer wg.Done()
			renderAnnex()
		}()
	}
	var info pdf.Info
	perr := guard(s.Dir, "rendering the PDF", func() error {
		var err error
		info, err = pdf.RenderWith(&pb, d, fonts)
		return err
	})
	wg.Wait()
	if annex && !opt.Split {
		renderAnnex()
	}
	if err := errors.Join(perr, xerr); err != nil {
		var ie *InternalError
		if !errors.As(err, &ie) {
			err = fmt.Errorf("%s: %w", s.ID, err)
		}
		res.Err = err
		return res
	}
	res.Outputs = append(res.Outputs, Output{Name: s.ID + ".pdf", Data: pb.Bytes(), Pages: info.Pages})
	if annex {
		res.Outputs = append(res.Outputs, Output{Name: s.ID + ".xlsx", Data: xb.Bytes()})
	}
	res.Err = ctx.Err()
	return res
}

// HasAnnex reports whether the document has a table for the annex.
func HasAnnex(d *doc.Document) bool {
	for _, t := range d.Tables {
		if t.Annex {
			return true
		}
	}
	return false
}
