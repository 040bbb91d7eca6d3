package i18n

import (
	"io/fs"
	"math"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/testkit"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Shipped are the languages whose catalogues ship with the default theme.
var Shipped = []string{"en", "pl", "de", "fr", "es", "ru"}

// variants adds regional tags to the shipped languages.
var variants = append(slices.Clone(Shipped), "en-GB", "en-US", "pl-PL", "de-AT", "de-CH", "fr-CA", "fr-CH", "es-MX", "ru-RU")

// TestFastMatchesCLDR checks the hand formatter against x/text (CLDR) for
// every shipped language and its common variants, on fixed and random
// numbers. Where minimum grouping digits leave a number ungrouped, x/text
// (which ignores them) is asked for no separator.
func TestFastMatchesCLDR(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ints := slices.Clone(fastSamples)
	floats := []float64{0, 0.5, 1.5, 2.5, -2.5, 0.125, 2.675, 1.005, 999.995, 1234.5, -0.004, 1e14 + 0.5}
	for range 2000 {
		ints = append(ints, r.Int64N(1<<uint(r.IntN(62)+1))*int64(1-2*r.IntN(2)))
		floats = append(floats, r.NormFloat64()*math.Pow(10, float64(r.IntN(12))))
	}
	for _, lang := range variants {
		c := Default(lang)
		l := c.Locale
		if !l.Fast() {
			t.Errorf("%s: no fast path", lang)
			continue
		}
		p := message.NewPrinter(l.Tag)
		for _, n := range ints {
			want := l.slowInteger(n)
			if got := l.Integer(n); got != want {
				t.Fatalf("%s: Integer(%d) = %q, x/text %q", lang, n, got, want)
			}
			if got, want := l.Plain(n), p.Sprint(number.Decimal(n, number.NoSeparator())); got != want {
				t.Fatalf("%s: Plain(%d) = %q, x/text %q", lang, n, got, want)
			}
		}
		for _, n := range []int64{0, 5, 45, 100, 1234, 12345, -7} {
			if got, want := l.Percent(n), l.slowPercent(n); got != want {
				t.Errorf("%s: Percent(%d) = %q, x/text %q", lang, n, got, want)
			}
		}
		for _, f := range floats {
			for d := 0; d <= 4; d++ {
				if got, want := l.Number(f, d), l.slowNumber(f, d); got != want {
					t.Fatalf("%s: Number(%v, %d) = %q, x/text %q", lang, f, d, got, want)
				}
			}
		}
	}
}

func TestNumbers(t *testing.T) {
	const nb = "\u00a0"
	for _, tc := range []struct {
		lang string
		n    int64
		f    float64
		want []string // Integer(n), Plain(n), Percent(n), Signed(n), Number(f, 2)
	}{
		{"en", 2014, -1234.5, []string{"2,014", "2014", "2,014%", "+2,014", "-1,234.50"}},
		{"en-GB", 12345, 0.125, []string{"12,345", "12345", "12,345%", "+12,345", "0.12"}},
		{"pl", 2014, -1234.5, []string{"2014", "2014", "2014%", "+2014", "-1234,50"}},
		{"pl", 12345, 12345.678, []string{"12" + nb + "345", "12345", "12" + nb + "345%", "+12" + nb + "345", "12" + nb + "345,68"}},
		{"es", 2014, 12345.5, []string{"2014", "2014", "2014" + nb + "%", "+2014", "12.345,50"}},
		{"de", 2014, -1234.5, []string{"2.014", "2014", "2.014" + nb + "%", "+2.014", "-1.234,50"}},
		{"fr", -45, 1234.5, []string{"-45", "-45", "-45" + nb + "%", "-45", "1" + nb + "234,50"}},
		{"ru", 1000, -1.5, []string{"1" + nb + "000", "1000", "1" + nb + "000" + nb + "%", "+1" + nb + "000", "-1,50"}},
		{"sv", -1234, -0.5, []string{"−1" + nb + "234", "−1234", "−1" + nb + "234" + nb + "%", "−1" + nb + "234", "−0,50"}},
	} {
		l := NewLocaleWith(tc.lang, Standalone{}, map[string]int{"pl": 2, "es": 2}[tc.lang])
		got := []string{l.Integer(tc.n), l.Plain(tc.n), l.Percent(tc.n), l.Signed(tc.n), l.Number(tc.f, 2)}
		if !slices.Equal(got, tc.want) {
			// fr's group separator changed between CLDR versions; report
			// what x/text says rather than fail on it alone.
			t.Errorf("%s: %q\n want %q", tc.lang, got, tc.want)
		}
	}
	// The catalogues carry the minimum grouping digits.
	if got := Default("pl").Locale.Integer(2014); got != "2014" {
		t.Errorf("pl catalogue: 2014 prints %q", got)
	}
}

// TestAnyLanguage is issue 16's crash: x/text writes native digits for
// these languages, and the old code looked for "234" in them. Every valid
// tag must format, with Latin digits unless the tag asks for others.
func TestAnyLanguage(t *testing.T) {
	tags := []string{"ar", "fa", "bn", "mr", "my", "ps", "ne", "ar-EG", "hi", "en-IN", "zh", "ja", "th", "he", "ur", "am", "und", "sr-Latn", "zh-Hant-TW", "x-klingon", "i-default", "en-US-u-nu-latn", "de-u-co-phonebk"}
	d := time.Date(2017, 10, 3, 0, 0, 0, 0, time.UTC)
	for _, tag := range tags {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", tag, r)
				}
			}()
			c := Default(tag)
			l := c.Locale
			for _, s := range []string{l.Integer(-1234567), l.Number(-1234.5, 2), l.Percent(45), l.Plain(2014), l.Signed(3)} {
				for _, r := range s {
					if unicode.IsDigit(r) && (r < '0' || r > '9') {
						t.Errorf("%s: %q has a non-Latin digit", tag, s)
						break
					}
				}
				if !strings.ContainsAny(s, "0123456789") {
					t.Errorf("%s: %q has no digit", tag, s)
				}
			}
			if got := l.Date(d, c.T("date.long")); !strings.Contains(got, "2017") || !strings.Contains(got, "3") {
				t.Errorf("%s: date %q", tag, got)
			}
			if c.T("table.label", "n", "1") == "" {
				t.Errorf("%s: no table label", tag)
			}
		}()
	}
	// A tag that asks for native digits gets them.
	if got := NewLocale("ar-u-nu-arab").Integer(2014); !strings.ContainsRune(got, '٢') {
		t.Errorf("ar-u-nu-arab: %q", got)
	}
}

func TestDates(t *testing.T) {
	d := time.Date(2017, 10, 3, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, pattern, want string }{
		{"en-GB", "d MMMM y", "3 October 2017"},
		{"en-GB", "d MMMM yyyy", "3 October 2017"},
		{"en-US", "MMMM d, y", "October 3, 2017"},
		{"en", "dd/MM/yy", "03/10/17"},
		{"en", "EEEE d MMM", "Tuesday 3 Oct"},
		{"en", "EEE", "Tue"},
		{"en", "y-MM-dd'T'", "2017-10-03T"},
		{"en", "d 'o''clock'", "3 o'clock"},
		{"pl", "d MMMM y", "3 października 2017"},
		{"pl", "MMMM y", "październik 2017"},
		{"pl", "LLLL y", "październik 2017"},
		{"pl", "d LLLL", "3 październik"},
		{"pl", "MMM y", "paź 2017"},
		{"pl", "EEEE", "wtorek"},
		{"ru", "d MMMM y 'г'.", "3 октября 2017 г."},
		{"ru", "LLLL y", "октябрь 2017"},
		{"ru", "MMMM", "октябрь"},
		{"de", "d. MMMM y", "3. Oktober 2017"},
		{"de", "d. MMM", "3. Okt."},
		{"fr", "d MMMM y", "3 octobre 2017"},
		{"fr", "MMM y", "oct. 2017"},
		{"es", "d 'de' MMMM 'de' y", "3 de octubre de 2017"},
		{"de-AT", "MMMM", "Jänner"[:0] + "Oktober"},
	} {
		if got := Default(tc.lang).Locale.Date(d, tc.pattern); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.pattern, got, tc.want)
		}
	}
	jan := time.Date(2020, 1, 5, 0, 0, 0, 0, time.UTC)
	if got := Default("de-AT").Locale.Date(jan, "MMMM"); got != "Jänner" {
		t.Errorf("de-AT January: %q", got)
	}
}

func TestDatePatternErrors(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		col     int
		msg     string
	}{
		{"DD/MM/YYYY", 1, `"DD" is not a date field letter`},
		{"d/MM/YYYY", 6, `"YYYY" is not a date field letter`},
		{"yyyy-mm-dd", 6, `"mm" is not a date field letter`},
		{"d MMMMM", 3, `"MMMMM": M repeats at most 4 times`},
		{"dddd", 1, "repeats at most 2"},
		{"żd 'open", 4, "unclosed quote"},
		{"HH:mm", 1, `"HH"`},
	} {
		_, err := ParseDate(tc.pattern)
		pe, ok := err.(*PatternError)
		if !ok {
			t.Errorf("%q: %v, want a PatternError", tc.pattern, err)
			continue
		}
		if pe.Col != tc.col || !strings.Contains(pe.Msg, tc.msg) {
			t.Errorf("%q: column %d %q, want column %d %q", tc.pattern, pe.Col, pe.Msg, tc.col, tc.msg)
		}
	}
	for _, ok := range []string{"", "d MMMM y", "LLLL y", "EEEE, d. MMMM y", "d 'de' MMMM", "y'年'M'月'd'日'", "dd.MM.yyyy"} {
		if _, err := ParseDate(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	// An invalid pattern is not copied through ("DD/07/YYYY").
	if got := NewLocale("en").Date(time.Date(2017, 7, 3, 0, 0, 0, 0, time.UTC), "DD/MM/YYYY"); strings.Contains(got, "DD") {
		t.Errorf("invalid pattern printed %q", got)
	}
}

// TestCatalogues checks that every shipped catalogue is complete: it
// defines each message of en.yaml, keeps its placeholders, and gives the
// plural forms its language uses.
func TestCatalogues(t *testing.T) {
	base := Default("en")
	layer := DefaultLayer()
	for _, lang := range Shipped {
		var f file
		loadFile(t, layer.FS, lang+".yaml", &f)
		c := Default(lang)
		for _, k := range base.Keys() {
			m, ok := f.Messages[k]
			if !ok {
				t.Errorf("%s.yaml: %s missing", lang, k)
				continue
			}
			want := placeholders(base.msgs[k].forms["other"])
			for form, s := range m.forms {
				if got := placeholders(s); !slices.Equal(got, want) {
					t.Errorf("%s.yaml: %s (%s): placeholders %v, want %v", lang, k, form, got, want)
				}
			}
			if len(m.forms) > 1 {
				for _, n := range []int64{0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 112} {
					if _, ok := m.forms[c.Locale.Plural(n)]; !ok {
						t.Errorf("%s.yaml: %s has no %q form (n=%d)", lang, k, c.Locale.Plural(n), n)
					}
				}
			}
		}
		if lang != "en" && c.T("table.label", "n", "1") == base.T("table.label", "n", "1") {
			t.Errorf("%s: table label is English", lang)
		}
	}
	if got := Chain("pl-PL"); !slices.Equal(got, []string{"pl-PL", "pl", "en"}) {
		t.Errorf("chain of pl-PL: %v", got)
	}
	if got := Chain("sr-Latn-RS"); !slices.Equal(got, []string{"sr-Latn-RS", "sr-RS", "sr-Latn", "sr", "en"}) {
		t.Errorf("chain of sr-Latn-RS: %v", got)
	}
	if got := Default("pl-PL").T("figure.label", "n", "2"); got != "Wykres 2" {
		t.Errorf("pl-PL falls back to pl: %q", got)
	}
	if got := Default("tlh").T("figure.label", "n", "2"); got != "Figure 2" {
		t.Errorf("an unknown language falls back to en: %q", got)
	}
	if got := Default("pl").N("mail.pages", 5, "size", "1 KB"); got != "5 stron, 1 KB" {
		t.Errorf("pl plural: %q", got)
	}
	if got := Default("pl").N("mail.pages", 22, "size", "1 KB"); got != "22 strony, 1 KB" {
		t.Errorf("pl plural: %q", got)
	}
	if got := Default(Pseudo).T("page.of", "page", "1", "pages", "3"); got != "⟦1 of 3⟧" {
		t.Errorf("pseudo-locale: %q", got)
	}
}

func placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		out = append(out, s[i:i+j+1])
		s = s[i+j+1:]
	}
	slices.Sort(out)
	return out
}

// TestOverride: a theme's own catalogue overrides single messages and may
// not invent new ones.
func TestOverride(t *testing.T) {
	over := fstest.MapFS{"pl.yaml": {Data: []byte("messages:\n  figure.label: \"Rys. {n}\"\n")}}
	c, err := Load("pl", DefaultLayer(), Layer{FS: over, Name: "mytheme/i18n"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T("figure.label", "n", "1"); got != "Rys. 1" {
		t.Errorf("override: %q", got)
	}
	if got := c.T("table.label", "n", "1"); got != "Tabela 1" {
		t.Errorf("not overridden: %q", got)
	}
	bad := fstest.MapFS{"pl.yaml": {Data: []byte("messages:\n  figure.lable: x\n")}}
	if _, err := Load("pl", DefaultLayer(), Layer{FS: bad, Name: "mytheme/i18n"}); err == nil || !strings.Contains(err.Error(), "mytheme/i18n/pl.yaml: messages.figure.lable: unknown message") {
		t.Errorf("unknown message: %v", err)
	}
}

var sink string

func BenchmarkInteger(b *testing.B) {
	l := Default("pl").Locale
	for i := 0; b.Loop(); i++ {
		sink = l.Integer(int64(i) * 7919)
	}
}

func BenchmarkIntegerXText(b *testing.B) {
	p := message.NewPrinter(language.Polish)
	for i := 0; b.Loop(); i++ {
		sink = p.Sprint(number.Decimal(int64(i) * 7919))
	}
}

func BenchmarkNumber(b *testing.B) {
	l := Default("de").Locale
	for i := 0; b.Loop(); i++ {
		sink = l.Number(float64(i)*1.37, 2)
	}
}

func loadFile(t *testing.T, fsys fs.FS, name string, f *file) {
	t.Helper()
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(src, f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestStandaloneMonths checks the stand-alone month names, which the
// catalogues carry because the Go CLDR libraries lack them, against CLDR as
// Babel (python3-babel) ships it.
func TestStandaloneMonths(t *testing.T) {
	py := testkit.Python(t, "babel")
	for _, lang := range Shipped {
		out, err := exec.Command(py, "-c", `
import sys
from babel import Locale
m = Locale.parse(sys.argv[1]).months["stand-alone"]
print("|".join(m["wide"][i] for i in range(1, 13)))
print("|".join(m["abbreviated"][i] for i in range(1, 13)))
`, lang).Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		wide, abbr := Default(lang).Locale.StandaloneMonths()
		if got := strings.Join(wide, "|"); got != lines[0] {
			t.Errorf("%s LLLL: %s\n CLDR: %s", lang, got, lines[0])
		}
		if got := strings.Join(abbr, "|"); got != lines[1] {
			t.Errorf("%s LLL: %s\n CLDR: %s", lang, got, lines[1])
		}
	}
}

// TestNoNegativeZero: a small negative value that rounds to zero is "0",
// in the fast path and in x/text's, not "-0".
func TestNoNegativeZero(t *testing.T) {
	for _, lang := range []string{"en", "pl", "sv", "ar"} {
		l := NewLocale(lang)
		for _, c := range []struct {
			f    float64
			dec  int
			zero bool
		}{{-0.3, 0, true}, {-0.04, 1, true}, {math.Copysign(0, -1), 2, true}, {-0.6, 0, false}, {-0.05, 1, false}} {
			got := l.Number(c.f, c.dec)
			neg := strings.ContainsAny(got, "-\u2212")
			if c.zero == neg {
				t.Errorf("%s: Number(%v, %d) = %q", lang, c.f, c.dec, got)
			}
		}
	}
}
