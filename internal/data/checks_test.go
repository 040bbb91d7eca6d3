package data_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/i18n"
)

// TestGlyphsEveryPrintedString checks that each kind of printed string is
// offered to the glyph check at the position of the character: authors
// written as one string, code spans, code blocks, captions, sources, notes,
// enum labels, flag labels and display texts.
func TestGlyphsEveryPrintedString(t *testing.T) {
	brief, csv := readBase(t)
	s := string(brief)
	for _, r := range [][2]string{
		{"authors: [A. Analyst]", `authors: "A. Analyst ☃"`},
		{"caption: Things, 2020", "caption: Things ☃"},
		{"source: testing.", "source: \"tested ☃\""},
		{"text: doubtful", "text: doubtful ☃"},
		{`"no": Not sure}`, `"no": Not sure ☃}`},
		{"            note: star", "            note: star\n            text: \"☃\""},
		{"caption: Counts", "caption: Counts\n    notes: one note ☃"},
		{"and a note.[^1]", "and a note.[^1] Code `x☃`.\n\n```\nblock\n  ☃\n```"},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("base brief lacks %q", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	b, err := data.Load(fstest.MapFS{"brief.md": {Data: []byte(s)}, "data/t.csv": {Data: csv}}, "b", "b")
	if err != nil {
		t.Fatal(err)
	}
	err = data.CheckGlyphs(b, func(s string) (rune, int, bool) {
		for i, r := range []rune(s) {
			if r == '☃' {
				return r, i, true
			}
		}
		return 0, 0, false
	})
	var got []string
	for _, e := range data.Errors(err) {
		got = append(got, e.Pos.String()+" "+e.Field)
	}
	want := []string{
		"b/brief.md:4:22 authors",
		"b/brief.md:8:21 tables[0].caption",
		"b/brief.md:9:21 tables[0].source",
		"b/brief.md:14:24 tables[0].notes[0].text",
		"b/brief.md:23:20 tables[0].columns[1].display[0].text",
		"b/brief.md:32:46 tables[0].columns[4].values.no",
		"b/brief.md:40:21 charts[0].notes",
		"b/brief.md:47:59 body",
		"b/brief.md:51:3 body",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("glyph errors at\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCaret(t *testing.T) {
	src := []byte("one\n\tkey: 漢字 x\n" + strings.Repeat("a", 300) + "b\n")
	for _, c := range []struct {
		pos  data.Pos
		want string
	}{
		{data.Pos{Line: 1, Col: 2}, "  |\n1 | one\n  |  ^\n"},
		{data.Pos{Line: 2, Col: 10}, "  |\n2 |     key: 漢字 x\n  |               ^\n"},
		{data.Pos{Line: 2}, "  |\n2 |     key: 漢字 x\n"},
		{data.Pos{Line: 4, Col: 1}, ""},
		{data.Pos{Line: 0, Col: 1}, ""},
	} {
		if got := data.Caret(c.pos, src); got != c.want {
			t.Errorf("Caret(%v):\n%s\nwant:\n%s", c.pos, got, c.want)
		}
	}
	got := data.Caret(data.Pos{Line: 3, Col: 301}, src)
	lines := strings.Split(got, "\n")
	if len(lines) != 4 || !strings.HasSuffix(lines[1], "ab") || !strings.HasPrefix(lines[1], "3 | …") || len([]rune(lines[1])) > 110 ||
		strings.Index(lines[2], "^") != len([]rune(lines[1]))-1 {
		t.Errorf("long line:\n%s", got)
	}
}

func readBase(t testing.TB) (brief, csv []byte) {
	t.Helper()
	brief, err := os.ReadFile("testdata/base/brief.md")
	if err != nil {
		t.Fatal(err)
	}
	csv, err = os.ReadFile("testdata/base/data/t.csv")
	if err != nil {
		t.Fatal(err)
	}
	return brief, csv
}

// TestDateLettersMatchI18n keeps the letters the hints name equal to those
// the i18n package formats.
func TestDateLettersMatchI18n(t *testing.T) {
	var got []byte
	for c := range data.DateLetters {
		got = append(got, c)
	}
	slices.Sort(got)
	want := []byte(i18n.DateLetters)
	slices.Sort(want)
	if string(got) != string(want) {
		t.Errorf("data.DateLetters has %q, i18n.DateLetters %q", got, want)
	}
}
