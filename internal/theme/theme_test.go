package theme_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationmonoregular"

	"github.com/un-briefs/report/internal/theme"
	"github.com/un-briefs/report/templates"
)

func TestDefault(t *testing.T) {
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	if th.Page.Size != "A4" || len(th.Palette) < 6 {
		t.Errorf("page %q palette %v", th.Page.Size, th.Palette)
	}
	c := th.Checker()
	if r, _, bad := c.Missing("Russia’s “double freeze” 2012–2016"); bad {
		t.Errorf("the default fonts lack %q", r)
	}
	if r, i, bad := c.Missing("ab🙂"); !bad || r != '🙂' || i != 2 {
		t.Errorf("emoji: %q %d %v", r, i, bad)
	}
}

// copyDefault writes the default theme to a folder, changed by edit.
func copyDefault(t *testing.T, edit func(string) string) string {
	t.Helper()
	b, err := templates.FS.ReadFile("default/theme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "theme.yaml"), []byte(edit(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFontFromFile(t *testing.T) {
	dir := copyDefault(t, func(s string) string {
		return strings.Replace(s, `regular: "liberation:mono-regular"`, `regular: "house.ttf"`, 1)
	})
	os.WriteFile(filepath.Join(dir, "house.ttf"), liberationmonoregular.TTF, 0o644)
	th, err := theme.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := th.FontBytes("house.ttf"); err != nil || len(b) != len(liberationmonoregular.TTF) {
		t.Errorf("font from file: %d bytes, %v", len(b), err)
	}
}

func TestBadThemes(t *testing.T) {
	for name, tc := range map[string]struct{ old, new, want string }{
		"unknown key":   {"heading_numbers: false", "heading_numbrs: false", "field heading_numbrs not found"},
		"bad colour":    {`accent: "#1f3b57"`, `accent: "navy"`, `colors.accent: "navy" is not a #rrggbb colour`},
		"paper":         {"size: A4", "size: A5", `page.size: "A5" is not A4 or Letter`},
		"missing font":  {`regular: "liberation:mono-regular"`, `regular: "nope.ttf"`, `fonts.mono.regular: font "nope.ttf": no such file`},
		"unknown style": {"body:         {font: serif", "body:         {font: fancy", `styles.body.font: unknown font "fancy"`},
		"pdf standard":  {"standard: a2a", "standard: a1b", `pdf.standard: "a1b" is not a2a, ua1, a2b or none`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := copyDefault(t, func(s string) string { return strings.Replace(s, tc.old, tc.new, 1) })
			_, err := theme.LoadDir(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestCheckCatalog: the default theme's fonts set every shipped language's
// words, names and numbers; the pseudo-locale's brackets, which Liberation
// lacks, are refused with the message that needs them.
func TestCheckCatalog(t *testing.T) {
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "en-GB", "pl", "de", "fr", "es", "ru", "sv", "ar", "fa", "zh", "und"} {
		if err := th.CheckCatalog(lang); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
	if err := th.CheckCatalog("en-XA"); err == nil || !strings.Contains(err.Error(), "U+27E6") {
		t.Errorf("en-XA: %v", err)
	}
}

// TestThemeOverridesMessages: a theme folder's i18n/<lang>.yaml overrides
// single messages of the default catalogue; an unknown message is refused
// when the theme loads.
func TestThemeOverridesMessages(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../templates/default/theme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "theme.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "i18n"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		if err := os.WriteFile(filepath.Join(dir, "i18n", "pl.yaml"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("messages:\n  figure.label: \"Rys. {n}\"\n")
	th, err := theme.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := th.Catalog("pl-PL")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T("figure.label", "n", "2") + " / " + c.T("table.label", "n", "2"); got != "Rys. 2 / Tabela 2" {
		t.Errorf("override: %q", got)
	}
	write("messages:\n  figure.lable: x\n")
	if _, err := theme.LoadDir(dir); err == nil || !strings.Contains(err.Error(), "i18n/pl.yaml: messages.figure.lable: unknown message") {
		t.Errorf("unknown message: %v", err)
	}
}

// TestThemeStatesOnlyDifferences: a theme inherits every key it does not
// state from the default theme, so that keys added later do not break it.
func TestThemeStatesOnlyDifferences(t *testing.T) {
	dir := t.TempDir()
	src := "page:\n  size: Letter\nxlsx:\n  title_size: 16\n"
	if err := os.WriteFile(filepath.Join(dir, "theme.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	th, err := theme.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	def, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	if th.Page.Size != "Letter" || th.XLSX.TitleSize != 16 {
		t.Errorf("stated keys: page %q, title size %v", th.Page.Size, th.XLSX.TitleSize)
	}
	if th.Page.Margins != def.Page.Margins || th.XLSX.HeaderHeight != def.XLSX.HeaderHeight || th.XLSX.TableStyle != def.XLSX.TableStyle {
		t.Errorf("keys not stated differ from the default: %+v / %+v", th.Page, th.XLSX)
	}
	if th.Style("body") != def.Style("body") {
		t.Error("the body style is not the default's")
	}
}
