package i18n

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/cs"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/de_AT"
	"github.com/go-playground/locales/de_CH"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/en_GB"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/fr_CA"
	"github.com/go-playground/locales/it"
	"github.com/go-playground/locales/nl"
	"github.com/go-playground/locales/pl"
	"github.com/go-playground/locales/pt"
	"github.com/go-playground/locales/pt_PT"
	"github.com/go-playground/locales/ru"
	"github.com/go-playground/locales/sv"
	"github.com/go-playground/locales/uk"
	"golang.org/x/text/language"
)

// calendars are the CLDR locales whose month and day names are built in;
// a language without its own falls back to English names. Each adds to the
// binary, so the list holds the shipped catalogues' languages, their
// common regional variants, and a few other frequent languages written in
// scripts that the default theme's fonts cover (no Arabic: its names would
// be refused by the glyph check, and right-to-left text is not supported).
var calendars = map[string]func() locales.Translator{
	"cs": cs.New, "de": de.New, "de-AT": de_AT.New, "de-CH": de_CH.New,
	"en": en.New, "en-GB": en_GB.New, "es": es.New, "fr": fr.New, "fr-CA": fr_CA.New,
	"it": it.New, "nl": nl.New, "pl": pl.New, "pt": pt.New, "pt-PT": pt_PT.New,
	"ru": ru.New, "sv": sv.New, "uk": uk.New,
}

// calendarFor returns the names of tag's language: its region's variant if
// built in, else its language's, else English.
func calendarFor(tag language.Tag) locales.Translator {
	base, _ := tag.Base()
	region, conf := tag.Region()
	if conf == language.Exact {
		if f, ok := calendars[base.String()+"-"+region.String()]; ok {
			return f()
		}
	}
	if f, ok := calendars[base.String()]; ok {
		return f()
	}
	return en.New()
}

// DateLetters are the CLDR date field letters a pattern may use:
//
//	y     year: y 2017, yy 17, yyyy 2017
//	M     month in a date (format form): M 10, MM 10, MMM Oct, MMMM October
//	L     month on its own (stand-alone form): L, LL, LLL, LLLL
//	d     day of the month: d 3, dd 03
//	E     day of the week: E, EE, EEE Tue, EEEE Tuesday
//
// Other ASCII letters are reserved and refused; text between single quotes
// is copied (” is a quote); other characters are copied.
//
// CLDR's "yMMMM" skeleton yields the stand-alone form in every language
// that has one, so MMMM and MMM in a pattern without a day (d) are read as
// LLLL and LLL: Polish "październik 2017", but "3 października 2017".
const DateLetters = "yMLdE"

// DateToken is one piece of a date pattern: a field (Letter with its
// repeat count) or literal text.
type DateToken struct {
	Letter byte
	Count  int
	Text   string
	Pos    int // byte offset in the pattern
}

// PatternError is an invalid date pattern, with the byte offset and the
// 1-based column (in runes) of the fault.
type PatternError struct {
	Pos, Col int
	Msg      string
}

func (e *PatternError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

// ParseDate splits a CLDR date pattern into tokens.
func ParseDate(p string) ([]DateToken, error) {
	var out []DateToken
	lit := func(s string, pos int) {
		if k := len(out) - 1; k >= 0 && out[k].Letter == 0 {
			out[k].Text += s
			return
		}
		out = append(out, DateToken{Text: s, Pos: pos})
	}
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			if i+1 < len(p) && p[i+1] == '\'' {
				lit("'", i)
				i += 2
				continue
			}
			// Quoted text runs to the next single quote; '' inside it is a quote.
			var text strings.Builder
			j := i + 1
			for {
				if j >= len(p) {
					return nil, &PatternError{i, runeLen(p[:i]) + 1, "unclosed quote: close literal text with '"}
				}
				if p[j] == '\'' {
					if j+1 < len(p) && p[j+1] == '\'' {
						text.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				text.WriteByte(p[j])
				j++
			}
			lit(text.String(), i)
			i = j + 1
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			n := 1
			for i+n < len(p) && p[i+n] == c {
				n++
			}
			if !strings.ContainsRune(DateLetters, rune(c)) {
				return nil, &PatternError{i, runeLen(p[:i]) + 1, fmt.Sprintf("%q is not a date field letter; use y (year), M or L (month), d (day), E (weekday), and quote literal text: 'T'", p[i:i+n])}
			}
			if max := maxRun(c); n > max {
				return nil, &PatternError{i, runeLen(p[:i]) + 1, fmt.Sprintf("%q: %c repeats at most %d times", p[i:i+n], c, max)}
			}
			out = append(out, DateToken{Letter: c, Count: n, Pos: i})
			i += n
		default:
			j := i + 1
			for j < len(p) && p[j] != '\'' && !(p[j] >= 'a' && p[j] <= 'z' || p[j] >= 'A' && p[j] <= 'Z') {
				j++
			}
			lit(p[i:j], i)
			i = j
		}
	}
	return out, nil
}

// maxRun is how many times a field letter may repeat.
func maxRun(c byte) int {
	if c == 'd' {
		return 2
	}
	return 4
}

// parsed is a date pattern ready to format: its tokens, whether it has a
// day, or its error.
type parsed struct {
	toks   []DateToken
	hasDay bool
	err    error
}

var (
	patterns  sync.Map // pattern → parsed
	npatterns atomic.Int64
)

// maxPatterns bounds the cache of parsed patterns: briefs and catalogues
// use a handful; a run over many odd briefs parses the rest each time.
const maxPatterns = 1000

func parse(pattern string) parsed {
	if p, ok := patterns.Load(pattern); ok {
		return p.(parsed)
	}
	toks, err := ParseDate(pattern)
	p := parsed{toks: toks, err: err}
	for _, tk := range toks {
		if tk.Letter == 'd' {
			p.hasDay = true
		}
	}
	if npatterns.Add(1) <= maxPatterns {
		patterns.Store(pattern, p)
	}
	return p
}

// Date formats t with a CLDR date pattern. An invalid pattern (which
// validation refuses) gives the ISO date.
func (l *Locale) Date(t time.Time, pattern string) string {
	p := parse(pattern)
	if p.err != nil {
		return t.Format("2006-01-02")
	}
	toks, hasDay := p.toks, p.hasDay
	var b strings.Builder
	for _, tk := range toks {
		switch tk.Letter {
		case 0:
			b.WriteString(tk.Text)
		case 'y':
			y := t.Year()
			switch tk.Count {
			case 2:
				b.WriteString(pad(y%100, 2))
			default:
				b.WriteString(pad(y, tk.Count))
			}
		case 'd':
			b.WriteString(pad(t.Day(), tk.Count))
		case 'M', 'L':
			stand := tk.Letter == 'L' || !hasDay
			b.WriteString(l.month(t.Month(), tk.Count, stand))
		case 'E':
			if tk.Count == 4 {
				b.WriteString(l.cal.WeekdayWide(t.Weekday()))
			} else {
				b.WriteString(l.cal.WeekdayAbbreviated(t.Weekday()))
			}
		}
	}
	return b.String()
}

func (l *Locale) month(m time.Month, n int, stand bool) string {
	switch n {
	case 1:
		return strconv.Itoa(int(m))
	case 2:
		return pad(int(m), 2)
	case 3:
		if stand && len(l.stand.Abbreviated) == 12 {
			return l.stand.Abbreviated[m-1]
		}
		return l.cal.MonthAbbreviated(m)
	}
	if stand && len(l.stand.Wide) == 12 {
		return l.stand.Wide[m-1]
	}
	return l.cal.MonthWide(m)
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// FormatMonths returns CLDR's format-form month names (for tests).
func (l *Locale) FormatMonths() []string { return l.cal.MonthsWide() }

// StandaloneMonths returns the wide and abbreviated month names that LLLL
// and LLL show: the catalogue's stand-alone names, else CLDR's format names.
func (l *Locale) StandaloneMonths() (wide, abbr []string) {
	for m := time.January; m <= time.December; m++ {
		wide = append(wide, l.month(m, 4, true))
		abbr = append(abbr, l.month(m, 3, true))
	}
	return wide, abbr
}

// Names returns every month and weekday name the locale's dates may show:
// CLDR data, not messages (for tests).
func (l *Locale) Names() []string {
	out := append(slices.Clone(l.cal.MonthsWide()), l.cal.MonthsAbbreviated()...)
	out = append(out, l.cal.WeekdaysWide()...)
	out = append(out, l.cal.WeekdaysAbbreviated()...)
	out = append(out, l.stand.Wide...)
	return append(out, l.stand.Abbreviated...)
}
