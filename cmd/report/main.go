// Command report turns a policy brief's folder into a typeset PDF brief and
// an Excel annex of its data tables. Run "report help" for its usage.
//
// The command only parses flags, prints and maps errors to exit statuses;
// internal/build, internal/batch and internal/send do the work.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/un-briefs/report/internal/batch"
	"github.com/un-briefs/report/internal/build"
)

// memoryLimit is the heap size at which the garbage collector runs, unless
// GOMEMLIMIT or GOGC say otherwise. A brief is a short-lived batch job: most
// never reach the limit and never pay for a collection, while a 100,000-row
// brief stays near it instead of growing the heap to twice its live size.
const memoryLimit = 240 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(-1)
		}
	}
	// CI runners and Kubernetes stop jobs with SIGTERM: it interrupts like Ctrl-C.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	wd, err := os.Getwd()
	if err == nil {
		err = runGuarded(ctx, os.Args[1:], os.Getenv, wd, os.Stdout, os.Stderr)
	}
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// runGuarded is run with a panic outside the build's own guards (in the
// command itself) reported as an internal error, exit 3, rather than as Go's
// crash, whose exit status 2 would read as a usage error.
func runGuarded(ctx context.Context, args []string, getenv func(string) string, wd string, stdout, stderr io.Writer) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &build.InternalError{Brief: "report " + strings.Join(args, " "), Stage: "running the command", Value: v, Stack: debug.Stack()}
		}
	}()
	return run(ctx, args, getenv, wd, stdout, stderr)
}

// Exit statuses.
const (
	exitOK          = 0
	exitFailed      = 1 // invalid input or a failed build
	exitUsage       = 2
	exitInternal    = 3   // a bug in report
	exitInterrupted = 130 // SIGINT or SIGTERM
)

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errReported means the details were already written to stderr.
var errReported = errors.New("failed")

// errInternal means an internal error was already written to stderr.
var errInternal = errors.New("internal error")

// exitCode maps run's error to the exit status, printing it unless it was
// already reported.
func exitCode(err error, stderr io.Writer) int {
	var u usageError
	var ie *build.InternalError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		fmt.Fprintln(stderr, "report:", err)
		return exitUsage
	case errors.Is(err, errInternal):
		return exitInternal
	case errors.Is(err, errTrouble):
		return exitUsage
	case errors.As(err, &ie):
		fmt.Fprintln(stderr, "report:", err)
		return exitInternal
	case errors.Is(err, batch.ErrInterrupted):
		fmt.Fprintln(stderr, "report:", err)
		return exitInterrupted
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "report: interrupted")
		return exitInterrupted
	case !errors.Is(err, errReported):
		fmt.Fprintln(stderr, "report:", err)
	}
	return exitFailed
}
