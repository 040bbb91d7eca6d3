package build

import (
	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/edition"
)

// Diff compares brief s with the edition in opt.Since, an annex or an output
// folder, without rendering anything: what report diff prints. It returns
// the document's words, for printing the diff in the brief's language.
func (t *Themes) Diff(opt Options, s Source) (*edition.Diff, edition.Words, error) {
	b, th, err := t.Validate(opt, s)
	if err != nil {
		return nil, edition.Words{}, err
	}
	cat, err := th.Catalog(b.Meta.Lang)
	if err != nil {
		return nil, edition.Words{}, err
	}
	copt := compose.Options{BuildDate: opt.BuildDate, Generator: opt.Generator, Catalog: cat}
	var d *doc.Document
	var diff *edition.Diff
	err = guard(s.Dir, "comparing with the baseline", func() error {
		d = compose.Compose(b, copt)
		base, err := edition.Open(opt.Since, b.ID)
		if err != nil {
			return err
		}
		if err := edition.Same(base, b, opt.Force); err != nil {
			return err
		}
		diff = edition.CompareWith(base, b, d, copt)
		return nil
	})
	if err != nil {
		return nil, edition.Words{}, err
	}
	return diff, edition.WordsFrom(d.Meta.Messages), nil
}
