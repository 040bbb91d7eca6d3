// Package batch builds many briefs at once: it schedules workers, selects a
// shard, reports progress, honours cancellation and has each worker commit
// its brief's outputs and manifest entry into the output folder.
package batch

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/un-briefs/report/internal/build"
	"github.com/un-briefs/report/internal/mail"
	"github.com/un-briefs/report/internal/manifest"
	"github.com/un-briefs/report/internal/outdir"
)

// Shard is shard K of N; the zero Shard holds every brief.
type Shard struct{ K, N uint64 }

// ParseShard reads "K/N" with 1 <= K <= N.
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.ParseUint(k, 10, 64)
	ni, err2 := strconv.ParseUint(n, 10, 64)
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
		return Shard{}, fmt.Errorf("--shard must be K/N with 1 <= K <= N, not %q", s)
	}
	return Shard{K: ki, N: ni}, nil
}

// Has reports whether the brief id falls in the shard. Briefs are spread by
// a hash of their id, so a shard's briefs do not change as others are added.
func (s Shard) Has(id string) bool {
	if s.N == 0 {
		return true
	}
	h := fnv.New32a()
	io.WriteString(h, id)
	return uint64(h.Sum32())%s.N == s.K-1
}

// Select keeps the sources in the shard.
func (s Shard) Select(srcs []build.Source) []build.Source {
	var out []build.Source
	for _, src := range srcs {
		if s.Has(src.ID) {
			out = append(out, src)
		}
	}
	return out
}

// DuplicateIDs refuses two briefs whose outputs would collide.
func DuplicateIDs(srcs []build.Source) error {
	seen := map[string]string{}
	for _, s := range srcs {
		if d, ok := seen[s.ID]; ok {
			return fmt.Errorf("briefs %s and %s have the same id %q; their outputs would collide", d, s.Dir, s.ID)
		}
		seen[s.ID] = s.Dir
	}
	return nil
}

// Options say how to run a batch.
type Options struct {
	Build build.Options
	Jobs  int        // workers
	Out   outdir.Dir // where to commit; ignored with Check
	Check bool       // build in memory only
}

// Result is one brief's build and what committing it did.
type Result struct {
	build.Result
	Changed bool     // an output differed from the file it replaced
	Stale   []string // with Check: "missing NAME" or "stale NAME" for each output not up to date
}

// Entry is the manifest entry of a built brief.
func Entry(r build.Result, date time.Time) manifest.Entry {
	if date.IsZero() && r.Doc != nil {
		date = r.Doc.Meta.BuildDate
	}
	e := manifest.Entry{ID: r.Source.ID, BuildDate: date.UTC().Format(time.RFC3339)}
	for _, f := range r.Inputs {
		e.Inputs = append(e.Inputs, manifest.Digest{Name: f.Name, SHA256: f.SHA256})
	}
	for _, o := range r.Outputs {
		e.Outputs = append(e.Outputs, manifest.Digest{Name: o.Name, SHA256: manifest.SHA256(o.Data), Bytes: len(o.Data), Pages: o.Pages})
	}
	return e
}

// Files are a result's outputs as files to write.
func Files(r build.Result) []outdir.File {
	out := make([]outdir.File, len(r.Outputs))
	for i, o := range r.Outputs {
		out[i] = outdir.File{Name: o.Name, Data: o.Data, Pages: o.Pages}
	}
	return out
}

// ErrInterrupted is the error of a brief that was not built because the
// batch was interrupted.
var ErrInterrupted = errors.New("interrupted")

// Run builds every source with opt.Jobs workers and, unless opt.Check, commits
// each brief as soon as it is built, so that an interrupted batch keeps what
// it finished. Results keep the order of the sources. progress, if not nil,
// is called after each brief, one call at a time.
func Run(ctx context.Context, opt Options, srcs []build.Source, progress func(done int, id string)) []Result {
	t := build.NewThemes()
	// -j counts workers. When there are at least two for each brief, a
	// brief's PDF and annex render in parallel; otherwise briefs do.
	opt.Build.Split = opt.Jobs >= 2*len(srcs)
	results := make([]Result, len(srcs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < min(max(opt.Jobs, 1), len(srcs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := Result{Result: t.Build(ctx, opt.Build, srcs[i])}
				switch {
				case r.Err != nil:
				case opt.Check:
					r.Stale, r.Err = opt.Out.Stale(Files(r.Result))
				default:
					r.Changed, r.Err = opt.Out.Commit(ctx, Files(r.Result), Entry(r.Result, opt.Build.BuildDate))
				}
				if r.Err != nil && ctx.Err() != nil && errors.Is(r.Err, ctx.Err()) {
					r.Err = ErrInterrupted
				}
				results[i] = r
				if progress != nil {
					mu.Lock()
					done++
					progress(done, srcs[i].ID)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range srcs {
		if ctx.Err() != nil {
			results[i] = Result{Result: build.Result{Source: srcs[i], Err: ErrInterrupted}}
			continue
		}
		select {
		case next <- i:
		case <-ctx.Done():
			results[i] = Result{Result: build.Result{Source: srcs[i], Err: ErrInterrupted}}
		}
	}
	close(next)
	wg.Wait()
	return results
}

// Validate runs every check of a build on each source, one after another,
// and writes nothing.
func Validate(ctx context.Context, opt build.Options, srcs []build.Source) []Result {
	t := build.NewThemes()
	results := make([]Result, len(srcs))
	for i, s := range srcs {
		results[i].Source = s
		if ctx.Err() != nil {
			results[i].Err = ErrInterrupted
			continue
		}
		_, _, results[i].Err = t.Validate(opt, s)
	}
	return results
}

// Internal reports whether any brief failed on a bug in report.
func Internal(results []Result) bool {
	for _, r := range results {
		var ie *build.InternalError
		if errors.As(r.Err, &ie) {
			return true
		}
	}
	return false
}

// Describe lists a brief's outputs in dir with their pages and sizes.
func Describe(dir string, outs []build.Output) string {
	parts := make([]string, len(outs))
	for i, o := range outs {
		p := filepath.ToSlash(filepath.Join(dir, o.Name))
		if o.Pages > 0 {
			parts[i] = fmt.Sprintf("%s (%d pages, %s)", p, o.Pages, mail.Size(len(o.Data)))
		} else {
			parts[i] = fmt.Sprintf("%s (%s)", p, mail.Size(len(o.Data)))
		}
	}
	return strings.Join(parts, ", ")
}
