package compose_test

import (
	"bytes"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
)

var update = flag.Bool("update", false, "rewrite golden files")

func bundled(t testing.TB) *doc.Document {
	t.Helper()
	b, err := data.LoadDir("../../briefs/nk-2017")
	if err != nil {
		t.Fatal(err)
	}
	return compose.Compose(b, compose.Options{Generator: "report test"})
}

// TestGolden compares the dump of the bundled brief with testdata/nk-2017.golden.
func TestGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := doc.Dump(&buf, bundled(t)); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/nk-2017.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("dump differs from %s; run go test -update and review the diff", golden)
	}
	// Composing twice gives the same dump.
	var again bytes.Buffer
	doc.Dump(&again, bundled(t))
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two composes differ")
	}
}

func plain(runs []doc.Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// TestSeedText checks that every paragraph and heading of the seed document
// comes out of compose exactly, quotes and dashes included, in order.
func TestSeedText(t *testing.T) {
	seed, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func([]doc.Block)
	walk = func(bs []doc.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Paragraph:
				got = append(got, plain(b.Runs))
			case *doc.Heading:
				got = append(got, b.Text)
			case *doc.Box:
				walk(b.Blocks)
			}
		}
	}
	d := bundled(t)
	walk(d.Blocks)
	paras := strings.Split(string(seed), "\n\n")
	first := strings.Split(paras[0], "\n")
	if d.Meta.Title != first[0] {
		t.Errorf("title %q, seed %q", d.Meta.Title, first[0])
	}
	want := []string{first[2]}
	for _, p := range paras[1:] {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, "North Korean Missile and Nuclear Tests") {
			break
		}
		want = append(want, p)
	}
	if len(got) != len(want) {
		t.Fatalf("%d paragraphs and headings, seed has %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("paragraph %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}

// TestSeedTable checks the table's display text against the seed.
func TestSeedTable(t *testing.T) {
	d := bundled(t)
	tab := d.Tables[0]
	if tab.Label != "Table 1" || tab.Caption != "North Korean Missile and Nuclear Tests, 2017" {
		t.Errorf("table %q %q", tab.Label, tab.Caption)
	}
	want := [][]string{
		{"12 February", "Pukguksong-2", "1", "500"},
		{"6 March", "Scud variant", "4", "1,000"},
		{"22 March", "Hwasong-10* (probably)", "1", "Failed attempt"},
		{"5 April", "unconfirmed missile", "1", "60"},
		{"6 April", "Hwasong-12 (probably)", "1", "Failed attempt"},
		{"29 April", "Hwasong-12 (probably)", "1", "Failed attempt"},
		{"14 May", "Hwasong-12", "1", "790"},
		{"21 May", "Pukguksong-2", "1", "500"},
		{"29 May", "Scud variant", "1", "450"},
		{"4 July", "Hwasong-14", "1", "930"},
		{"28 July", "Hwasong-14", "1", "1,000"},
		{"29 August", "Hwasong-12", "1", "2,700"},
		{"3 September", "Hydrogen bomb", "1", "-"},
		{"15 September", "Hwasong-12", "1", "3,700"},
	}
	if len(tab.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(tab.Rows), len(want))
	}
	for i, w := range want {
		for j := range w {
			if got := tab.Rows[i][j].Text; got != w[j] {
				t.Errorf("row %d col %d: %q, want %q", i+1, j, got, w[j])
			}
		}
	}
	// Meaning is kept: a failed attempt has no distance, and its status says so.
	failed := 0
	for _, r := range tab.Rows {
		if r[4].Value.Str == "failed" {
			failed++
			if !r[3].Value.Null || r[3].Role != "status" {
				t.Errorf("failed attempt with distance %+v", r[3])
			}
		}
	}
	if failed != 3 {
		t.Errorf("%d failed attempts, want 3", failed)
	}
	if strings.Join(tab.Notes, "|") != "*unconfirmed" || !strings.Contains(tab.Source, "S/2017/742") {
		t.Errorf("notes %q source %q", tab.Notes, tab.Source)
	}
}

func TestBuildDate(t *testing.T) {
	b, err := data.LoadDir("../../briefs/nk-2017")
	if err != nil {
		t.Fatal(err)
	}
	d := compose.Compose(b, compose.Options{})
	if !d.Meta.BuildDate.Equal(time.Date(2017, 10, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("build date %v, want the brief's date", d.Meta.BuildDate)
	}
	at := time.Unix(1700000000, 0).UTC()
	if d := compose.Compose(b, compose.Options{BuildDate: at}); !d.Meta.BuildDate.Equal(at) {
		t.Errorf("build date %v, want %v", d.Meta.BuildDate, at)
	}
}

func TestFigures(t *testing.T) {
	d := bundled(t)
	if len(d.Figures) != 2 || d.Figures[0].Label != "Figure 1" || d.Figures[1].Label != "Figure 2" {
		t.Fatalf("figures %+v", d.Figures)
	}
	bars := d.Figures[0].Chart
	if flags := join(bars.Series[0].Points, func(p doc.Point) string { return p.Flag }); flags != "failed|failed|failed|n/a" {
		t.Errorf("flags %v", flags)
	}
	if ticks := join(bars.YTicks, func(tk doc.Tick) string { return tk.Label }); ticks != "0|1,000|2,000|3,000|4,000" {
		t.Errorf("y ticks %v", ticks)
	}
	step := d.Figures[1].Chart
	pts := step.Series[0].Points
	if last := pts[len(pts)-1].Y; last != 16 {
		t.Errorf("cumulative missiles %v, want 16 (15 tests, one of 4 missiles)", last)
	}
	if events := join(step.Events, func(e doc.Event) string { return e.Label }); events != "Resolution 2356|Resolution 2371|Hydrogen bomb|Resolution 2375" {
		t.Errorf("events %v", events)
	}
	if step.XTicks[0].Label != "Feb 2017" || step.XTicks[1].Label != "Mar" {
		t.Errorf("first month tick %q", step.XTicks[0].Label)
	}
}

func TestLocaleNumbers(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"en", "1,234,567"}, {"en-GB", "1,234,567"}, {"de", "1.234.567"}, {"fr", "1\u00a0234\u00a0567"}, {"pl", "1\u00a0234\u00a0567"},
	} {
		got := compose.FormatInteger(tc.lang, 1234567)
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
}

// join lists the non-empty labels that f takes from xs, separated by "|".
func join[T any](xs []T, f func(T) string) string {
	var out []string
	for _, x := range xs {
		if s := f(x); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "|")
}

// TestAnyLanguage is issue 16's crash: lang ar (fa, bn, mr, my, ps, ne)
// panicked in compose because x/text wrote native digits. Every valid
// BCP 47 tag composes, with Latin digits.
func TestAnyLanguage(t *testing.T) {
	for _, tag := range []string{"ar", "fa", "bn", "mr", "my", "ps", "ne", "hi", "zh-Hant", "th", "und"} {
		b, err := data.LoadDir("../../briefs/nk-2017")
		if err != nil {
			t.Fatal(err)
		}
		b.Meta.Lang = tag
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", tag, r)
				}
			}()
			d := compose.Compose(b, compose.Options{Generator: "report test"})
			cell := d.Tables[0].Rows[0]
			for _, c := range cell {
				for _, r := range c.Text {
					if r >= 0x660 && r <= 0x6f9 || r >= 0x966 && r <= 0x9ef || r >= 0x1040 && r <= 0x1049 {
						t.Errorf("%s: native digit in %q", tag, c.Text)
					}
				}
			}
			if !strings.Contains(d.Meta.DateText, "2017") {
				t.Errorf("%s: date %q", tag, d.Meta.DateText)
			}
		}()
	}
}

// TestLanguages composes one small brief in each shipped language and
// compares the dump (dates, numbers, captions, notes and every message of
// the page furniture) with testdata/i18n-LANG.golden.
func TestLanguages(t *testing.T) {
	for _, lang := range []string{"en", "pl", "de", "fr", "es", "ru"} {
		b, err := data.LoadDir("testdata/i18n")
		if err != nil {
			t.Fatal(err)
		}
		b.Meta.Lang = lang
		var buf bytes.Buffer
		if err := doc.Dump(&buf, compose.Compose(b, compose.Options{Generator: "report test"})); err != nil {
			t.Fatal(err)
		}
		golden := "testdata/i18n-" + lang + ".golden"
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: dump differs from %s; run go test -update and review the diff", lang, golden)
		}
	}
}

// TestPolishRules checks CLDR's Polish rules in the composed brief: a month
// on its own in the nominative, a date's month in the genitive, four-digit
// numbers and years ungrouped, decimal commas, Polish captions and notes.
func TestPolishRules(t *testing.T) {
	b, err := data.LoadDir("testdata/i18n")
	if err != nil {
		t.Fatal(err)
	}
	b.Meta.Lang = "pl-PL"
	d := compose.Compose(b, compose.Options{Generator: "report test"})
	tab := d.Tables[0]
	cells := func(col int) []string {
		var out []string
		for _, r := range tab.Rows {
			out = append(out, r[col].Text)
		}
		return out
	}
	const nb = "\u00a0"
	for _, tc := range []struct {
		col  int
		want []string
	}{
		{0, []string{"styczeń 2017", "luty 2017", "marzec 2017", "październik 2017"}},
		{1, []string{"3 stycznia 2017", "14 lutego 2017", "31 marca 2017", "3 października 2017"}},
		{2, []string{"2006", "2016", "2017", "2017"}},
		{3, []string{"2014", "12" + nb + "345", "", "1" + nb + "234" + nb + "567"}},
		{4, []string{"45%", "5%", "100%", "7%"}},
		{5, []string{"+12", "-3", "0", "+1500"}},
		{6, []string{"-1234,50", "0,12", "98" + nb + "765,43", "2,50"}},
	} {
		if got := cells(tc.col); !slices.Equal(got, tc.want) {
			t.Errorf("column %s: %q, want %q", tab.Columns[tc.col].Name, got, tc.want)
		}
	}
	if tab.Label != "Tabela 1" || tab.Source != "Źródło: customs data." {
		t.Errorf("label %q, source %q", tab.Label, tab.Source)
	}
	if d.Meta.DateText != "3 października 2017" {
		t.Errorf("date %q", d.Meta.DateText)
	}
	f := d.Figures[0]
	if f.Label != "Wykres 1" || len(f.Notes) != 1 || !strings.HasPrefix(f.Notes[0], "Wykres przedstawia pierwsze 3 z 4 wierszy") {
		t.Errorf("figure %q notes %q", f.Label, f.Notes)
	}
	if flag := f.Chart.Series[0].Points[2].Flag; flag != "b.d." {
		t.Errorf("missing bar flag %q", flag)
	}
	// German and French words and formats.
	b.Meta.Lang = "de"
	d = compose.Compose(b, compose.Options{Generator: "report test"})
	if got := d.Tables[0].Rows[0][6].Text + " " + d.Tables[0].Rows[0][3].Text + " " + d.Meta.DateText + " " + d.Tables[0].Label; got != "-1.234,50 2.014 3. Oktober 2017 Tabelle 1" {
		t.Errorf("de: %q", got)
	}
	b.Meta.Lang = "fr"
	d = compose.Compose(b, compose.Options{Generator: "report test"})
	if got := d.Tables[0].Rows[0][6].Text + " " + d.Tables[0].Rows[0][4].Text + " " + d.Meta.DateText + " " + d.Figures[0].Label; got != "-1"+nb+"234,50 45"+nb+"% 3 octobre 2017 Graphique 1" {
		t.Errorf("fr: %q", got)
	}
}
