package pdf

import (
	"slices"
	"testing"

	"github.com/rivo/uniseg"
)

// TestPlainSegments: the fast path for plain ASCII text cuts where the
// UAX #14 segmenter does.
func TestPlainSegments(t *testing.T) {
	for _, s := range []string{"row 1", "a  b c", "Hello, world (2017).", "x", "one two  three   four", "e.g. this; that: [a] 'q' \"z\""} {
		got, _ := segments(s)
		var want []string
		st := -1
		for rest := s; len(rest) > 0; {
			var seg string
			seg, rest, _, st = uniseg.FirstLineSegmentInString(rest, st)
			want = append(want, seg)
		}
		if !slices.Equal(got, want) {
			t.Errorf("segments(%q) = %q, want %q", s, got, want)
		}
	}
}
