package compose

import (
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/i18n"
)

// catalog returns the catalogue compose works with: the one given, else the
// default theme's for the brief's language.
func catalog(b *data.Brief, opt Options) *i18n.Catalog {
	if opt.Catalog != nil {
		return opt.Catalog
	}
	return i18n.Default(b.Meta.Lang)
}

// integer formats an integer cell by its column's format.
func (c *composer) integer(col *data.Column, n int64) string {
	switch col.Format {
	case "plain":
		return c.loc.Plain(n)
	case "percent":
		return c.loc.Percent(n)
	case "signed":
		return c.loc.Signed(n)
	}
	return c.loc.Integer(n)
}
