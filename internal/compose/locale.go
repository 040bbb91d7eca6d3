package compose

import (
	"strconv"
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
	group  string // thousands separator, when grouping by threes matches CLDR
	fast   bool   // integers can be grouped by hand
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
	// x/text formats a number in about a microsecond; a table of 100,000
	// rows needs faster. Group by hand where that gives CLDR's answer.
	s := l.p.Sprint(number.Decimal(1234567))
	if r := []rune(s); len(r) > 1 && !strings.ContainsRune("0123456789", r[1]) {
		l.group = s[1:strings.Index(s, "234")]
		l.fast = true
		for _, n := range []int64{0, 7, 999, 1000, 12345, -98765, 1234567890} {
			if l.group3(n) != l.p.Sprint(number.Decimal(n)) {
				l.fast = false
			}
		}
	}
	return l
}

// group3 writes n with the group separator every three digits.
func (l *locale) group3(n int64) string {
	digits := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(l.group)
		}
		b.WriteRune(d)
	}
	return b.String()
}

func (l *locale) integer(n int64) string {
	if l.fast {
		return l.group3(n)
	}
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
