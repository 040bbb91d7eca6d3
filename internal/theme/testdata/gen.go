//go:build ignore

// gen writes the hostile theme corpus, testdata/hostile/*.txtar: each case
// changes the default theme (edit:theme.yaml) or adds damaged files.
// Big files are described (sparse:, png:, font:) and made when the test
// runs, so the corpus stays small. Run from internal/theme:
//
//	go run testdata/gen.go && go test -run TestHostileThemes -update
//
// The test fills in each archive's want section; review the diff.
package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/txtar"
)

type member struct{ name, data string }

type tc struct {
	name    string
	comment string
	files   []member
}

// edit replaces old by new in theme.yaml.
func edit(pairs ...string) member {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		fmt.Fprintf(&b, "- %s\n", pairs[i])
		for _, ln := range strings.Split(pairs[i+1], "\n") {
			fmt.Fprintf(&b, "+ %s\n", ln)
		}
	}
	return member{"edit:theme.yaml", b.String()}
}

const (
	body    = "body:         {font: serif, size: 10.5, leading: 1.38, after: 6"
	margins = "margins: {top: 62, right: 62, bottom: 66, left: 62}"
	h1      = "h1:           {font: sans, size: 13, leading: 1.25, bold: true, before: 12, after: 5"
	quote   = "quote:        {font: serif, size: 10, leading: 1.35, italic: true, indent: 18"
	serif   = `regular: "liberation:serif-regular"`
	logo    = `logo: ""`
)

func main() {
	var cases []tc
	add := func(name, comment string, files ...member) {
		cases = append(cases, tc{name, comment, files})
	}
	// Lengths against the page.
	for _, v := range []string{"-1", "0.5", "3.5", "100", ".nan", ".inf"} {
		add("leading-"+slug(v), "body leading "+v, edit(body, strings.Replace(body, "leading: 1.38", "leading: "+v, 1)))
	}
	for _, v := range []string{"0", "-1", "3.9", "72.5", "1000", ".nan"} {
		add("size-"+slug(v), "body size "+v, edit(body, strings.Replace(body, "size: 10.5", "size: "+v, 1)))
	}
	add("line-too-high", "body size 40, leading 2.5: 100 pt lines; the layout never ended", edit(body, "body:         {font: serif, size: 40, leading: 2.5, after: 6"))
	add("h1-size-60-leading-3", "a heading of 180 pt lines", edit(h1, "h1:           {font: sans, size: 60, leading: 3, bold: true, before: 12, after: 5"))
	for i, side := range []string{"top", "right", "bottom", "left"} {
		vals := []string{"62", "62", "66", "62"}
		vals[i] = "-10"
		add("margin-negative-"+side, "a negative "+side+" margin",
			edit(margins, fmt.Sprintf("margins: {top: %s, right: %s, bottom: %s, left: %s}", vals[0], vals[1], vals[2], vals[3])))
	}
	add("margins-huge-height", "no text area left between top and bottom", edit(margins, "margins: {top: 400, right: 62, bottom: 400, left: 62}"))
	add("margins-huge-width", "no text area left between left and right", edit(margins, "margins: {top: 62, right: 300, bottom: 66, left: 300}"))
	add("margin-top-small", "no room for the masthead", edit(margins, "margins: {top: 10, right: 62, bottom: 66, left: 62}"))
	add("margin-nan", "a NaN margin", edit(margins, "margins: {top: 62, right: .nan, bottom: 66, left: 62}"))
	add("before-negative", "negative space before a heading", edit(h1, strings.Replace(h1, "before: 12", "before: -12", 1)))
	add("after-huge", "space after a heading taller than a tenth of the page", edit(h1, strings.Replace(h1, "after: 5", "after: 500", 1)))
	add("indent-negative", "a negative quote indent", edit(quote, strings.Replace(quote, "indent: 18", "indent: -18", 1)))
	add("indent-huge", "sixteen nested quotes would leave no text", edit(quote, strings.Replace(quote, "indent: 18", "indent: 100", 1)))
	add("padding-negative", "negative table padding", edit("padding: 4", "padding: -4"))
	add("padding-huge", "table padding over 36 pt", edit("padding: 4", "padding: 100"))
	add("padding-row-too-high", "table rows taller than a tenth of the page", edit("padding: 4", "padding: 34", margins, "margins: {top: 62, right: 62, bottom: 350, left: 62}"))
	add("rule-width-negative", "a negative rule width", edit("rule_width: 0.6", "rule_width: -1"))
	add("rule-width-huge", "an 11 pt rule", edit("rule_width: 0.6", "rule_width: 11"))
	for _, v := range []string{"0", "-1", "1e9", ".nan"} {
		add("figure-height-"+slug(v), "figure_height "+v, edit("figure_height: 210", "figure_height: "+v))
	}
	// The annex.
	for _, v := range []string{`"#zzzzzz"`, `red`, `"#12345"`, `""`} {
		add("header-fill-"+slug(v), "annex header fill "+v, edit(`header_fill: "#1f3b57"`, "header_fill: "+v))
	}
	add("header-color-bad", "annex header colour white", edit(`header_color: "#ffffff"`, "header_color: white"))
	for _, v := range []string{"Fancy", "TableStyleLight22", "TableStyleMedium0", `""`, "tablestylemedium2"} {
		add("table-style-"+slug(v), "annex table style "+v, edit("table_style: TableStyleMedium2", "table_style: "+v))
	}
	for _, v := range []string{`"hello"`, `""`, `"yyyyy"`, `"d mmmm yyyy hh:mm"`, `"[$-409]d"`, `"d mmmmm yyyy"`} {
		add("date-format-"+slug(v), "annex date format "+v, edit(`date_format: "d mmmm yyyy"`, "date_format: "+v))
	}
	// Counts.
	add("palette-too-long", "65 palette colours", edit(`palette: ["#0072B2"`, `palette: [`+strings.Repeat(`"#000000", `, 64)+`"#0072B2"`))
	var fams strings.Builder
	for i := range 17 {
		fmt.Fprintf(&fams, "  f%02d: {regular: \"liberation:sans-regular\", bold: \"liberation:sans-bold\", italic: \"liberation:sans-italic\", bolditalic: \"liberation:sans-bolditalic\"}\n", i)
	}
	add("font-families-too-many", "17 font families", edit("fonts:", "fonts:\n"+strings.TrimSuffix(fams.String(), "\n")))
	// Fonts.
	add("font-face-missing", "a family without its bold italic", edit(`bolditalic: "liberation:serif-bolditalic"`, `bolditalic: ""`))
	add("font-missing", "a font file that is not there", edit(serif, `regular: "house.ttf"`))
	add("font-fifo", "a named pipe as a font: build and validate hung", edit(serif, `regular: "house.ttf"`), member{"fifo:house.ttf", ""})
	add("font-folder", "a folder as a font", edit(serif, `regular: "house.ttf"`), member{"dir:house.ttf", ""})
	add("font-too-big", "a font over 32 MiB", edit(serif, `regular: "house.ttf"`), member{"sparse:house.ttf", strconv.Itoa(32<<20 + 1)})
	add("font-empty", "an empty font file", edit(serif, `regular: "house.ttf"`), member{"file:house.ttf", ""})
	add("font-truncated", "half a font: fpdf's parser panicked in a goroutine", edit(serif, `regular: "house.ttf"`), member{"font:house.ttf", "serif-regular cut 196668"})
	add("font-header-only", "the first 12 bytes of a font", edit(serif, `regular: "house.ttf"`), member{"font:house.ttf", "serif-regular cut 12"})
	add("font-garbage", "4 KB of garbage with a TrueType signature", edit(serif, `regular: "house.ttf"`), member{"font:house.ttf", "garbage 4096"})
	add("font-name-table", "a name table pointing outside the file: fpdf's parseNAMETable panicked", edit(serif, `regular: "house.ttf"`), member{"font:house.ttf", "serif-regular name"})
	add("font-tables-outside", "every table past the end of the file", edit(serif, `regular: "house.ttf"`), member{"font:house.ttf", "serif-regular tables"})
	add("font-escape", "a font outside the theme's folder", edit(serif, `regular: "../house.ttf"`))
	add("font-absolute", "an absolute font path", edit(serif, `regular: "/usr/share/fonts/house.ttf"`))
	add("font-text", "a text file as a font", edit(serif, `regular: "house.ttf"`), member{"file:house.ttf", "not a font\n"})
	// The logo.
	add("logo-bomb", "a PNG of 21,000 × 21,000 pixels: 1.86 GB to decode", edit(logo, `logo: "logo.png"`), member{"png:logo.png", "21000 21000"})
	add("logo-long", "a PNG 100,000 pixels wide", edit(logo, `logo: "logo.png"`), member{"png:logo.png", "100000 10"})
	add("logo-zero", "a PNG of 0 × 0 pixels", edit(logo, `logo: "logo.png"`), member{"png:logo.png", "0 0"})
	add("logo-fifo", "a named pipe as the logo: build hung", edit(logo, `logo: "logo.png"`), member{"fifo:logo.png", ""})
	add("logo-folder", "a folder as the logo", edit(logo, `logo: "logo.png"`), member{"dir:logo.png", ""})
	add("logo-too-big", "a logo file over 4 MiB", edit(logo, `logo: "logo.png"`), member{"sparse:logo.png", strconv.Itoa(4<<20 + 1)})
	add("logo-not-image", "text as a logo", edit(logo, `logo: "logo.png"`), member{"file:logo.png", "hello\n"})
	add("logo-gif", "a GIF logo", edit(logo, `logo: "logo.gif"`), member{"file:logo.gif", "GIF89a"})
	add("logo-png-as-jpg", "a PNG named .jpg", edit(logo, `logo: "logo.jpg"`), member{"png:logo.jpg", "10 10"})
	add("logo-missing", "a logo that is not there", edit(logo, `logo: "logo.png"`))
	add("logo-escape", "a logo outside the theme's folder", edit(logo, `logo: "../logo.png"`))
	// theme.yaml itself and the catalogues.
	add("theme-fifo", "a named pipe as theme.yaml", member{"fifo:theme.yaml", ""})
	add("theme-folder", "a folder as theme.yaml", member{"dir:theme.yaml", ""})
	add("theme-too-big", "a theme.yaml over 256 KiB", member{"sparse:theme.yaml", strconv.Itoa(256<<10 + 1)})
	add("theme-empty", "an empty theme.yaml", member{"file:theme.yaml", ""})
	add("catalog-fifo", "a named pipe as a message catalogue", member{"fifo:i18n/pl.yaml", ""})
	add("catalog-too-big", "a message catalogue over 256 KiB", member{"sparse:i18n/pl.yaml", strconv.Itoa(256<<10 + 1)})
	// Themes that must load.
	add("ok-leading-zero", "leading 0 means 1.2", edit(body, strings.Replace(body, "leading: 1.38", "leading: 0", 1)))
	add("ok-letter", "Letter paper", edit("size: A4", "size: Letter"))
	add("ok-date-iso", "an ISO date format", edit(`date_format: "d mmmm yyyy"`, `date_format: "yyyy-mm-dd"`))
	add("ok-table-style-dark", "the last dark table style", edit("table_style: TableStyleMedium2", "table_style: TableStyleDark11"))
	add("ok-logo", "a small PNG logo", edit(logo, `logo: "logo.png"`), member{"png:logo.png", "400 100"})
	add("ok-font-subfolder", "a font in a subfolder", edit(serif, `regular: "fonts/a/House.ttf"`), member{"font:fonts/a/House.ttf", "serif-regular"})
	add("ok-same-font-names", "two fonts named House.ttf in two folders",
		edit(serif, `regular: "a/House.ttf"`, `regular: "liberation:sans-regular"`, `regular: "b/House.ttf"`),
		member{"font:a/House.ttf", "serif-regular"}, member{"font:b/House.ttf", "sans-regular"})

	dir := filepath.Join("testdata", "hostile")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
	for _, f := range old {
		os.Remove(f)
	}
	for _, c := range cases {
		ar := &txtar.Archive{Comment: []byte(c.comment + "\n")}
		for _, m := range c.files {
			ar.Files = append(ar.Files, txtar.File{Name: m.name, Data: []byte(m.data)})
		}
		ar.Files = append(ar.Files, txtar.File{Name: "want"})
		if err := os.WriteFile(filepath.Join(dir, c.name+".txtar"), txtar.Format(ar), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(len(cases), "cases")
}

// slug turns a value into a file name part.
func slug(v string) string {
	r := strings.NewReplacer(`"`, "", "#", "", ".", "", "$", "", "[", "", "]", "", " ", "-", ":", "")
	s := strings.ToLower(r.Replace(v))
	if strings.HasPrefix(s, "-") {
		s = "minus" + s
	}
	if s == "" {
		s = "empty"
	}
	return s
}
