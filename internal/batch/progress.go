package batch

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Progress shows N/M, the brief just finished and the elapsed time on one
// line of a terminal. Elsewhere, and with -q, it shows nothing: the result
// lines say it all.
type Progress struct {
	w     io.Writer
	on    bool
	total int
	start time.Time
}

func NewProgress(w io.Writer, quiet bool, total int, start time.Time) *Progress {
	return &Progress{w: w, on: !quiet && isTerminal(w), total: total, start: start}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *Progress) Step(done int, id string) {
	if p.on {
		fmt.Fprintf(p.w, "\r\033[K[%d/%d] %s %.1fs", done, p.total, id, time.Since(p.start).Seconds())
	}
}

func (p *Progress) Finish() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
