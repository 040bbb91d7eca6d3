// Package i18n holds what a brief's language changes in its outputs: the
// message catalogue of fixed words (shipped with the theme, see Catalog) and
// the formats of numbers and dates (see Locale), which come from CLDR through
// golang.org/x/text (numbers) and github.com/go-playground/locales (month and
// day names, plural rules).
//
// Package i18n imports no other internal package.
package i18n

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-playground/locales"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Locale formats numbers and dates for a language tag. It is safe for
// concurrent use.
type Locale struct {
	Tag language.Tag
	p   *message.Printer

	// Number symbols, read off x/text's own output (CLDR).
	group, decimal, minus string
	pctPre, pctSuf        string // the percent pattern around the number
	minGroup              int    // CLDR's minimumGroupingDigits
	fast                  bool   // the hand formatter gives x/text's answer

	cal   locales.Translator // month and day names, plural rules
	stand Standalone         // stand-alone month names, when they differ
}

// Standalone holds CLDR's stand-alone month names ("LLLL", "LLL"): the
// nominative that a month takes without a day, e.g. Polish "październik"
// beside the format form "października". The CLDR libraries for Go carry only
// the format forms, so a language whose two forms differ lists them in its
// catalogue.
type Standalone struct {
	Wide        []string `yaml:"wide"`
	Abbreviated []string `yaml:"abbreviated"`
}

var locs sync.Map // string → *Locale

// NewLocale returns the locale of a BCP 47 tag; an invalid tag gives
// English. Digits are Latin unless the tag asks for another numbering
// system with -u-nu-: the theme's fonts may lack native digits, and CLDR's
// Latin-digit formats exist for every language.
func NewLocale(lang string) *Locale {
	return newLocale(lang, Standalone{}, 0)
}

// NewLocaleWith is NewLocale with the stand-alone month names and the
// minimum grouping digits that a catalogue supplies (0: one, CLDR's default).
func NewLocaleWith(lang string, st Standalone, minGroup int) *Locale {
	return newLocale(lang, st, minGroup)
}

func newLocale(lang string, st Standalone, minGroup int) *Locale {
	key := lang + "\x00" + strings.Join(st.Wide, ",") + "\x00" + strings.Join(st.Abbreviated, ",") + "\x00" + strconv.Itoa(minGroup)
	if l, ok := locs.Load(key); ok {
		return l.(*Locale)
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	if nu := tag.TypeForKey("nu"); nu == "" {
		if t, err := tag.SetTypeForKey("nu", "latn"); err == nil {
			tag = t
		}
	}
	l := &Locale{Tag: tag, p: message.NewPrinter(tag), cal: calendarFor(tag), stand: st, minGroup: max(minGroup, 1)}
	l.symbols()
	l.fast = l.checkFast()
	v, _ := locs.LoadOrStore(key, l)
	return v.(*Locale)
}

// symbols reads the group and decimal separators, the minus sign and the
// percent pattern off x/text's formatting of sample numbers.
func (l *Locale) symbols() {
	s := l.p.Sprint(number.Decimal(-1234567.5, number.MinFractionDigits(1)))
	i1 := strings.Index(s, "1")
	i2, i3 := strings.Index(s, "234"), strings.Index(s, "567")
	i5 := strings.LastIndex(s, "5")
	if i1 < 0 || i2 < 0 || i3 < 0 || i5 <= i3+2 {
		return // not Latin digits: no fast path
	}
	l.minus = s[:i1]
	l.group = s[i1+1 : i2]
	l.decimal = s[i3+3 : i5]
	p := l.p.Sprint(number.Percent(0.25))
	if k := strings.Index(p, "25"); k >= 0 {
		l.pctPre, l.pctSuf = p[:k], p[k+2:]
	}
}

// fastSamples are the numbers on which the hand formatter must agree with
// x/text before it is trusted.
var fastSamples = []int64{0, 7, -7, 42, 999, -999, 1000, 1234, -1234, 9999, 10000, 12345, -98765, 100000, 123456, 1234567, -1234567, 1234567890, 9223372036854775807, -9223372036854775808}

func (l *Locale) checkFast() bool {
	if l.decimal == "" || l.group == "" {
		return false
	}
	l.fast = true
	for _, n := range fastSamples {
		if l.Integer(n) != l.slowInteger(n) {
			return false
		}
	}
	for _, n := range []int64{0, 45, -45, 1234, 123456} {
		if l.Percent(n) != l.slowPercent(n) {
			return false
		}
	}
	for _, f := range []float64{0, 0.5, -0.5, 1234.5678, -98765.4321, 2.675, 1e9 + 0.125} {
		for d := 0; d <= 3; d++ {
			if l.Number(f, d) != l.slowNumber(f, d) {
				return false
			}
		}
	}
	return true
}

// grouped reports whether a number with k integer digits is grouped:
// CLDR's minimum grouping digits leave Polish "2014" whole but group
// "12 345".
func (l *Locale) grouped(k int) bool { return k >= 3+l.minGroup }

// Integer formats n with the locale's grouping, e.g. "1,234" or "12 345".
func (l *Locale) Integer(n int64) string {
	if !l.fast {
		return l.slowInteger(n)
	}
	return l.fastDigits(strconv.FormatInt(n, 10))
}

// Plain formats n with no grouping: years and identifiers.
func (l *Locale) Plain(n int64) string {
	if !l.fast {
		return l.p.Sprint(number.Decimal(n, number.NoSeparator()))
	}
	s := strconv.FormatInt(n, 10)
	if s[0] == '-' {
		return l.minus + s[1:]
	}
	return s
}

// Percent formats n as a percentage of 100, e.g. "45%" or "45 %".
func (l *Locale) Percent(n int64) string {
	if !l.fast {
		return l.slowPercent(n)
	}
	return l.pctPre + l.Integer(n) + l.pctSuf
}

// Signed formats n with its sign always shown: "+12", "-3" (with the
// locale's minus sign), "0".
func (l *Locale) Signed(n int64) string {
	if n > 0 {
		return "+" + l.Integer(n)
	}
	return l.Integer(n)
}

// Number formats f with exactly decimals fraction digits.
func (l *Locale) Number(f float64, decimals int) string {
	f = noNegativeZero(f, decimals)
	if !l.fast || f != f || f > 1e15 || f < -1e15 || decimals > 15 {
		return l.slowNumber(f, decimals)
	}
	return l.fastDigits(strconv.FormatFloat(f, 'f', decimals, 64))
}

func (l *Locale) slowInteger(n int64) string {
	s := l.p.Sprint(number.Decimal(n))
	if !l.grouped(len(strconv.FormatInt(abs(n), 10))) {
		s = l.p.Sprint(number.Decimal(n, number.NoSeparator()))
	}
	return s
}

// noNegativeZero makes a negative value that rounds to zero at decimals
// a plain zero, so that it is written "0", not "-0".
func noNegativeZero(f float64, decimals int) float64 {
	if f == 0 || f < 0 && f > -1 && strings.Trim(strconv.FormatFloat(f, 'f', decimals, 64), "-0.") == "" {
		return 0
	}
	return f
}

func (l *Locale) slowNumber(f float64, decimals int) string {
	f = noNegativeZero(f, decimals)
	opts := []number.Option{number.MinFractionDigits(decimals), number.MaxFractionDigits(decimals)}
	s := l.p.Sprint(number.Decimal(f, opts...))
	ip := strings.SplitN(strconv.FormatFloat(f, 'f', decimals, 64), ".", 2)[0]
	if !l.grouped(len(strings.TrimPrefix(ip, "-"))) {
		s = l.p.Sprint(number.Decimal(f, append(opts, number.NoSeparator())...))
	}
	return s
}

func abs(n int64) int64 {
	if n < 0 {
		if n == -n {
			return n // MinInt64: its digits are what count
		}
		return -n
	}
	return n
}

// fastDigits writes an ASCII decimal "-1234.5" with the locale's symbols.
func (l *Locale) fastDigits(s string) string {
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	ip, fp, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.Grow(len(s) + len(ip)/3*len(l.group) + len(l.minus))
	if neg {
		b.WriteString(l.minus)
	}
	group := l.grouped(len(ip))
	for i := 0; i < len(ip); i++ {
		if group && i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteString(l.group)
		}
		b.WriteByte(ip[i])
	}
	if hasFrac {
		b.WriteString(l.decimal)
		b.WriteString(fp)
	}
	return b.String()
}

// Fast reports whether the locale formats numbers by hand (for tests and
// benchmarks).
func (l *Locale) Fast() bool { return l.fast }

// Plural returns the CLDR cardinal plural category of n: "one", "few",
// "many", "other"...
func (l *Locale) Plural(n int64) string {
	r := l.cal.CardinalPluralRule(float64(n), 0)
	if s := r.String(); s != "" && s != "Unknown" {
		return strings.ToLower(s)
	}
	return "other"
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func (l *Locale) slowPercent(n int64) string {
	if !l.grouped(len(strconv.FormatInt(abs(n), 10))) {
		return l.p.Sprint(number.Percent(float64(n)/100, number.NoSeparator()))
	}
	return l.p.Sprint(number.Percent(float64(n) / 100))
}
