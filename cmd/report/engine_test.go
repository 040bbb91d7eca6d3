package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/un-briefs/report/bench/scale"
	"github.com/un-briefs/report/internal/batch"
	"github.com/un-briefs/report/internal/build"
	"github.com/un-briefs/report/internal/manifest"
	"github.com/un-briefs/report/internal/outdir"
)

// runIn runs the command with a working directory and an environment of its
// own, as tests running in parallel need.
func runIn(wd string, env map[string]string, args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, wd, &stdout, &stderr)
	return exitCode(err, &stderr), stdout.String(), stderr.String()
}

func TestHelpFlagsListFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"build", "-h"}, {"validate", "-h"}, {"manifest", "merge", "-h"}, {"mail", "-h"}} {
		code, stdout, stderr := runIn(t.TempDir(), nil, args...)
		if code != 0 || !strings.Contains(stdout, "-o ") || stderr != "" {
			t.Errorf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
}

// TestFoldersAndFlags: flags may follow the folders; "--" ends them, so a
// folder may start with a dash; files that a glob adds are skipped.
func TestFoldersAndFlags(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	dirs := briefCopies(t, tmp, 1)
	must(t, os.Rename(dirs[0], filepath.Join(tmp, "-dash")))
	must(t, os.WriteFile(filepath.Join(tmp, "notes.go"), []byte("package x"), 0o644))
	code, stdout, stderr := runIn(tmp, nil, "build", "-o", "out", "notes.go", "--", "-dash")
	if code != 0 || !strings.Contains(stderr, "skipped notes.go: not a folder") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(tmp, "out", "-dash.pdf")); err != nil {
		t.Error(err)
	}
	// --dry-run after the folder is a flag, not a folder.
	code, stdout, stderr = runIn(tmp, map[string]string{"REPORT_SMTP_FROM": "a@example.org"}, "mail", "--to", "b@example.org", "--", "-dash")
	if code != 2 || !strings.Contains(stderr, "no SMTP server") {
		t.Errorf("mail without a host: exit %d\n%s%s", code, stdout, stderr)
	}
	must(t, os.Rename(filepath.Join(tmp, "-dash"), filepath.Join(tmp, "dash")))
	must(t, os.Rename(filepath.Join(tmp, "out"), filepath.Join(tmp, "o2")))
	if code, _, stderr := runIn(tmp, nil, "build", "dash", "-q", "-o", "out"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr = runIn(tmp, nil, "mail", "dash", "--dry-run", "--from", "a@example.org", "--to", "b@example.org")
	if code != 0 || !strings.Contains(stdout, "wrote out/dash.eml") {
		t.Errorf("mail DIR --dry-run: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestBuildDot builds from inside the brief's folder.
func TestBuildDot(t *testing.T) {
	t.Parallel()
	dirs := briefCopies(t, t.TempDir(), 1)
	code, stdout, stderr := runIn(dirs[0], nil, "build", "-o", "../out", ".")
	if code != 0 || !strings.Contains(stdout, "built b1: ../out/b1.pdf") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestMailConfigIsUsage(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	env := map[string]string{"REPORT_SMTP_FROM": "a@example.org", "REPORT_SMTP_HOST": "127.0.0.1"}
	for _, args := range [][]string{{"--tls", "bogus"}, {"--port", "-1"}, {"--max-size", "NaN"}, {"--port", "70000"}, {"--timeout", "0s"}} {
		code, _, stderr := runIn(tmp, env, append(append([]string{"mail"}, args...), "x")...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
}

func TestMergeMissingManifest(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	code, _, stderr := runIn(tmp, nil, "manifest", "merge", "-o", "all.json", "shard1.json")
	if code != 1 || !strings.Contains(stderr, "shard1.json: no such manifest") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(tmp, "all.json")); err == nil {
		t.Error("a merge of nothing wrote a manifest")
	}
}

func TestEmptyOutput(t *testing.T) {
	t.Parallel()
	if code, _, stderr := runIn(t.TempDir(), nil, "build", "-o", "", "x"); code != 2 || !strings.Contains(stderr, "-o needs a folder") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// TestConcurrentBuildsOneFolder: eight builds at once into one folder, each
// a run of its own, and the manifest lists all eight.
func TestConcurrentBuildsOneFolder(t *testing.T) {
	tmp := t.TempDir()
	var dirs []string
	for i := range 8 {
		d := filepath.Join(tmp, fmt.Sprintf("c%d", i))
		copyTree(t, "../../briefs/nk-2017", d)
		dirs = append(dirs, d)
	}
	out := filepath.Join(tmp, "out")
	var wg sync.WaitGroup
	for _, d := range dirs {
		wg.Go(func() {
			if code, _, stderr := runIn(tmp, nil, "build", "-q", "-j", "1", "-o", out, d); code != 0 {
				t.Error(stderr)
			}
		})
	}
	wg.Wait()
	m, err := manifest.ReadExisting(filepath.Join(out, manifest.Name))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Briefs) != 8 {
		t.Errorf("manifest lists %d of 8 briefs", len(m.Briefs))
	}
	checkConsistent(t, out)
}

// checkConsistent fails unless every output the manifest lists matches its
// hash, and no temporary file or journal is left.
func checkConsistent(t *testing.T, out string) *manifest.Manifest {
	t.Helper()
	m, err := manifest.Read(filepath.Join(out, manifest.Name))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Briefs {
		for _, o := range e.Outputs {
			b, err := os.ReadFile(filepath.Join(out, o.Name))
			if err != nil || manifest.SHA256(b) != o.SHA256 {
				t.Errorf("%s does not match the manifest (%v)", o.Name, err)
			}
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	return m
}

// TestKilled builds a large brief and stops the process at a random moment,
// with SIGTERM (it must exit 130 and leave the folder consistent at once) or
// SIGKILL (the next run must find it consistent after recovering). Each run
// builds a different edition, so a mix of old and new files would show.
// REPORT_KILL_RUNS sets the number of runs (.ci/run asks for 50).
func TestKilled(t *testing.T) {
	runs := 4
	if n, err := strconv.Atoi(os.Getenv("REPORT_KILL_RUNS")); err == nil {
		runs = n
	}
	rows := 20000
	if testing.Short() {
		t.Skip("builds the command and a large brief")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "report")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	brief := filepath.Join(tmp, "big")
	if err := scale.Write(brief, rows); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(brief, "data", "tests.csv")
	orig, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out")
	// A complete first build, then timed interrupts around its duration.
	start := time.Now()
	if b, err := exec.Command(bin, "build", "-q", "-o", out, brief).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	full := time.Since(start)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range runs {
		// A new edition: one distance changed.
		must(t, os.WriteFile(csv, bytes.Replace(orig, []byte(",500,"), []byte(","+strconv.Itoa(600+i)+","), 1), 0o644))
		cmd := exec.Command(bin, "build", "-q", "-o", out, brief)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Float64() * 1.2 * float64(full)))
		sig := syscall.SIGTERM
		if rng.IntN(2) == 0 {
			sig = syscall.SIGKILL
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		var ee *exec.ExitError
		code := 0
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		t.Logf("run %d: %v after %d%% of a build: exit %d", i, sig, int(100*float64(time.Since(start))/float64(full)), code)
		switch {
		case sig == syscall.SIGTERM && code != 0 && code != 130:
			t.Fatalf("run %d: SIGTERM gave exit %d\n%s", i, code, stderr.String())
		case sig == syscall.SIGTERM && code == 130 && !strings.Contains(stderr.String(), "interrupted"):
			t.Errorf("run %d: SIGTERM: %s", i, stderr.String())
		case sig == syscall.SIGKILL:
			// The next run recovers what a kill left.
			if err := (outdir.Dir{Path: out, Generator: "test"}).Prepare(); err != nil {
				t.Fatal(err)
			}
		}
		checkConsistent(t, out)
	}
}

// TestInternalErrorsExit3: a recovered panic is a bug in report, never a
// usage error: exit 3, with the brief, the stage and the stack printed.
func TestInternalErrorsExit3(t *testing.T) {
	t.Parallel()
	ie := &build.InternalError{Brief: "briefs/x", Stage: "rendering the PDF", Value: "index out of range", Stack: []byte("goroutine 1\n")}
	var stderr bytes.Buffer
	if code := exitCode(ie, &stderr); code != 3 || !strings.Contains(stderr.String(), "briefs/x") || !strings.Contains(stderr.String(), "goroutine 1") {
		t.Errorf("exit %d\n%s", code, stderr.String())
	}
	results := []batch.Result{{Result: build.Result{Err: errors.New("bad input")}}, {Result: build.Result{Err: fmt.Errorf("wrapped: %w", ie)}}}
	if err := failed(results); exitCode(err, io.Discard) != 3 {
		t.Errorf("a batch with an internal error: %v", err)
	}
	if err := failed(results[:1]); exitCode(err, io.Discard) != 1 {
		t.Errorf("a batch with bad input only: %v", err)
	}
}

// TestThemeNamedAsGiven: messages name a --theme folder as the user wrote
// it, not as the absolute path the command resolves it to.
func TestThemeNamedAsGiven(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	briefCopies(t, tmp, 1)
	must(t, os.MkdirAll(filepath.Join(tmp, "house"), 0o755))
	must(t, os.WriteFile(filepath.Join(tmp, "house", "theme.yaml"), []byte("page:\n  margins: {top: -5}\n"), 0o644))
	code, _, stderr := runIn(tmp, nil, "validate", "--theme", "house", "b1")
	if code != 1 || !strings.Contains(stderr, "house/theme.yaml") || strings.Contains(stderr, tmp) {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// TestPanicInCommandExits3: a panic in the command itself is an internal
// error (exit 3), not Go's crash status 2, which means a usage error here.
func TestPanicInCommandExits3(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	panicky := func(string) string { panic("boom") }
	err := runGuarded(context.Background(), []string{"build", "x"}, panicky, t.TempDir(), io.Discard, &stderr)
	if code := exitCode(err, &stderr); code != 3 || !strings.Contains(stderr.String(), "boom") || !strings.Contains(stderr.String(), "goroutine") {
		t.Errorf("exit %d\n%s", code, stderr.String())
	}
}
