package edition

import (
	"fmt"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/theme"
)

// Since compares brief b, composed as d with opt, with the baseline at path
// base (an annex or an output folder) and writes the changes into d, placed
// as theme th says. It refuses a baseline of another brief unless force.
func Since(base string, force bool, b *data.Brief, d *doc.Document, th *theme.Theme, opt compose.Options) (*Diff, error) {
	a, err := Open(base, b.ID)
	if err != nil {
		return nil, err
	}
	return SinceAnnex(a, base, force, b, d, th, opt)
}

// SinceAnnex is Since with the baseline already read from base: a caller
// reads it while the brief loads.
func SinceAnnex(a *xlsx.Annex, base string, force bool, b *data.Brief, d *doc.Document, th *theme.Theme, opt compose.Options) (*Diff, error) {
	if err := Same(a, b, force); err != nil {
		return nil, fmt.Errorf("baseline %s: %w", base, err)
	}
	diff := CompareWith(a, b, d, opt)
	Apply(d, diff, OptionsFor(th, d))
	return diff, nil
}

// OptionsFor are the options of Apply for theme th and document d: the
// box's role and place from the theme, the words from d's catalogue.
func OptionsFor(th *theme.Theme, d *doc.Document) Options {
	o := Options{Words: WordsFrom(d.Meta.Messages), Place: th.Changes}
	if th.Changes != "off" {
		o.BoxRole = "changes" // a theme that does not style it sets it as the lead
	}
	return o
}
