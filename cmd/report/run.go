package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/un-briefs/report/internal/batch"
	"github.com/un-briefs/report/internal/build"
	"github.com/un-briefs/report/internal/diag"
	"github.com/un-briefs/report/internal/manifest"
	"github.com/un-briefs/report/internal/outdir"
	"github.com/un-briefs/report/internal/starter"
)

// version is the tool's version; release builds set it with -ldflags.
var version = "v0.1.0"

const usage = `report turns a brief's folder into a PDF brief and an Excel annex.

Usage:
  report                       build the bundled brief into ./out
  report build [flags] DIR...  build briefs (each DIR holds a brief.md)
  report validate [flags] DIR...
                               check briefs and write nothing
  report mail [flags] DIR...   e-mail each brief's built PDF and annex
  report init DIR              write a small commented brief to start from
  report diff [flags] BASE DIR compare brief DIR with the edition in BASE (an annex
                               or an output folder); exit 1 if anything changed
  report manifest merge -o FILE MANIFEST...
                               join the manifests of sharded builds
  report version               print the version
  report help                  print this help

"report COMMAND -h" lists a command's flags. Flags may come before or after
the folders; "--" ends the flags.

Exit status: 0 success, 1 invalid input or failed build, 2 usage error,
3 internal error (a bug: please report it), 130 interrupted (SIGINT, SIGTERM).
Dates in the outputs come from SOURCE_DATE_EPOCH if set, else from the brief's date.
`

// cli is one run of the command: its environment and its outputs.
type cli struct {
	getenv         func(string) string
	wd             string // relative paths are relative to it
	stdout, stderr io.Writer
}

// path resolves a path the user gave against the working directory.
func (c *cli) path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.wd, p)
}

// run is the whole program: main only maps its error to an exit status. It
// reads no global state, so tests run it in parallel.
func run(ctx context.Context, args []string, getenv func(string) string, wd string, stdout, stderr io.Writer) error {
	c := &cli{getenv: getenv, wd: wd, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return c.build(ctx, buildFlags{out: "out", jobs: runtime.GOMAXPROCS(0), errFormat: "text"}, []build.Source{build.Bundled()})
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build", "validate":
		opt, srcs, err := c.parseBuild(cmd, rest)
		if err != nil || srcs == nil {
			return err
		}
		if cmd == "validate" {
			return c.validate(ctx, opt, srcs)
		}
		return c.build(ctx, opt, srcs)
	case "init":
		if len(rest) != 1 || strings.HasPrefix(rest[0], "-") {
			return usageError{"usage: report init DIR"}
		}
		if err := starter.Write(c.path(rest[0])); err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		fmt.Fprintf(stdout, "wrote a starter brief in %s; build it with: report build %s\n", rest[0], rest[0])
		return nil
	case "manifest":
		return c.manifest(rest)
	case "mail":
		return c.mail(ctx, rest)
	case "diff":
		return c.diff(ctx, rest)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "report", version)
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown command %q; run 'report help'", cmd)}
	}
}

type buildFlags struct {
	out, theme, errFormat string
	jobs                  int
	check, quiet          bool
	shard                 batch.Shard
	since                 string // a baseline: an earlier edition's annex or output folder
	force                 bool   // compare with a baseline of another brief
}

// parse parses flags that may come before, between or after the positional
// arguments, up to "--". -h prints the flags and returns (nil, nil).
func (c *cli) parse(fs *flag.FlagSet, args []string, synopsis string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(c.stdout, "usage: %s\n\nFlags:\n", synopsis)
			fs.SetOutput(c.stdout)
			fs.PrintDefaults()
			return nil, nil
		}
		if err != nil {
			return nil, usageError{err.Error()}
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return append([]string{}, pos...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

func (c *cli) parseBuild(cmd string, args []string) (buildFlags, []build.Source, error) {
	opt := buildFlags{}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.StringVar(&opt.out, "o", "out", "output folder")
	fs.IntVar(&opt.jobs, "j", runtime.GOMAXPROCS(0), "briefs built at once; also caps the cores used (never raises GOMAXPROCS)")
	fs.StringVar(&opt.theme, "theme", "", "house style folder (default: the brief's theme, else the built-in one)")
	fs.BoolVar(&opt.check, "check", false, "build in memory, compare with the output folder, write nothing; exit 1 if stale")
	fs.BoolVar(&opt.quiet, "q", false, "quiet: print errors only")
	fs.StringVar(&opt.errFormat, "error-format", "text", `"text" (file:line:col: field: message) or "github" (workflow annotations)`)
	shard := fs.String("shard", "", "build only the briefs whose id falls in shard `K/N`")
	fs.StringVar(&opt.since, "since", "", "say what changed since the edition in `BASE`, an annex (.xlsx) or an output folder")
	fs.BoolVar(&opt.force, "force", false, "with --since, compare with a baseline of another brief (other id or title)")
	dirs, err := c.parse(fs, args, "report "+cmd+" [flags] DIR...")
	if err != nil || dirs == nil {
		return opt, nil, err
	}
	switch {
	case opt.jobs < 1:
		return opt, nil, usageError{"-j must be at least 1"}
	case opt.out == "":
		return opt, nil, usageError{"-o needs a folder name"}
	}
	if _, err := diag.ParseFormat(opt.errFormat); err != nil {
		return opt, nil, usageError{err.Error()}
	}
	if *shard != "" {
		if opt.shard, err = batch.ParseShard(*shard); err != nil {
			return opt, nil, usageError{err.Error()}
		}
	}
	srcs, err := c.sources(dirs, opt.quiet)
	return opt, srcs, err
}

// sources are the brief folders named; other files (as a shell glob such as
// briefs/* also lists) are skipped with a note.
func (c *cli) sources(dirs []string, quiet bool) ([]build.Source, error) {
	srcs := []build.Source{}
	for _, d := range dirs {
		if st, err := os.Stat(c.path(d)); err == nil && !st.IsDir() {
			if !quiet {
				fmt.Fprintf(c.stderr, "skipped %s: not a folder\n", diag.Quote(d))
			}
			continue
		}
		srcs = append(srcs, build.Folder(d, c.wd))
	}
	if len(srcs) == 0 {
		return nil, usageError{"name at least one brief folder"}
	}
	return srcs, nil
}

func (c *cli) build(ctx context.Context, opt buildFlags, srcs []build.Source) error {
	date, err := build.ParseDate(c.getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return usageError{err.Error()}
	}
	srcs = opt.shard.Select(srcs)
	if err := batch.DuplicateIDs(srcs); err != nil {
		return usageError{err.Error()}
	}
	// -j N is a promise about CPU as well as about briefs: at most N cores.
	// It only ever lowers GOMAXPROCS, which Go sets from the CPU quota or the
	// user's GOMAXPROCS.
	if opt.jobs < runtime.GOMAXPROCS(0) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(opt.jobs))
	}
	out := outdir.Dir{Path: c.path(opt.out), Generator: "report " + version}
	if !opt.check {
		if err := out.Prepare(); err != nil {
			return err
		}
	}
	prog := batch.NewProgress(c.stderr, opt.quiet, len(srcs), time.Now())
	bo := batch.Options{Jobs: opt.jobs, Out: out, Check: opt.check,
		Build: build.Options{Theme: c.path(opt.theme), ThemeName: opt.theme, BuildDate: date, Generator: "report " + version, Since: c.path(opt.since), Force: opt.force}}
	results := batch.Run(ctx, bo, srcs, prog.Step)
	prog.Finish()
	var built, nfailed, unchanged, stale, interrupted int
	for _, r := range results {
		if errors.Is(r.Err, batch.ErrInterrupted) {
			interrupted++
			continue
		}
		if r.Err != nil {
			nfailed++
			c.printErr(opt.errFormat, r.Source, r.Err)
			continue
		}
		if opt.check {
			stale += len(r.Stale)
			for _, s := range r.Stale {
				fmt.Fprintln(c.stdout, strings.Replace(s, filepath.ToSlash(out.Path), filepath.ToSlash(opt.out), 1))
			}
			continue
		}
		word := "unchanged"
		if r.Changed {
			word = "built"
			built++
		} else {
			unchanged++
		}
		if !opt.quiet {
			fmt.Fprintf(c.stdout, "%s %s: %s\n", word, r.Source.ID, batch.Describe(opt.out, r.Outputs))
		}
	}
	if !opt.quiet && !opt.check && interrupted == 0 {
		fmt.Fprintf(c.stdout, "built %d, failed %d, unchanged %d\n", built, nfailed, unchanged)
	}
	switch {
	case interrupted > 0:
		return fmt.Errorf("%w: %d brief(s) not built; each brief's outputs are wholly old or wholly new", batch.ErrInterrupted, interrupted)
	case nfailed > 0:
		return failed(results)
	case opt.check && stale > 0:
		return fmt.Errorf("%d output(s) are stale or missing; run report build", stale)
	case opt.check && !opt.quiet:
		fmt.Fprintf(c.stdout, "%d brief(s) up to date\n", len(results))
	}
	return nil
}

// failed is errInternal if any brief hit a bug in report, else errReported.
func failed(results []batch.Result) error {
	if batch.Internal(results) {
		return errInternal
	}
	return errReported
}

func (c *cli) validate(ctx context.Context, opt buildFlags, srcs []build.Source) error {
	results := batch.Validate(ctx, build.Options{Theme: c.path(opt.theme), ThemeName: opt.theme}, opt.shard.Select(srcs))
	bad := false
	for _, r := range results {
		switch {
		case errors.Is(r.Err, batch.ErrInterrupted):
			return r.Err
		case r.Err != nil:
			bad = true
			c.printErr(opt.errFormat, r.Source, r.Err)
		case !opt.quiet:
			fmt.Fprintf(c.stdout, "ok %s\n", diag.Quote(r.Source.Dir))
		}
	}
	if bad {
		return failed(results)
	}
	return nil
}

func (c *cli) printErr(format string, s build.Source, err error) {
	diag.PrintSource(c.stderr, diag.Format(format), s.Dir, err, s.ReadFile)
}

// manifest runs "report manifest merge -o OUT IN...".
func (c *cli) manifest(args []string) error {
	if len(args) == 0 || args[0] != "merge" {
		return usageError{"usage: report manifest merge -o FILE MANIFEST..."}
	}
	fs := flag.NewFlagSet("manifest merge", flag.ContinueOnError)
	out := fs.String("o", "manifest.json", "the merged manifest")
	ins, err := c.parse(fs, args[1:], "report manifest merge -o FILE MANIFEST...")
	if err != nil || ins == nil {
		return err
	}
	if len(ins) == 0 {
		return usageError{"report manifest merge: name at least one manifest"}
	}
	given := map[string]string{}
	for i, name := range ins {
		ins[i] = c.path(name)
		given[ins[i]] = name
	}
	all, err := manifest.MergeFiles("report "+version, ins, func(p string) string { return given[p] })
	if err != nil {
		return err
	}
	if err := outdir.WriteAtomic(c.path(*out), all.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "merged %d brief(s) into %s\n", len(all.Briefs), *out)
	return nil
}
