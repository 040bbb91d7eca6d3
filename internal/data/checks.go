package data

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/un-briefs/report/internal/i18n"
)

// noteRefRE matches a footnote reference as Markdown writes it: [^label].
var noteRefRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[\^([^\]\s]+)\]`) })

// noteDefRE matches the first line of a footnote definition: [^label]: text.
var noteDefRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}\[\^([^\]]+)\]:`) })

// checkFootnotes reports references to footnotes that are not defined, which
// Markdown would print as they are, and definitions that nothing references,
// which would be dropped. Both are errors: a brief that builds prints every
// note it defines and nothing that looks like a broken reference.
func (l *loader) checkFootnotes(file string, body []byte, line int) {
	defined := map[string]bool{}
	used := map[string]bool{}
	for _, n := range l.b.Notes {
		used[n.Name] = true
	}
	var tableRefs []TextAt // table texts holding [^label]
	for _, t := range l.b.Tables {
		texts := []TextAt{{Pos: t.Pos, Field: "caption", S: t.Caption}, {Pos: t.Pos, Field: "source", S: t.Source}}
		for _, n := range t.Notes {
			texts = append(texts, TextAt{Pos: t.Pos, Field: "notes", S: n.Text})
		}
		for _, r := range t.Rows {
			for j, v := range r.Values {
				if j < len(t.Columns) && t.Columns[j].Type == Text {
					texts = append(texts, TextAt{Pos: v.Pos, Field: t.Columns[j].Name, S: v.Str})
				}
			}
		}
		for _, x := range texts {
			if !strings.Contains(x.S, "[^") {
				continue
			}
			tableRefs = append(tableRefs, x)
			for _, m := range noteRefRE().FindAllStringSubmatch(x.S, -1) {
				used[m[1]] = true
			}
		}
	}
	fence := ""
	for i, ln := range strings.Split(string(body), "\n") {
		t := strings.TrimLeft(ln, " ")
		if len(ln)-len(t) <= 3 {
			switch {
			case fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")):
				fence = t[:3]
				continue
			case fence != "" && strings.HasPrefix(t, fence):
				fence = ""
				continue
			}
		}
		if fence != "" {
			continue
		}
		m := noteDefRE().FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		defined[m[1]] = true
		if !used[m[1]] {
			col := 1 + strings.Index(ln, "[^")
			l.errs.Add(Pos{File: file, Line: line + i, Col: col}, "body", "footnote [^%s] is defined but never referenced, so it would not be printed; reference it with [^%s] in the text or delete it", m[1], m[1])
		}
	}
	var labels []string
	for k := range defined {
		labels = append(labels, k)
	}
	sort.Strings(labels)
	walkInlines(l.b.Body, func(in Inline) {
		if in.Kind != TextRun {
			return
		}
		for _, m := range noteRefRE().FindAllStringSubmatchIndex(in.Text, -1) {
			label := in.Text[m[2]:m[3]]
			pos := in.Pos
			if pos.Col > 0 && !strings.Contains(in.Text[:m[0]], "\n") {
				pos.Col += utf8.RuneCountInString(in.Text[:m[0]])
			}
			hint := "; add a line \"[^" + label + "]: text of the note\" at the end of the brief"
			if s := suggest(label, labels); s != "" && len(label) > 2 {
				hint = fmt.Sprintf("; did you mean [^%s]?", s)
			}
			l.errs.Add(pos, "body", "footnote [^%s] is not defined, so it would be printed as it is%s", label, hint)
		}
	})
	for _, x := range tableRefs {
		for _, m := range noteRefRE().FindAllStringSubmatch(x.S, -1) {
			if !defined[m[1]] {
				l.errs.Add(x.Pos, x.Field, "footnote [^%s] is not defined, so it would be printed as it is; add a line \"[^%s]: text of the note\" at the end of the brief", m[1], m[1])
			}
		}
	}
}

// walkInlines calls fn for every inline of blocks, nested ones included.
func walkInlines(blocks []Block, fn func(Inline)) {
	var inl func([]Inline)
	inl = func(ins []Inline) {
		for _, in := range ins {
			fn(in)
			inl(in.Children)
		}
	}
	for _, b := range blocks {
		inl(b.Inlines)
		walkInlines(b.Children, fn)
	}
}

// recordCode adds the text of code spans and code blocks to the brief's
// printed strings, so that their characters are checked against the fonts.
func (l *loader) recordCode() {
	add := func(in Inline) {
		if in.Kind == Code && in.Text != "" {
			l.b.Texts = append(l.b.Texts, TextAt{Pos: in.Pos, Field: "body", S: in.Text})
		}
	}
	walkInlines(l.b.Body, add)
	for _, n := range l.b.Notes {
		walkInlines(n.Blocks, add)
	}
}

// DateLetters are the date pattern letters that a column's format may use,
// with the run lengths each allows, as the CLDR date patterns of the i18n
// package define them: y year (yy two digits), M month in a date (MMM
// abbreviated, MMMM its name), L month on its own, d day of the month, E day
// of the week. Other ASCII letters must be quoted: 'de' is the text de, and
// two quotes in a row are a quote.
var DateLetters = map[byte][]int{
	'y': {1, 2, 3, 4},
	'M': {1, 2, 3, 4},
	'L': {1, 2, 3, 4},
	'd': {1, 2},
	'E': {1, 2, 3, 4},
}

// checkDatePattern returns the character index of the first error in a date
// pattern and the message, or -1. What is an error is what the i18n package,
// which formats the dates, refuses; this adds a hint where one helps.
func checkDatePattern(p string) (int, string) {
	_, err := i18n.ParseDate(p)
	var pe *i18n.PatternError
	if !errors.As(err, &pe) {
		return -1, ""
	}
	if i, msg := datePatternHint(p); i == pe.Col-1 {
		return i, msg
	}
	return pe.Col - 1, pe.Msg
}

// datePatternHint checks a pattern against DateLetters and explains the
// first error.
func datePatternHint(p string) (int, string) {
	rs := []rune(p)
	quoted, qstart := false, 0
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '\'':
			if i+1 < len(rs) && rs[i+1] == '\'' {
				i += 2
				continue
			}
			quoted = !quoted
			qstart = i
			i++
			continue
		case quoted || !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			i++
			continue
		}
		n := 1
		for i+n < len(rs) && rs[i+n] == r {
			n++
		}
		field := string(rs[i : i+n])
		lens, ok := DateLetters[byte(r)]
		switch {
		case !ok || !slices.Contains(lens, n):
			hint := "; the fields are y (year), M or L (month), d (day) and E (weekday), as in d MMMM yyyy; quote other text, as in d 'de' MMMM"
			for _, alt := range []string{strings.ToLower(field), strings.ToUpper(field)} {
				if l, ok := DateLetters[alt[0]]; ok && slices.Contains(l, n) {
					hint = fmt.Sprintf("; did you mean %q?", alt)
					break
				}
			}
			if ok {
				hint = "; write " + fieldForms(byte(r))
			}
			return i, fmt.Sprintf("%q is not a date field%s", field, hint)
		}
		i += n
	}
	if quoted {
		return qstart, "the quote is not closed; text between quotes is copied, and '' is a quote character"
	}
	return -1, ""
}

func fieldForms(c byte) string {
	var forms []string
	for _, n := range DateLetters[c] {
		forms = append(forms, strings.Repeat(string(c), n))
	}
	return strings.Join(forms, ", ")
}

// GlyphChecker says which character of s, if any, the fonts cannot show: the
// character, its index in characters, and true.
type GlyphChecker func(s string) (r rune, i int, missing bool)

// CheckGlyphs refuses the characters of the brief's printed strings (front
// matter, body and text cells) that missing reports, at their position in
// the input. It returns nil or an ErrorList.
func CheckGlyphs(b *Brief, missing GlyphChecker) error {
	var errs ErrorList
	report := func(pos Pos, field, s string) {
		r, i, bad := missing(s)
		if !bad {
			return
		}
		// Move the position to the character itself.
		for _, c := range []rune(s)[:i] {
			if c == '\n' {
				pos.Line++
				pos.Col = 1
			} else if pos.Col > 0 {
				pos.Col++
			}
		}
		errs.Add(pos, field, "%s", glyphMessage(r))
	}
	for _, t := range b.Texts {
		report(t.Pos, t.Field, t.S)
	}
	for _, t := range b.Tables {
		for ci, c := range t.Columns {
			if c.Type != Text {
				continue
			}
			for _, r := range t.Rows {
				if v := r.Values[ci]; !v.Null {
					report(v.Pos, c.Name, v.Str)
				}
			}
		}
	}
	return errs.Err()
}

func glyphMessage(r rune) string {
	if r > 0xFFFF {
		return fmt.Sprintf("character %q (U+%04X) is outside the Basic Multilingual Plane; the PDF fonts cannot show it: remove it or write it in words", r, r)
	}
	msg := fmt.Sprintf("character %q (U+%04X) is not in the theme's fonts", r, r)
	if s := script(r); s != "" && s != "Common" && s != "Inherited" {
		msg += fmt.Sprintf("; choose a theme whose fonts cover the %s script (theme: in the front matter, or --theme)", s)
	} else {
		msg += "; replace it, or choose a theme whose fonts have it (theme: in the front matter, or --theme)"
	}
	return msg
}

// script names the Unicode script of r, or "".
func script(r rune) string {
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return ""
}
