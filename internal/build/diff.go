package build

import (
	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/edition"
	"github.com/un-briefs/report/internal/render/xlsx"
)

// Diff compares brief s with the edition in opt.Since, an annex or an output
// folder, without rendering anything: what report diff prints. It returns
// the document's words, for printing the diff in the brief's language.
func (t *Themes) Diff(opt Options, s Source) (*edition.Diff, edition.Words, error) {
	baseline := readBaseline(opt, s)
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
		base := <-baseline
		if base.err != nil {
			return base.err
		}
		if err := edition.Same(base.a, b, opt.Force); err != nil {
			return err
		}
		diff = edition.CompareWith(base.a, b, d, copt)
		return nil
	})
	if err != nil {
		return nil, edition.Words{}, err
	}
	return diff, edition.WordsFrom(d.Meta.Messages), nil
}

type baseline struct {
	a   *xlsx.Annex
	err error
}

// readBaseline starts reading the baseline of opt.Since for brief s, so that
// it reads while the brief loads and composes. Without a baseline the
// channel is nil.
func readBaseline(opt Options, s Source) <-chan baseline {
	if opt.Since == "" {
		return nil
	}
	ch := make(chan baseline, 1)
	go func() {
		var b baseline
		b.err = guard(s.Dir, "reading the baseline", func() error {
			var err error
			b.a, err = edition.Open(opt.Since, s.ID)
			return err
		})
		ch <- b
	}()
	return ch
}
