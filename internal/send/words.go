package send

import (
	"cmp"
	"strings"

	"github.com/un-briefs/report/internal/i18n"
	"github.com/un-briefs/report/internal/mail"
	"github.com/un-briefs/report/internal/theme"
)

// localise sets a message's subject, fixed words and look from the brief's
// catalogue and the theme. A theme's mail.subject overrides the
// catalogue's.
func localise(msg *mail.Message, th *theme.Theme, cat *i18n.Catalog, id string) {
	subject := cmp.Or(th.Mail.Subject, cat.T("mail.subject"))
	msg.Subject = strings.NewReplacer("{title}", msg.Title, "{date}", msg.DateText, "{id}", id).Replace(subject)
	msg.Words = mail.Words{
		Attached: cat.T("mail.attached"),
		BuiltBy:  cat.T("mail.built_by", "generator", msg.Generator),
		Describe: func(a mail.Attachment) string {
			size := sizeText(cat, len(a.Data))
			if a.Pages > 0 {
				return cat.N("mail.pages", int64(a.Pages), "size", size)
			}
			return size
		},
	}
	msg.Look = mail.Look{Font: th.Mail.Font, Text: th.Style("body").Color, Title: th.Style("title").Color,
		Date: th.Style("subtitle").Color, Footer: th.Style("footer").Color}
}

// sizeText is a byte count for people, in the brief's language.
func sizeText(cat *i18n.Catalog, n int) string {
	switch {
	case n >= 1<<20:
		return cat.T("mail.mb", "n", cat.Locale.Number(float64(n)/(1<<20), 1))
	case n >= 1<<10:
		return cat.T("mail.kb", "n", cat.Locale.Integer(int64((n+512)>>10)))
	}
	return cat.N("mail.bytes", int64(n))
}
