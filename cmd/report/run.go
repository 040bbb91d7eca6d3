package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// version is the tool's version; release builds set it with -ldflags.
var version = "v0.1.0"

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errReported means the details were already written to stderr: exit 1.
var errReported = errors.New("failed")

const usage = `report turns a brief's folder into a PDF brief and an Excel annex.

Usage:
  report                       build the bundled brief into ./out
  report build [flags] DIR...  build briefs (each DIR holds a brief.md)
  report validate [flags] DIR...
                               check briefs and write nothing
  report mail [flags] DIR...   e-mail each brief's built PDF and annex
                               (report mail -h lists the flags)
  report manifest merge -o FILE MANIFEST...
                               join the manifests of sharded builds
  report version               print the version
  report help                  print this help

Build flags:
  -o DIR                 output folder (default "out")
  -j N                   briefs built at once, and cores used (default: all CPUs)
  --theme DIR            house style folder (default: the brief's theme, else the built-in one)
  --check                build in memory and compare with DIR; write nothing;
                         exit 1 if any output is stale or missing
  --shard K/N            build only the briefs whose id falls in shard K of N
  -q                     quiet: print errors only
  --error-format=FORMAT  "text" (file:line:col: field: message) or "github"

Exit status: 0 success, 1 invalid input or failed build, 2 usage error.
Dates in the outputs come from SOURCE_DATE_EPOCH if set, else from the brief's date.
`

// run is the whole program: main only maps its error to an exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return build(ctx, options{out: "out", jobs: runtime.NumCPU(), errFormat: "text"}, nil, stdout, stderr)
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build", "validate":
		opt, dirs, err := parseBuild(cmd, rest, stderr)
		if err != nil {
			return err
		}
		if cmd == "validate" {
			return validate(ctx, opt, dirs, stdout, stderr)
		}
		return build(ctx, opt, dirs, stdout, stderr)
	case "manifest":
		return manifestCmd(rest, stdout)
	case "mail":
		return mailCmd(ctx, rest, stdout, stderr)
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

type options struct {
	out       string
	jobs      int
	theme     string
	check     bool
	quiet     bool
	errFormat string
	shardK    int
	shardN    int
	split     bool // render a brief's PDF and annex concurrently
}

func parseBuild(cmd string, args []string, stderr io.Writer) (options, []string, error) {
	opt := options{errFormat: "text"}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&opt.out, "o", "out", "output folder")
	fs.IntVar(&opt.jobs, "j", runtime.NumCPU(), "briefs built at once")
	fs.StringVar(&opt.theme, "theme", "", "house style folder")
	fs.BoolVar(&opt.check, "check", false, "compare with the output folder; write nothing")
	fs.BoolVar(&opt.quiet, "q", false, "quiet")
	fs.StringVar(&opt.errFormat, "error-format", "text", "text or github")
	shard := fs.String("shard", "", "K/N")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opt, nil, usageError{"usage: report " + cmd + " [flags] DIR...; run 'report help'"}
		}
		return opt, nil, usageError{err.Error()}
	}
	if opt.jobs < 1 {
		return opt, nil, usageError{"-j must be at least 1"}
	}
	if opt.errFormat != "text" && opt.errFormat != "github" {
		return opt, nil, usageError{fmt.Sprintf("--error-format must be text or github, not %q", opt.errFormat)}
	}
	if *shard != "" {
		k, n, ok := strings.Cut(*shard, "/")
		ki, err1 := strconv.Atoi(k)
		ni, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
			return opt, nil, usageError{fmt.Sprintf("--shard must be K/N with 1 <= K <= N, not %q", *shard)}
		}
		opt.shardK, opt.shardN = ki, ni
	}
	dirs := fs.Args()
	if len(dirs) == 0 {
		return opt, nil, usageError{"report " + cmd + ": name at least one brief folder"}
	}
	for _, d := range dirs {
		if strings.HasPrefix(d, "-") {
			return opt, nil, usageError{fmt.Sprintf("flag %q must come before the folders", d)}
		}
	}
	return opt, dirs, nil
}

func getenv(k string) string { return os.Getenv(k) }
