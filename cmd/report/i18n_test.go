package main

import (
	"mime"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/go-fonts/dejavu/dejavusanscondensed"
	"github.com/go-fonts/dejavu/dejavusanscondensedbold"
	"github.com/go-fonts/dejavu/dejavusanscondensedboldoblique"
	"github.com/go-fonts/dejavu/dejavusanscondensedoblique"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/dejavu/dejavusansmonobold"
	"github.com/go-fonts/dejavu/dejavusansmonoboldoblique"
	"github.com/go-fonts/dejavu/dejavusansmonooblique"
	"github.com/un-briefs/report/internal/i18n"
	"github.com/un-briefs/report/internal/testkit"
)

// dejavu are the DejaVu fonts, which have the brackets ⟦ ⟧ that the
// Liberation fonts lack, from Go modules like every font of report.
var dejavu = map[string][]byte{
	"DejaVuSansCondensed.ttf":             dejavusanscondensed.TTF,
	"DejaVuSansCondensed-Bold.ttf":        dejavusanscondensedbold.TTF,
	"DejaVuSansCondensed-Oblique.ttf":     dejavusanscondensedoblique.TTF,
	"DejaVuSansCondensed-BoldOblique.ttf": dejavusanscondensedboldoblique.TTF,
	"DejaVuSansMono.ttf":                  dejavusansmono.TTF,
	"DejaVuSansMono-Bold.ttf":             dejavusansmonobold.TTF,
	"DejaVuSansMono-Oblique.ttf":          dejavusansmonooblique.TTF,
	"DejaVuSansMono-BoldOblique.ttf":      dejavusansmonoboldoblique.TTF,
}

// pseudoTheme writes the default theme with DejaVu fonts and endnotes into
// dir, so that the pseudo-locale's brackets can be set and the endnotes'
// heading shows.
func pseudoTheme(t *testing.T, dir string) {
	t.Helper()
	must(t, os.MkdirAll(dir, 0o755))
	src, err := os.ReadFile("../../templates/default/theme.yaml")
	must(t, err)
	files := map[string]string{
		"sans-regular": "DejaVuSansCondensed.ttf", "sans-bold": "DejaVuSansCondensed-Bold.ttf", "sans-italic": "DejaVuSansCondensed-Oblique.ttf", "sans-bolditalic": "DejaVuSansCondensed-BoldOblique.ttf",
		"serif-regular": "DejaVuSansCondensed.ttf", "serif-bold": "DejaVuSansCondensed-Bold.ttf", "serif-italic": "DejaVuSansCondensed-Oblique.ttf", "serif-bolditalic": "DejaVuSansCondensed-BoldOblique.ttf",
		"mono-regular": "DejaVuSansMono.ttf", "mono-bold": "DejaVuSansMono-Bold.ttf", "mono-italic": "DejaVuSansMono-Oblique.ttf", "mono-bolditalic": "DejaVuSansMono-BoldOblique.ttf",
	}
	s := string(src)
	for name, file := range files {
		must(t, os.WriteFile(filepath.Join(dir, file), dejavu[file], 0o644))
		s = strings.ReplaceAll(s, `"liberation:`+name+`"`, `"`+file+`"`)
	}
	s = strings.Replace(s, "footnotes: page", "footnotes: end", 1)
	must(t, os.WriteFile(filepath.Join(dir, "theme.yaml"), []byte(s), 0o644))
}

var (
	wordRE = regexp.MustCompile(`[\p{L}][\p{L}\p{M}'’]*`)
	hexRE  = regexp.MustCompile(`[0-9a-f]{16,}`) // checksums
)

// words are the words of s, lower-cased.
func words(s string) []string {
	var out []string
	for _, w := range wordRE.FindAllString(hexRE.ReplaceAllString(s, " "), -1) {
		w = strings.TrimRight(w, "'’")
		if len([]rune(w)) >= 2 {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// unwrapped drops the text inside ⟦ ⟧ (nested too) and returns the rest.
func unwrapped(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '⟦':
			depth++
		case r == '⟧':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mailBodies returns the subject and the decoded text and HTML parts of an
// .eml file, the HTML without its tags.
func mailBodies(t *testing.T, raw []byte) string {
	t.Helper()
	d := decodeMail(t, raw)
	subject, err := new(mime.WordDecoder).DecodeHeader(d.header.Get("Subject"))
	must(t, err)
	return subject + "\n" + d.text + regexp.MustCompile(`<[^>]*>`).ReplaceAllString(d.html, " ")
}

// briefText is what a brief says: its front matter's values (not its keys,
// such as "caption" or "source", which would hide the same fixed words)
// and its Markdown.
func briefText(t *testing.T, src string) string {
	t.Helper()
	_, rest, _ := strings.Cut(src, "---\n")
	front, body, _ := strings.Cut(rest, "\n---\n")
	var n yaml.Node
	must(t, yaml.Unmarshal([]byte(front), &n))
	var b strings.Builder
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.ScalarNode:
			b.WriteString(n.Value + "\n")
		case yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				walk(n.Content[i])
			}
		default:
			for _, c := range n.Content {
				walk(c)
			}
		}
	}
	walk(&n)
	return b.String() + body
}

// annexText prints an annex's sheet names, print headers and footers and
// text cells. It stops at the Notes sheet's edition record: rows that a
// later edition reads back, whose labels are the annex's format, the same in
// every language (internal/render/xlsx/edition.go), not words for readers.
const annexText = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    if ws.sheet_state != "visible":
        continue  # the edition record: data for report, not for readers
    print(ws.title)
    for hf in (ws.oddHeader, ws.oddFooter):
        for part in (hf.left, hf.center, hf.right):
            if part.text:
                print(part.text)
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == "Edition record":
            break
        for v in row:
            if isinstance(v, str):
                print(v)
`

// TestPseudoLocale builds the bundled brief (without its series, with a
// number) in the pseudo-locale, whose catalogue wraps every message in
// ⟦ ⟧, and checks that every word left outside the brackets in the PDF,
// the annex and the e-mail is the brief's own (its text and data), a CLDR
// month or day name, a file name or the generator: no fixed word escapes
// the catalogue.
func TestPseudoLocale(t *testing.T) {
	pdftotext := testkit.Need(t, "pdftotext")
	py := testkit.Python(t, "openpyxl")
	tmp := t.TempDir()
	themeDir := filepath.Join(tmp, "theme")
	pseudoTheme(t, themeDir)
	dir := briefCopies(t, tmp, 1)[0]
	bm := filepath.Join(dir, "brief.md")
	src, err := os.ReadFile(bm)
	must(t, err)
	s := strings.Replace(string(src), "lang: en-GB\n", "lang: "+i18n.Pseudo+"\nnumber: \"12\"\n", 1)
	s = strings.Replace(s, "series: Policy Brief\n", "", 1)
	s += "\nA closing remark.[^x]\n\n[^x]: The endnote.\n"
	must(t, os.WriteFile(bm, []byte(s), 0o644))

	allowed := map[string]bool{"utc": true} // the annex's build time: 2017-10-03 00:00:00 UTC
	for _, w := range words(briefText(t, s)) {
		allowed[w] = true
	}
	for _, f := range []string{"data/tests.csv", "data/resolutions.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		must(t, err)
		for _, w := range words(string(b)) {
			allowed[w] = true
		}
	}
	en := i18n.Default("en").Locale
	for _, w := range words(strings.Join(en.Names(), " ")) {
		allowed[w] = true
	}
	for _, w := range words("report " + version + " b1.pdf b1.xlsx") {
		allowed[w] = true
	}

	out := filepath.Join(tmp, "out")
	env := map[string]string{}
	if code, stdout, stderr := runIn(tmp, env, "build", "-q", "--theme", themeDir, "-o", out, dir); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runIn(tmp, env, "mail", "--dry-run", "--theme", themeDir, "-o", out, "--from", "briefs@example.org", "--to", "desk@example.org", dir); code != 0 {
		t.Fatalf("mail: exit %d\n%s%s", code, stdout, stderr)
	}
	// -raw keeps the content stream's order, so that the chart's rotated
	// labels come out whole.
	pdf, err := exec.Command(pdftotext, "-raw", filepath.Join(out, "b1.pdf"), "-").Output()
	must(t, err)
	annex, err := exec.Command(py, "-c", annexText, filepath.Join(out, "b1.xlsx")).Output()
	must(t, err)
	eml, err := os.ReadFile(filepath.Join(out, "b1.eml"))
	must(t, err)
	for _, o := range []struct{ name, text string }{{"PDF", string(pdf)}, {"annex", string(annex)}, {"mail", mailBodies(t, eml)}} {
		if !strings.Contains(o.text, "⟦") {
			t.Errorf("%s: no message at all", o.name)
		}
		if strings.Count(o.text, "⟦") != strings.Count(o.text, "⟧") {
			t.Errorf("%s: unbalanced brackets", o.name)
		}
		seen := map[string]bool{}
		for _, w := range words(unwrapped(o.text)) {
			if !allowed[w] && !seen[w] {
				seen[w] = true
				t.Errorf("%s: %q is a fixed word outside the catalogue", o.name, w)
			}
		}
	}
	// The messages the outputs must show, wrapped.
	for _, want := range []struct{ where, text string }{
		{string(pdf), "⟦Table 1⟧"}, {string(pdf), "⟦Figure 1⟧"}, {string(pdf), "⟦Source: "}, {string(pdf), "No. 12⟧"},
		{string(pdf), "⟦1 of "}, {string(pdf), "⟦Notes⟧"}, {string(pdf), "⟦⟦Policy Brief⟧"},
		{string(annex), "⟦Page &P of &N⟧"}, {string(annex), "⟦Notes⟧"}, {string(annex), "⟦Caption⟧"},
		{mailBodies(t, eml), "⟦Attached:⟧"}, {mailBodies(t, eml), "⟦[Brief] "},
	} {
		if !strings.Contains(want.where, want.text) {
			t.Errorf("%q is missing", want.text)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s", pdf)
	}
}

// TestPolishExample builds the gallery's Polish brief and reads it back:
// the PDF (pdftotext), the annex (openpyxl) and the mail hold no English
// word of the message catalogue, and show CLDR's Polish formats.
func TestPolishExample(t *testing.T) {
	pdftotext := testkit.Need(t, "pdftotext")
	py := testkit.Python(t, "openpyxl")
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "pl-eksport-zboza")
	copyTree(t, "../../examples/pl-eksport-zboza", dir)
	out := filepath.Join(tmp, "out")
	if code, stdout, stderr := runIn(tmp, nil, "build", "-q", "-o", out, dir); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runIn(tmp, nil, "mail", "--dry-run", "-o", out, "--from", "briefs@example.org", "--to", "desk@example.org", dir); code != 0 {
		t.Fatalf("mail: exit %d\n%s%s", code, stdout, stderr)
	}
	// -raw: the default mode runs the footer's "2 z 2" together.
	pdf, err := exec.Command(pdftotext, "-raw", filepath.Join(out, "pl-eksport-zboza.pdf"), "-").Output()
	must(t, err)
	annex, err := exec.Command(py, "-c", annexText, filepath.Join(out, "pl-eksport-zboza.xlsx")).Output()
	must(t, err)
	eml, err := os.ReadFile(filepath.Join(out, "pl-eksport-zboza.eml"))
	must(t, err)

	// English words: those of the English catalogue that neither the
	// Polish catalogue nor the brief uses (KB, MB, SHA...).
	en, pl := i18n.Default("en"), i18n.Default("pl")
	polish := map[string]bool{}
	src, err := os.ReadFile(filepath.Join(dir, "brief.md"))
	must(t, err)
	for _, w := range words(string(src) + " brief.md data/eksport.csv data/lata.csv") { // the Notes sheet lists input files
		polish[w] = true
	}
	for _, w := range words(strings.Join(pl.Locale.Names(), " ")) {
		polish[w] = true
	}
	for _, k := range pl.Keys() {
		for _, w := range words(pl.T(k) + " " + pl.N(k, 1) + " " + pl.N(k, 5)) {
			polish[w] = true
		}
	}
	english := map[string]bool{}
	for _, k := range en.Keys() {
		for _, w := range words(regexp.MustCompile(`\{\w+\}`).ReplaceAllString(en.T(k)+" "+en.N(k, 1)+" "+en.N(k, 5), " ")) {
			if !polish[w] {
				english[w] = true
			}
		}
	}
	for _, w := range words(strings.Join(i18n.Default("en").Locale.Names(), " ")) {
		if !polish[w] {
			english[w] = true
		}
	}
	if len(english) < 40 {
		t.Fatalf("only %d English words to look for", len(english))
	}
	texts := []struct{ name, text string }{{"PDF", string(pdf)}, {"annex", string(annex)}, {"mail", mailBodies(t, eml)}}
	for _, o := range texts {
		for _, w := range words(o.text) {
			if english[w] {
				t.Errorf("%s: English word %q", o.name, w)
			}
		}
	}
	norm := func(s string) string { return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s) }
	for _, want := range []struct{ where, text string }{
		{string(pdf), "Analiza nr 7"}, {string(pdf), "6 listopada 2017"}, {string(pdf), "Tabela 1. Miesięczny"},
		{string(pdf), "Wykres 2. Średnia"}, {string(pdf), "Źródło: GUS."}, {string(pdf), "październik 2017"},
		{string(pdf), "1 024 600*"}, {string(pdf), "styczeń 2017 2014 61% -12 712,50"}, {string(pdf), "712,50"}, {string(pdf), "61%"}, {string(pdf), "+38"},
		{string(pdf), "2016 11 870 4 sierpnia"}, {string(pdf), "3 sierpnia"}, {string(pdf), "2 z 2"}, {string(pdf), "sty 2017"},
		{string(annex), "Strona &P z &N"}, {string(annex), "Uwagi"}, {string(annex), "Opis"}, {string(annex), "Źródło\nGUS."},
		{mailBodies(t, eml), "[Analiza] Eksport zboża"}, {mailBodies(t, eml), "W załączeniu:"}, {mailBodies(t, eml), "2 strony, "},
	} {
		if !strings.Contains(norm(want.where), want.text) {
			t.Errorf("%q is missing", want.text)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s\nannex:\n%s", pdf, annex)
	}
}

// TestLanguagesBuild builds the bundled brief in German and French, which
// give their own words and formats, and in the languages whose native
// digits crashed compose (issue 16), which now build with Latin digits.
func TestLanguagesBuild(t *testing.T) {
	pdftotext := testkit.Need(t, "pdftotext")
	tmp := t.TempDir()
	langs := []string{"de", "fr", "ar", "fa", "bn", "mr", "my", "ps", "ne"}
	var dirs []string
	for _, lang := range langs {
		dir := filepath.Join(tmp, lang)
		copyTree(t, "../../briefs/nk-2017", dir)
		bm := filepath.Join(dir, "brief.md")
		src, err := os.ReadFile(bm)
		must(t, err)
		must(t, os.WriteFile(bm, []byte(strings.Replace(string(src), "lang: en-GB\n", "lang: "+lang+"\n", 1)), 0o644))
		dirs = append(dirs, dir)
	}
	out := filepath.Join(tmp, "out")
	if code, stdout, stderr := runIn(tmp, nil, append([]string{"build", "-q", "-o", out}, dirs...)...); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	want := map[string][]string{
		"de": {"Tabelle 1. North Korean", "Abbildung 1. Reported", "Quelle: own elaboration", "3. Oktober 2017", "1 von 4", "1.000", "Feb 2017 Mär Apr Mai Jun Jul Aug Sep Okt"},
		"fr": {"Tableau 1. North Korean", "Graphique 1. Reported", "Source : own elaboration", "3 octobre 2017", "1 sur 4", "1 000", "févr. 2017 mars avr. mai juin juil. août sept. oct."},
	}
	for _, lang := range langs {
		b, err := exec.Command(pdftotext, "-raw", filepath.Join(out, lang+".pdf"), "-").Output()
		must(t, err)
		text := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(string(b))
		for _, w := range want[lang] {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q is missing", lang, w)
			}
		}
		for _, r := range text {
			if unicode.IsDigit(r) && (r < '0' || r > '9') {
				t.Errorf("%s: native digit %q", lang, r)
				break
			}
		}
		if !strings.Contains(text, "3 October 2017") && want[lang] == nil {
			t.Errorf("%s: no date", lang)
		}
	}
}

// TestAnnexMonthNames: the annex's date cells carry the brief's Windows
// locale id in their format, so that LibreOffice (whose own locale is
// English here) shows the Polish example's dates with Polish month names.
func TestAnnexMonthNames(t *testing.T) {
	lo := testkit.Need(t, "libreoffice")
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "pl-eksport-zboza")
	copyTree(t, "../../examples/pl-eksport-zboza", dir)
	out := filepath.Join(tmp, "out")
	if code, stdout, stderr := runIn(tmp, nil, "build", "-q", "-o", out, dir); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	// CSV as shown: UTF-8 (76), formatted cells (the 9th option).
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(tmp, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir", tmp, filepath.Join(out, "pl-eksport-zboza.xlsx"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, b)
	}
	csv, err := os.ReadFile(filepath.Join(tmp, "pl-eksport-zboza.csv"))
	must(t, err)
	if !strings.Contains(string(csv), "1 października 2017") || strings.Contains(string(csv), "October") {
		t.Errorf("LibreOffice shows:\n%s", csv)
	}
}
