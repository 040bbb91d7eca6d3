package compose

import (
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// locale formats numbers and dates for a language. Numbers follow CLDR
// through golang.org/x/text; month names come from a small table, because
// x/text has no calendar data.
type locale struct {
	p      *message.Printer
	months [12]string
	source string // the word before a source line
}

var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"pl": {"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
}

var sourceWords = map[string]string{"en": "Source", "fr": "Source", "de": "Quelle", "pl": "Źródło", "es": "Fuente"}

func newLocale(lang string) *locale {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	base, _ := tag.Base()
	l := &locale{p: message.NewPrinter(tag)}
	var ok bool
	if l.months, ok = monthNames[base.String()]; !ok {
		l.months = monthNames["en"]
	}
	if l.source, ok = sourceWords[base.String()]; !ok {
		l.source = sourceWords["en"]
	}
	return l
}

func (l *locale) integer(n int64) string {
	return l.p.Sprint(number.Decimal(n))
}

func (l *locale) number(f float64, decimals int) string {
	return l.p.Sprint(number.Decimal(f, number.MinFractionDigits(decimals), number.MaxFractionDigits(decimals)))
}

// date formats t with a pattern of d, dd, M, MM, MMM, MMMM, yy and yyyy;
// other characters are copied.
func (l *locale) date(t time.Time, pattern string) string {
	if pattern == "" {
		pattern = "d MMMM yyyy"
	}
	var b strings.Builder
	for i := 0; i < len(pattern); {
		c := pattern[i]
		n := 1
		for i+n < len(pattern) && pattern[i+n] == c {
			n++
		}
		switch c {
		case 'd':
			if n >= 2 {
				b.WriteString(t.Format("02"))
			} else {
				b.WriteString(t.Format("2"))
			}
		case 'M':
			m := l.months[t.Month()-1]
			switch {
			case n >= 4:
				b.WriteString(m)
			case n == 3:
				r := []rune(m)
				b.WriteString(strings.ToUpper(string(r[0])) + string(r[1:min(3, len(r))]))
			case n == 2:
				b.WriteString(t.Format("01"))
			default:
				b.WriteString(t.Format("1"))
			}
		case 'y':
			if n >= 4 {
				b.WriteString(t.Format("2006"))
			} else {
				b.WriteString(t.Format("06"))
			}
		default:
			b.WriteString(pattern[i : i+n])
		}
		i += n
	}
	return b.String()
}
