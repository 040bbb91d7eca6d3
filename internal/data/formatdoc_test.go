package data_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/theme"
)

const formatDoc = "../../docs/brief-format.md"

// docExample is a fenced block of the format reference.
type docExample struct {
	line int    // of the opening fence
	kind string // "brief" or "csv"
	name string // a csv block's file name
	text string
}

func readFormatDoc(t *testing.T) (string, []docExample) {
	t.Helper()
	b, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	var out []docExample
	var cur *docExample
	for i, ln := range strings.Split(string(b), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(ln, "```brief"), cur == nil && strings.HasPrefix(ln, "```csv "):
			kind, name, _ := strings.Cut(strings.TrimPrefix(ln, "```"), " ")
			cur = &docExample{line: i + 1, kind: kind, name: strings.TrimSpace(name)}
		case cur != nil && ln == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += ln + "\n"
		}
	}
	if cur != nil {
		t.Fatalf("%s:%d: fence not closed", formatDoc, cur.line)
	}
	return string(b), out
}

// TestFormatDocExamples loads every example brief of docs/brief-format.md:
// each must validate, fonts included.
func TestFormatDocExamples(t *testing.T) {
	_, examples := readFormatDoc(t)
	files := fstest.MapFS{}
	for _, e := range examples {
		if e.kind == "csv" {
			files[e.name] = &fstest.MapFile{Data: []byte(e.text)}
		}
	}
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range examples {
		if e.kind != "brief" {
			continue
		}
		n++
		fsys := fstest.MapFS{"brief.md": {Data: []byte(e.text)}}
		for k, v := range files {
			fsys[k] = v
		}
		b, err := data.Load(fsys, "example", "example")
		if err == nil {
			err = data.CheckGlyphs(b, th.Checker().Missing)
		}
		if err != nil {
			t.Errorf("%s:%d: the example does not validate:\n%v", formatDoc, e.line, err)
		}
	}
	if n < 10 {
		t.Errorf("only %d examples in %s", n, formatDoc)
	}
}

// sections maps the loader's functions that read a mapping's keys (and, for
// a function that reads two, the call's order) to the reference's section.
var sections = map[string]string{
	"frontMatter#0": "Front matter",
	"tableDecl#0":   "Tables",
	"tableDecl#1":   "Table notes",
	"columnDecl#0":  "Columns",
	"ruleDecl#0":    "Display rules",
	"chartDecl#0":   "Charts",
	"eventDecl#0":   "Events",
}

// loaderKeys finds the keys the loader accepts, by section, in its source:
// the []string literals passed to the fields method.
func loaderKeys(t *testing.T) map[string][]string {
	t.Helper()
	names, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	out := map[string][]string{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			k := 0
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) < 3 {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "fields" {
					return true
				}
				lit, ok := call.Args[2].(*ast.CompositeLit)
				if !ok {
					t.Errorf("%s: fields called without a literal key list", fset.Position(call.Pos()))
					return true
				}
				id := fn.Name.Name + "#" + strconv.Itoa(k)
				k++
				sec, ok := sections[id]
				if !ok {
					t.Errorf("%s: keys read by %s: add the section of %s that documents them to the test's sections", fset.Position(call.Pos()), id, formatDoc)
					return true
				}
				for _, el := range lit.Elts {
					if bl, ok := el.(*ast.BasicLit); ok {
						s, _ := strconv.Unquote(bl.Value)
						out[sec] = append(out[sec], strings.TrimSuffix(s, "!"))
					}
				}
				return true
			})
		}
	}
	if len(out) != len(sections) {
		t.Errorf("found key lists for %d sections; want %d", len(out), len(sections))
	}
	return out
}

// sectionText returns the text under heading title, up to the next heading
// of the same or a higher level.
func sectionText(doc, title string) (string, bool) {
	lines := strings.Split(doc, "\n")
	for i, ln := range lines {
		level := len(ln) - len(strings.TrimLeft(ln, "#"))
		if level == 0 || strings.TrimSpace(ln[level:]) != title {
			continue
		}
		var b strings.Builder
		for _, l := range lines[i+1:] {
			if lv := len(l) - len(strings.TrimLeft(l, "#")); lv > 0 && lv <= level && strings.HasPrefix(l[lv:], " ") {
				break
			}
			b.WriteString(l + "\n")
		}
		return b.String(), true
	}
	return "", false
}

// TestFormatDocKeys fails when the loader accepts a key that the reference
// does not describe in its section, or that no example uses.
func TestFormatDocKeys(t *testing.T) {
	doc, examples := readFormatDoc(t)
	var all strings.Builder
	for _, e := range examples {
		if e.kind == "brief" {
			all.WriteString(e.text)
		}
	}
	for sec, keys := range loaderKeys(t) {
		text, ok := sectionText(doc, sec)
		if !ok {
			t.Errorf("%s has no section %q", formatDoc, sec)
			continue
		}
		for _, k := range keys {
			if !strings.Contains(text, "`"+k+"`") {
				t.Errorf("%s: section %q does not describe the key `%s`", formatDoc, sec, k)
			}
			if !regexp.MustCompile(`(?m)(^|[\s{,-])` + regexp.QuoteMeta(k) + `:`).MatchString(all.String()) {
				t.Errorf("%s: no example uses the key %s (section %q)", formatDoc, k, sec)
			}
		}
	}
}

// TestUnknownKeyLinks checks that unknown-key errors link to sections that
// exist.
func TestUnknownKeyLinks(t *testing.T) {
	doc, _ := readFormatDoc(t)
	anchors := map[string]bool{}
	for _, ln := range strings.Split(doc, "\n") {
		if h := strings.TrimLeft(ln, "#"); h != ln && strings.HasPrefix(h, " ") {
			anchors[strings.ReplaceAll(strings.ToLower(strings.TrimSpace(h)), " ", "-")] = true
		}
	}
	brief := `---
title: T
date: 2017-10-03
bogus_front: 1
tables:
  - id: t
    file: data/counts.csv
    caption: C
    bogus_table: 1
    notes:
      - {id: n, text: x, bogus_note: 1}
    columns:
      - {name: day, type: date, bogus_column: 1}
      - name: count
        type: integer
        display:
          - {text: x, bogus_rule: 1}
charts:
  - id: c
    type: line
    table: t
    x: day
    y: count
    caption: C
    bogus_chart: 1
    events:
      - {table: t, x: day, label: day, bogus_event: 1}
---

Text.
`
	fsys := fstest.MapFS{"brief.md": {Data: []byte(brief)}, "data/counts.csv": {Data: []byte("day,count\n2017-01-01,1\n2017-01-02,2\n")}}
	_, err := data.Load(fsys, "b", "b")
	seen := map[string]bool{}
	re := regexp.MustCompile(`\(see ` + regexp.QuoteMeta(data.FormatDoc) + `#([a-z-]+)\)`)
	for _, e := range data.Errors(err) {
		if !strings.Contains(e.Msg, "unknown key") {
			continue
		}
		m := re.FindStringSubmatch(e.Msg)
		if m == nil {
			t.Errorf("no link: %v", e)
			continue
		}
		seen[m[1]] = true
		if !anchors[m[1]] {
			t.Errorf("%v: %s has no section #%s", e, formatDoc, m[1])
		}
	}
	if len(seen) != 7 {
		t.Errorf("links to %d sections, want 7: %v", len(seen), seen)
	}
}
