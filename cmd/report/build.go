package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/un-briefs/report/briefs"
	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/mail"
	"github.com/un-briefs/report/internal/render/pdf"
	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/theme"
	"github.com/un-briefs/report/templates"
)

// source is a brief to build: a folder on disk, or one embedded in the binary.
type source struct {
	id   string
	dir  string // as messages show it
	fsys fs.FS  // nil: open dir on disk through an os.Root
}

// output is one built file, in memory until it is written.
type output struct {
	name  string
	data  []byte
	pages int
}

// result is what building one brief gave.
type result struct {
	src     source
	inputs  []data.File // the brief's input files and their hashes
	doc     *doc.Document
	outputs []output
	changed bool // an output differed from the file it replaced
	err     error
}

func sources(dirs []string) []source {
	if dirs == nil {
		sub, _ := fs.Sub(briefs.FS, briefs.Bundled)
		return []source{{id: briefs.Bundled, dir: "briefs/" + briefs.Bundled, fsys: sub}}
	}
	out := make([]source, 0, len(dirs))
	for _, d := range dirs {
		clean := filepath.Clean(d)
		out = append(out, source{id: filepath.Base(clean), dir: filepath.ToSlash(clean)})
	}
	return out
}

func (s source) load() (*data.Brief, error) {
	if s.fsys != nil {
		return data.Load(s.fsys, s.dir, s.id)
	}
	return data.LoadDir(s.dir)
}

// buildDate is SOURCE_DATE_EPOCH if set, else zero (compose then uses the brief's date).
func buildDate() (time.Time, error) {
	v := getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, usageError{fmt.Sprintf("SOURCE_DATE_EPOCH must be a whole number of seconds, not %q", v)}
	}
	return time.Unix(n, 0).UTC(), nil
}

// themes loads each house style once per run; a theme is read-only once loaded.
type themes struct {
	mu    sync.Mutex
	cache map[string]*theme.Theme
	errs  map[string]error
}

func newThemes() *themes {
	return &themes{cache: map[string]*theme.Theme{}, errs: map[string]error{}}
}

func (t *themes) get(key string, load func() (*theme.Theme, error)) (*theme.Theme, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if th, ok := t.cache[key]; ok {
		return th, t.errs[key]
	}
	th, err := load()
	t.cache[key], t.errs[key] = th, err
	return th, err
}

// themeFor picks the --theme folder, else the brief's theme (a built-in name or
// a folder beside brief.md), else the default. With no brief yet, it is the
// theme most briefs use: --theme or the default.
func (t *themes) themeFor(opt options, s source, b *data.Brief) (*theme.Theme, error) {
	switch {
	case opt.theme != "":
		return t.get("dir:"+opt.theme, func() (*theme.Theme, error) { return theme.LoadDir(opt.theme) })
	case b == nil || b.Meta.Theme == "" || b.Meta.Theme == "default":
		return t.get("default", theme.Default)
	}
	name := b.Meta.Theme
	if sub, err := fs.Sub(templates.FS, name); err == nil && !strings.Contains(name, "/") {
		if _, err := fs.Stat(sub, "theme.yaml"); err == nil {
			return t.get("builtin:"+name, func() (*theme.Theme, error) { return theme.Load(sub, "templates/"+name) })
		}
	}
	if s.fsys != nil || !fs.ValidPath(name) {
		return nil, fmt.Errorf("%s: theme: %q is not a built-in theme or a folder inside the brief", path.Join(s.dir, data.BriefFile), name)
	}
	dir := filepath.Join(s.dir, filepath.FromSlash(name))
	return t.get("dir:"+dir, func() (*theme.Theme, error) { return theme.LoadDir(dir) })
}

// checkGlyphs refuses characters that the theme's fonts cannot show, at
// their position in the input.
func checkGlyphs(b *data.Brief, th *theme.Theme) error {
	var errs data.ErrorList
	check := th.Checker()
	report := func(pos data.Pos, field, s string) {
		r, i, bad := check.Missing(s)
		if !bad {
			return
		}
		// Move the position to the character itself.
		rs := []rune(s)
		for _, c := range rs[:i] {
			if c == '\n' {
				pos.Line++
				pos.Col = 1
			} else if pos.Col > 0 {
				pos.Col++
			}
		}
		msg := fmt.Sprintf("character %q (U+%04X) is not in the theme's fonts", r, r)
		if r > 0xFFFF {
			msg = fmt.Sprintf("character %q (U+%04X) is outside the Basic Multilingual Plane; the PDF fonts cannot show it", r, r)
		}
		errs.Add(pos, field, "%s", msg)
	}
	for _, t := range b.Texts {
		report(t.Pos, t.Field, t.S)
	}
	for _, t := range b.Tables {
		for ci, c := range t.Columns {
			if c.Type != data.Text {
				continue
			}
			for _, r := range t.Rows {
				if v := r.Values[ci]; !v.Null {
					report(v.Pos, c.Name, v.Str)
				}
			}
		}
	}
	return errs.Err()
}

// make builds one brief in memory.
func (t *themes) make(ctx context.Context, opt options, s source, date time.Time) result {
	res := result{src: s}
	// Start on the PDF's fonts while the brief loads, for the theme most
	// briefs use; a brief with a theme of its own starts again below.
	var fonts *pdf.Fonts
	if th, err := t.themeFor(opt, s, nil); err == nil {
		fonts = pdf.ParseFonts(th)
	}
	b, err := s.load()
	if err != nil {
		res.err = err
		return res
	}
	res.inputs = b.Files
	th, err := t.themeFor(opt, s, b)
	if err != nil {
		res.err = err
		return res
	}
	if fonts == nil || fonts.Theme() != th {
		fonts = pdf.ParseFonts(th)
	}
	if err := checkGlyphs(b, th); err != nil {
		res.err = err
		return res
	}
	d := compose.Compose(b, compose.Options{BuildDate: date, Generator: "report " + version})
	b = nil // the model holds all that rendering needs; let the loaded data go
	res.doc = d
	if err := ctx.Err(); err != nil {
		res.err = err
		return res
	}
	// The PDF and the annex render from the same read-only model, so with a
	// spare worker they render at once: on two cores a large brief then takes
	// as long as its PDF.
	var xb bytes.Buffer
	var xerr error
	var wg sync.WaitGroup
	annex := hasAnnex(d)
	if annex && opt.split {
		wg.Add(1)
		go func() {
			defer wg.Done()
			xerr = xlsx.Render(&xb, d, th)
		}()
	}
	var buf bytes.Buffer
	info, err := pdf.RenderWith(&buf, d, fonts)
	wg.Wait()
	if annex && !opt.split {
		xerr = xlsx.Render(&xb, d, th)
	}
	if err != nil {
		res.err = fmt.Errorf("%s: %w", s.id, err)
		return res
	}
	if xerr != nil {
		res.err = fmt.Errorf("%s: %w", s.id, xerr)
		return res
	}
	res.outputs = append(res.outputs, output{name: s.id + ".pdf", data: buf.Bytes(), pages: info.Pages})
	if annex {
		res.outputs = append(res.outputs, output{name: s.id + ".xlsx", data: xb.Bytes()})
	}
	res.err = ctx.Err()
	return res
}

func hasAnnex(d *doc.Document) bool {
	for _, t := range d.Tables {
		if t.Annex {
			return true
		}
	}
	return false
}

func inShard(id string, k, n int) bool {
	if n == 0 {
		return true
	}
	h := fnv.New32a()
	io.WriteString(h, id)
	return int(h.Sum32()%uint32(n)) == k-1
}

// makeAll builds every source with opt.jobs workers. Results keep the order
// of the sources, so output does not depend on scheduling.
func makeAll(ctx context.Context, opt options, srcs []source, date time.Time, progress func(done int, id string)) []result {
	t := newThemes()
	// -j counts workers. When there are at least two for each brief, a
	// brief's PDF and annex render in parallel; otherwise briefs do.
	opt.split = opt.jobs >= 2*len(srcs)
	results := make([]result, len(srcs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < min(opt.jobs, len(srcs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = t.make(ctx, opt, srcs[i], date)
				if !opt.check && results[i].err == nil {
					// Each worker writes its brief's outputs, so that
					// writing and syncing overlap with the other builds.
					results[i].changed, results[i].err = writeOutputs(ctx, opt.out, results[i].outputs)
				}
				mu.Lock()
				done++
				progress(done, srcs[i].id)
				mu.Unlock()
			}
		}()
	}
	for i := range srcs {
		if ctx.Err() != nil {
			results[i] = result{src: srcs[i], err: ctx.Err()}
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func selectShard(opt options, srcs []source) []source {
	var out []source
	for _, s := range srcs {
		if inShard(s.id, opt.shardK, opt.shardN) {
			out = append(out, s)
		}
	}
	return out
}

func duplicateIDs(srcs []source) error {
	seen := map[string]string{}
	for _, s := range srcs {
		if d, ok := seen[s.id]; ok {
			return usageError{fmt.Sprintf("briefs %s and %s have the same id %q; their outputs would collide", d, s.dir, s.id)}
		}
		seen[s.id] = s.dir
	}
	return nil
}

func build(ctx context.Context, opt options, dirs []string, stdout, stderr io.Writer) error {
	date, err := buildDate()
	if err != nil {
		return err
	}
	srcs := selectShard(opt, sources(dirs))
	if err := duplicateIDs(srcs); err != nil {
		return err
	}
	// -j N is a promise about CPU as well as about briefs: at most N cores,
	// whatever each brief runs concurrently inside.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(min(opt.jobs, runtime.NumCPU())))
	if !opt.check {
		if err := os.MkdirAll(opt.out, 0o755); err != nil {
			return err
		}
	}
	start := time.Now()
	prog := newProgress(stderr, opt.quiet, len(srcs), start)
	results := makeAll(ctx, opt, srcs, date, prog.step)
	prog.finish()
	if opt.check {
		return check(opt, results, stdout, stderr)
	}
	var built, failed, unchanged int
	var entries []manifestEntry
	for _, r := range results {
		if r.err != nil {
			failed++
			printErr(stderr, opt.errFormat, r.src, r.err)
			continue
		}
		entries = append(entries, entryOf(r, date))
		if r.changed {
			built++
		} else {
			unchanged++
		}
		if !opt.quiet {
			fmt.Fprintf(stdout, "%s %s: %s\n", map[bool]string{true: "built", false: "unchanged"}[r.changed], r.src.id, describe(opt.out, r.outputs))
		}
	}
	// Even after an interrupt, the briefs written so far are recorded.
	if len(entries) > 0 {
		if err := updateManifest(filepath.Join(opt.out, "manifest.json"), entries); err != nil {
			return err
		}
	}
	if !opt.quiet {
		fmt.Fprintf(stdout, "built %d, failed %d, unchanged %d\n", built, failed, unchanged)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

func describe(dir string, outs []output) string {
	parts := make([]string, len(outs))
	for i, o := range outs {
		p := filepath.ToSlash(filepath.Join(dir, o.name))
		if o.pages > 0 {
			parts[i] = fmt.Sprintf("%s (%d pages, %s)", p, o.pages, mail.Size(len(o.data)))
		} else {
			parts[i] = fmt.Sprintf("%s (%s)", p, mail.Size(len(o.data)))
		}
	}
	return strings.Join(parts, ", ")
}

func validate(ctx context.Context, opt options, dirs []string, stdout, stderr io.Writer) error {
	srcs := selectShard(opt, sources(dirs))
	t := newThemes()
	failed := 0
	for _, s := range srcs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		b, err := s.load()
		if err == nil {
			var th *theme.Theme
			if th, err = t.themeFor(opt, s, b); err == nil {
				err = checkGlyphs(b, th)
			}
		}
		if err != nil {
			failed++
			printErr(stderr, opt.errFormat, s, err)
			continue
		}
		if !opt.quiet {
			fmt.Fprintf(stdout, "ok %s\n", s.dir)
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// printErr writes a brief's errors, one a line, as text or as GitHub
// workflow annotations.
func printErr(w io.Writer, format string, s source, err error) {
	list := data.Errors(err)
	if list == nil {
		if format == "github" {
			fmt.Fprintf(w, "::error::%s: %s\n", s.dir, ghEscape(err.Error()))
		} else {
			fmt.Fprintf(w, "%s: %v\n", s.dir, err)
		}
		return
	}
	for _, e := range list {
		if format == "github" {
			msg := e.Msg
			if e.Field != "" {
				msg = e.Field + ": " + msg
			}
			fmt.Fprintf(w, "::error file=%s,line=%d,col=%d::%s\n", e.Pos.File, e.Pos.Line, e.Pos.Col, ghEscape(msg))
		} else {
			fmt.Fprintln(w, e.Error())
		}
	}
}

func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// check compares what would be written with what is there, and writes nothing.
func check(opt options, results []result, stdout, stderr io.Writer) error {
	stale := 0
	failed := 0
	for _, r := range results {
		if r.err != nil {
			failed++
			printErr(stderr, opt.errFormat, r.src, r.err)
			continue
		}
		for _, o := range r.outputs {
			p := filepath.Join(opt.out, o.name)
			old, err := os.ReadFile(p)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				stale++
				fmt.Fprintf(stdout, "missing %s\n", filepath.ToSlash(p))
			case err != nil:
				return err
			case !bytes.Equal(old, o.data):
				stale++
				fmt.Fprintf(stdout, "stale %s\n", filepath.ToSlash(p))
			}
		}
	}
	if failed > 0 {
		return errReported
	}
	if stale > 0 {
		return fmt.Errorf("%d output(s) are stale or missing; run report build", stale)
	}
	if !opt.quiet {
		fmt.Fprintf(stdout, "%d brief(s) up to date\n", len(results))
	}
	return nil
}
