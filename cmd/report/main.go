// Command report turns a policy brief's folder into a typeset PDF brief and
// an Excel annex of its data tables. Run "report help" for its usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
)

// memoryLimit is the heap size at which the garbage collector runs, unless
// GOMEMLIMIT or GOGC say otherwise. A brief is a short-lived batch job: most
// never reach the limit and never pay for a collection (a third of the time
// of the bundled brief), while a 100,000-row brief stays near it instead of
// growing the heap to twice its live size.
const memoryLimit = 240 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(-1)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode maps run's error to the exit status, printing it unless it was
// already reported: 0 success, 1 failure, 2 usage error.
func exitCode(err error, stderr io.Writer) int {
	var u usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		fmt.Fprintln(stderr, "report:", err)
		return 2
	case !errors.Is(err, errReported):
		fmt.Fprintln(stderr, "report:", err)
	}
	return 1
}
