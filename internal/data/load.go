package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits keep hostile input from exhausting memory or time.
const (
	MaxBriefBytes = 1 << 20  // brief.md
	MaxCSVBytes   = 64 << 20 // one CSV file; see also budget.go
	MaxCellBytes  = 64 << 10 // one CSV field
	MaxRows       = 200_000  // rows of one table, unless Limits says otherwise
	MaxColumns    = 64
	MaxTables     = 100
	MaxCharts     = 100
)

// BriefFile is the name of the brief's main file inside its folder.
const BriefFile = "brief.md"

// LoadDir loads the brief in folder dir. Files are opened through an os.Root,
// so that no path or symlink can reach outside the folder.
func LoadDir(dir string) (*Brief, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		var l ErrorList
		l.Add(Pos{File: filepath.ToSlash(dir)}, "", "cannot open brief folder: %v", unwrapPath(err))
		return nil, l.Err()
	}
	defer root.Close()
	return Load(root.FS(), filepath.ToSlash(filepath.Clean(dir)), filepath.Base(filepath.Clean(dir)))
}

// Limits are the loader's size limits that a caller may lower.
type Limits struct {
	MaxRows int // rows of one table; 0 means MaxRows
}

// Load loads a brief from fsys, whose root is the brief's folder. dir is the
// folder's name as error messages show it, and id the brief's id.
func Load(fsys fs.FS, dir, id string) (*Brief, error) {
	return LoadLimits(fsys, dir, id, Limits{})
}

// LoadLimits is Load with other limits.
func LoadLimits(fsys fs.FS, dir, id string, lim Limits) (*Brief, error) {
	if lim.MaxRows <= 0 {
		lim.MaxRows = MaxRows
	}
	l := &loader{fsys: fsys, dir: dir, b: &Brief{ID: id, Dir: dir}, lim: lim}
	l.load()
	if err := l.errs.Err(); err != nil {
		return nil, err
	}
	return l.b, nil
}

type loader struct {
	lim   Limits
	cells int // values read from CSV files so far (budget.go)
	// bodyRefused is set when the body was refused before parsing
	// (markdown.go): checks of its content would mislead.
	bodyRefused bool
	bytes       int64 // bytes of CSV files read so far
	fsys        fs.FS
	dir         string
	b           *Brief
	errs        ErrorList
}

func (l *loader) name(rel string) string { return path.Join(l.dir, rel) }

func (l *loader) load() {
	src, ok := l.read(BriefFile, Pos{File: l.name(BriefFile)}, "", MaxBriefBytes)
	if !ok {
		return
	}
	file := l.name(BriefFile)
	front, frontLine, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		line := 1
		var le lineError
		if errors.As(err, &le) {
			line = le.line
		}
		l.errs.Add(Pos{File: file, Line: line, Col: 1}, "", "%v", err)
		return
	}
	if l.documentMarkers(file, front, frontLine) {
		return
	}
	decls := l.frontMatter(file, front, frontLine)
	l.body(file, body, bodyLine)
	l.recordCode()
	for _, d := range decls.tables {
		l.readTable(d)
	}
	if !l.bodyRefused {
		l.checkFootnotes(file, body, bodyLine) // after the tables, which may reference notes
	}
	if decls.broken {
		// Part of the front matter did not parse: references to what it
		// declared would be reported as unknown.
		return
	}
	l.checkPlacement()
	l.checkBodyRows()
	for _, c := range l.b.Charts {
		if t := l.b.Table(c.Table); t != nil && !t.typed() {
			continue // its columns' types are already reported
		}
		l.checkChart(c)
	}
	sort.Slice(l.b.Files, func(i, j int) bool { return l.b.Files[i].Name < l.b.Files[j].Name })
}

// read reads a file of the brief, confined to its folder, checks that it is
// UTF-8 text without NUL bytes, strips a BOM and records its hash.
func (l *loader) read(rel string, from Pos, field string, limit int64) ([]byte, bool) {
	if rel == "" {
		l.errs.Add(from, field, "file name is empty")
		return nil, false
	}
	if strings.HasPrefix(rel, "/") || filepath.IsAbs(rel) || (len(rel) > 1 && rel[1] == ':') {
		l.errs.Add(from, field, "%q is an absolute path; data files must be inside the brief's folder", rel)
		return nil, false
	}
	if strings.Contains(rel, "\\") {
		l.errs.Add(from, field, "%q uses backslashes; write paths with /", rel)
		return nil, false
	}
	if c := path.Clean(rel); strings.HasPrefix(rel, "./") && fs.ValidPath(c) {
		rel = c // ./data/t.csv is data/t.csv
	}
	if !fs.ValidPath(rel) {
		l.errs.Add(from, field, "%q leaves the brief's folder; data files must be inside it", rel)
		return nil, false
	}
	// Stat before opening: opening a named pipe would block.
	st, err := fs.Stat(l.fsys, rel)
	if err != nil {
		l.errs.Add(from, field, "cannot open %q: %v", rel, unwrapPath(err))
		return nil, false
	}
	if st.IsDir() {
		l.errs.Add(from, field, "%q is a folder, not a file", rel)
		return nil, false
	}
	if !st.Mode().IsRegular() {
		l.errs.Add(from, field, "%q is not a regular file", rel)
		return nil, false
	}
	f, err := l.fsys.Open(rel)
	if err != nil {
		l.errs.Add(from, field, "cannot open %q: %v", rel, unwrapPath(err))
		return nil, false
	}
	defer f.Close()
	if st.Size() > limit {
		l.errs.Add(from, field, "%q is %d bytes; the limit is %d", rel, st.Size(), limit)
		return nil, false
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		l.errs.Add(from, field, "cannot read %q: %v", rel, unwrapPath(err))
		return nil, false
	}
	if int64(len(b)) > limit {
		l.errs.Add(from, field, "%q is over the limit of %d bytes", rel, limit)
		return nil, false
	}
	sum := sha256.Sum256(b)
	l.b.Files = append(l.b.Files, File{Name: rel, SHA256: hex.EncodeToString(sum[:])})
	name := l.name(rel)
	if len(b) == 0 {
		l.errs.Add(Pos{File: name}, "", "file is empty")
		return nil, false
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf16Text(b) {
		l.errs.Add(Pos{File: name}, "", "the file is UTF-16; save it as UTF-8")
		return nil, false
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		l.errs.Add(offsetPos(name, b, i), "", "NUL byte; a text file was expected")
		return nil, false
	}
	if !utf8.Valid(b) {
		i := 0
		for i < len(b) {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		l.errs.Add(offsetPos(name, b, i), "", "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", b[i])
		return nil, false
	}
	return b, true
}

// utf16Text reports whether b looks like UTF-16 text: a UTF-16 byte order
// mark, or a NUL in every other byte of its start as ASCII text has in UTF-16.
func utf16Text(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
		return true
	}
	n := min(len(b), 64) &^ 1
	if n < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	return even == n/2 && odd == 0 || odd == n/2 && even == 0
}

// unwrapPath drops the operation and path from a *fs.PathError: messages
// already name the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, fs.ErrNotExist) {
			return errors.New("no such file")
		}
		if strings.Contains(pe.Err.Error(), "escapes") {
			return errors.New("it points outside the brief's folder")
		}
		return pe.Err
	}
	return err
}

// offsetPos turns a byte offset into a line and a column counted in characters.
func offsetPos(file string, b []byte, off int) Pos {
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	col := 1 + utf8.RuneCount(b[start:off])
	return Pos{File: file, Line: line, Col: col}
}

// splitFrontMatter splits the YAML front matter between --- lines from the
// body. It returns the 1-based line numbers at which each part starts.
func splitFrontMatter(src []byte) (front []byte, frontLine int, body []byte, bodyLine int, err error) {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, 0, nil, 0, errors.New("front matter: the file must start with a --- line, then YAML, then another --- line")
	}
	rest := src[4:]
	end := -1
	off := 0
	marker := 0 // the first line that starts with --- but holds more
	for line := 2; off <= len(rest); line++ {
		nl := bytes.IndexByte(rest[off:], '\n')
		var ln []byte
		if nl < 0 {
			ln = rest[off:]
		} else {
			ln = rest[off : off+nl]
		}
		if string(bytes.TrimRight(ln, " \t")) == "---" {
			end = off
			break
		}
		if marker == 0 && bytes.HasPrefix(ln, []byte("---")) {
			marker = line
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 && marker > 0 {
		return nil, 0, nil, 0, lineError{marker, "front matter: no closing --- line; this line starts with --- but the closing line must hold only ---"}
	}
	if end < 0 {
		return nil, 0, nil, 0, errors.New("front matter: no closing --- line")
	}
	front = rest[:end]
	after := rest[end:]
	nl := bytes.IndexByte(after, '\n')
	if nl < 0 {
		after = nil
	} else {
		after = after[nl+1:]
	}
	return front, 2, after, 3 + bytes.Count(front, []byte("\n")), nil
}

// lineError is an error on one line of brief.md.
type lineError struct {
	line int
	msg  string
}

func (e lineError) Error() string { return e.msg }

// documentMarkers reports YAML document markers inside the front matter: after
// a "..." or "--- # comment" line, YAML reads no further, and the keys below
// would be dropped without a word.
func (l *loader) documentMarkers(file string, front []byte, line int) bool {
	found := false
	for i, ln := range strings.Split(string(front), "\n") {
		ln = strings.TrimRight(ln, " \t\r")
		pos := Pos{File: file, Line: line + i, Col: 1}
		switch {
		case ln == "..." || strings.HasPrefix(ln, "... ") || strings.HasPrefix(ln, "...\t"):
			l.errs.Add(pos, "front matter", "a ... line ends the YAML, so the lines after it would be ignored; remove it (the front matter ends at a line holding only ---)")
			found = true
		case strings.HasPrefix(ln, "---"):
			l.errs.Add(pos, "front matter", "a line starting with --- ends the YAML, so the lines after it would be ignored; the closing line must hold only --- (put comments on lines of their own)")
			found = true
		}
	}
	return found
}

var yamlLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

type decls struct {
	tables []*tableDecl
	broken bool // the front matter has a syntax error
}

// yamlError turns a YAML syntax error into a position and a message with a
// hint for the common mistakes. lines are the front matter's lines and line
// the line of brief.md on which they start.
func yamlError(err error, file string, lines []string, line, first int) (Pos, string) {
	pos := Pos{File: file, Line: line + first}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineRE().FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		pos.Line = n + line - 1 + first
		msg = m[2]
	}
	i := pos.Line - line // index into lines
	if i < 0 || i >= len(lines) {
		return pos, "YAML syntax: " + msg
	}
	ln := lines[i]
	key, value, hasColon := strings.Cut(ln, ":")
	switch {
	case hasColon && utf8.RuneCountInString(key) > 1024:
		pos.Col = 1
		return pos, fmt.Sprintf("a key of %d characters; keys are short words such as title (a YAML key may be at most 1024 characters)", utf8.RuneCountInString(key))
	case strings.Contains(ln[:len(ln)-len(strings.TrimLeft(ln, " \t"))], "\t"):
		pos.Col = 1 + strings.IndexByte(ln, '\t')
		return pos, "YAML syntax: " + msg + "; indent with spaces, not tabs"
	case strings.Contains(msg, "mapping values are not allowed") && hasColon && strings.Contains(value, ": "):
		pos.Col = 1 + utf8.RuneCountInString(key) + 1 + utf8.RuneCountInString(value[:strings.Index(value, ": ")])
		name := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(key), "- "))
		return pos, fmt.Sprintf("YAML syntax: %s; quote the %s: it contains ': '", msg, name)
	}
	name := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(key), "- "))
	v := strings.TrimLeft(value, " ")
	vcol := 1 + utf8.RuneCountInString(key) + 1 + utf8.RuneCountInString(value) - utf8.RuneCountInString(v)
	v = strings.TrimRight(v, " \r")
	at := func(col int, hint string) (Pos, string) {
		pos.Col = col
		return pos, "YAML syntax: " + msg + "; " + hint
	}
	switch {
	case msg == "found unexpected end of stream":
		// An unclosed quote runs to the end: find the value it opens.
		for j := i; j >= 0; j-- {
			k, val, ok := strings.Cut(lines[j], ":")
			t := strings.TrimSpace(val)
			if ok && t != "" && (t[0] == '"' || t[0] == '\'') && (len(t) == 1 || t[len(t)-1] != t[0]) {
				pos.Line = line + j
				pos.Col = 1 + utf8.RuneCountInString(k) + 1 + utf8.RuneCountInString(val) - utf8.RuneCountInString(strings.TrimLeft(val, " "))
				return pos, "YAML syntax: a quoted value is not closed; end it with the same quote"
			}
		}
	case !hasColon:
	case msg == "found character that cannot start any token" && v != "" && strings.ContainsRune("@`", rune(v[0])):
		return at(vcol, fmt.Sprintf("quote the %s: a value cannot start with %c", name, v[0]))
	case strings.HasPrefix(msg, "unknown anchor") && strings.HasPrefix(v, "*"),
		strings.Contains(msg, "alphabetic or numeric character") && v != "" && strings.ContainsRune("*&!", rune(v[0])),
		msg == "block sequence entries are not allowed in this context" && strings.HasPrefix(v, "- "):
		return at(vcol, fmt.Sprintf("quote the %s: a value cannot start with %c", name, v[0]))
	case msg == "did not find expected key" && strings.HasPrefix(v, "'") && strings.Count(v, "'") > 2:
		return at(vcol, fmt.Sprintf("in the %s, quoted with ', write '' for an apostrophe, or quote it with \"", name))
	case msg == "did not find expected ',' or ']'" || msg == "did not find expected ',' or '}'":
		// YAML may name the line before or after the open bracket.
		open, end, what := "[", "]", "a list written [a, b] must end with ]"
		if strings.HasSuffix(msg, "'}'") {
			open, end, what = "{", "}", "a mapping written {a: 1} must end with }"
		}
		for _, d := range []int{0, 1, -1, 2, -2} {
			j := i + d
			if j < 0 || j >= len(lines) {
				continue
			}
			k, val, ok := strings.Cut(lines[j], ":")
			t := strings.TrimSpace(val)
			if ok && strings.HasPrefix(t, open) && !strings.HasSuffix(t, end) {
				pos.Line = line + j
				return at(1+utf8.RuneCountInString(k)+1+utf8.RuneCountInString(val)-utf8.RuneCountInString(strings.TrimLeft(val, " ")), what)
			}
		}
	case msg == "did not find expected node content" && strings.Contains(v, ",,"):
		return at(vcol+utf8.RuneCountInString(v[:strings.Index(v, ",,")])+1, "a list has an empty item here")
	}
	if msg == "did not find expected '-' indicator" || msg == "did not find expected key" {
		top := i // the top-level key above the error
		for top > first && (lines[top] == "" || lines[top][0] == ' ' || lines[top][0] == '#' || lines[top][0] == '\n') {
			top--
		}
		if j, n := oddIndent(lines, top); j >= 0 {
			pos.Line, pos.Col = line+j, n+1
			return pos, fmt.Sprintf("YAML syntax: %s; this line is indented by %d spaces, like no line above it: the keys of one mapping, and the items of one list, line up", msg, n)
		}
	}
	switch msg {
	case "could not find expected ':'":
		return pos, "YAML syntax: " + msg + "; each line of a mapping is key: value, and a value that goes on to the next line must be indented"
	case "did not find expected '-' indicator", "did not find expected key":
		return pos, "YAML syntax: " + msg + "; check the indentation: the keys of one mapping, and the items of one list, line up"
	}
	return pos, "YAML syntax: " + msg
}

// oddIndent finds, from line index from on, the first line that moves left
// to an indentation that no line above it has: a likely misaligned key. It
// returns the line's index and indentation, or -1.
func oddIndent(lines []string, from int) (int, int) {
	seen := map[int]bool{}
	prev := 0
	for j := from; j < len(lines); j++ {
		ln := strings.TrimRight(lines[j], "\r\n")
		t := strings.TrimLeft(ln, " ")
		if t == "" || t[0] == '#' {
			continue
		}
		n := len(ln) - len(t)
		if j > from && n == 0 {
			break // the next top-level key
		}
		if n < prev && !seen[n] {
			return j, n
		}
		seen[n] = true
		if strings.HasPrefix(t, "- ") {
			seen[n+2] = true
		}
		prev = n
	}
	return -1, 0
}

// recoverChunks parses the front matter one top-level key at a time and joins
// the keys that parse into one mapping. It reports each chunk's syntax error
// and returns false if no chunk had one (the error spans chunks).
func (l *loader) recoverChunks(src []byte, file string, line int, skip map[string]bool) (yaml.Node, bool) {
	lines := strings.SplitAfter(string(src), "\n")
	var starts []int
	for i, ln := range lines {
		if ln != "" && !strings.ContainsRune(" \t#-\n\r", rune(ln[0])) {
			starts = append(starts, i)
		}
	}
	top := &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	reported := false
	for k, start := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		chunk := strings.Join(lines[start:end], "")
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(chunk), &n); err != nil {
			pos, msg := yamlError(err, file, lines, line, start)
			l.errs.Add(pos, "front matter", "%s", msg)
			if k, _, ok := strings.Cut(lines[start], ":"); ok {
				skip[strings.TrimSpace(k)] = true
			}
			reported = true
			continue
		}
		if len(n.Content) == 1 && n.Content[0].Kind == yaml.MappingNode {
			shiftLines(n.Content[0], start)
			top.Content = append(top.Content, n.Content[0].Content...)
		}
	}
	return yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}, reported
}

func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

type tableDecl struct {
	t       *Table
	filePos Pos
}

func (l *loader) frontMatter(file string, src []byte, line int) decls {
	var d decls
	var doc yaml.Node
	y := &nodes{file: file, errs: &l.errs, line: line - 1, texts: &l.b.Texts, src: strings.Split(string(src), "\n")}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		// Parse each top-level key on its own, so that one syntax error does
		// not hide the errors of the rest.
		var ok bool
		y.broken = map[string]bool{}
		doc, ok = l.recoverChunks(src, file, line, y.broken)
		if !ok {
			pos, msg := yamlError(err, file, y.src, line, 0)
			l.errs.Add(pos, "front matter", "%s", msg)
		}
		d.broken = true
	}
	if len(doc.Content) == 0 {
		l.errs.Add(Pos{File: file, Line: line}, "front matter", "is empty; title and date are required")
		return d
	}
	m := &l.b.Meta
	m.Lang = "en"
	top := doc.Content[0]
	y.fields(top, "", []string{"title!", "date!", "subtitle", "series", "number", "authors", "lang", "keywords", "theme", "tables", "charts", "distribution", "edition"}, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			m.Title = y.text(v, key)
		case "subtitle":
			m.Subtitle = y.text(v, key)
		case "series":
			m.Series = y.text(v, key)
		case "number":
			m.Number = y.text(v, key)
		case "date":
			m.Date = y.date(v, key)
		case "authors":
			m.Authors = y.strs(v, key)
		case "keywords":
			m.Keywords = y.strs(v, key)
		case "distribution":
			m.Distribution = y.strs(v, key)
			for i, a := range m.Distribution {
				if !strings.Contains(a, "@") {
					y.errorf(v, fmt.Sprintf("%s[%d]", key, i), "%q is not an e-mail address", a)
				}
			}
		case "lang":
			m.Lang = y.text(v, key)
			if !langRE().MatchString(m.Lang) {
				y.errorf(v, key, "%q is not a BCP 47 language tag such as en or en-GB", m.Lang)
			}
		case "theme":
			m.Theme = y.text(v, key)
		case "edition":
			m.Edition = y.integer(v, key, 1, 1_000_000)
		case "tables":
			y.seq(v, key, func(i int, c *yaml.Node) {
				if i >= MaxTables {
					if i == MaxTables {
						y.errorf(c, key, "more than %d tables", MaxTables)
					}
					return
				}
				if td := l.tableDecl(y, c, fmt.Sprintf("tables[%d]", i)); td != nil {
					d.tables = append(d.tables, td)
				}
			})
		case "charts":
			y.seq(v, key, func(i int, c *yaml.Node) {
				if i >= MaxCharts {
					if i == MaxCharts {
						y.errorf(c, key, "more than %d charts", MaxCharts)
					}
					return
				}
				if ch := l.chartDecl(y, c, fmt.Sprintf("charts[%d]", i)); ch != nil {
					ch.At = y.valuePositions(c)
					if ev := c; ev.Kind == yaml.MappingNode {
						for k := 0; k+1 < len(ev.Content); k += 2 {
							if ev.Content[k].Value == "events" && ev.Content[k+1].Kind == yaml.SequenceNode {
								for j, e := range ev.Content[k+1].Content {
									if j < len(ch.Events) {
										ch.Events[j].At = y.valuePositions(e)
									}
								}
							}
						}
					}
					l.b.Charts = append(l.b.Charts, ch)
				}
			})
		}
	})
	ids := map[string]bool{}
	for _, td := range d.tables {
		if ids[td.t.ID] {
			l.errs.Add(td.t.Pos, "tables", "duplicate id %q", td.t.ID)
		}
		ids[td.t.ID] = true
		l.b.Tables = append(l.b.Tables, td.t)
	}
	for _, c := range l.b.Charts {
		if ids[c.ID] {
			l.errs.Add(c.Pos, "charts", "duplicate id %q", c.ID)
		}
		ids[c.ID] = true
	}
	return d
}

var (
	langRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`) })
	idRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_-]{0,62}$`) })
)

func (l *loader) id(y *nodes, v *yaml.Node, field string) string {
	s := y.text(v, field)
	if s != "" && !idRE().MatchString(s) {
		y.errorf(v, field, "%q is not a valid id (lower-case letters, digits, - and _, starting with a letter)", s)
		return ""
	}
	return s
}

func (l *loader) tableDecl(y *nodes, n *yaml.Node, path string) *tableDecl {
	t := &Table{Pos: y.pos(n), Annex: AnnexNo}
	td := &tableDecl{t: t}
	ok := y.fields(n, path, []string{"id!", "file!", "caption!", "columns!", "notes", "source", "annex", "key", "landscape"}, func(key string, v *yaml.Node) {
		f := join(path, key)
		switch key {
		case "id":
			t.ID = l.id(y, v, f)
		case "file":
			t.File = y.text(v, f)
			td.filePos = y.pos(v)
		case "caption":
			t.Caption = y.text(v, f)
		case "source":
			t.Source = y.text(v, f)
		case "landscape":
			t.Landscape = y.boolean(v, f)
		case "key":
			t.Key = y.strs(v, f)
			t.KeyPos = y.pos(v)
		case "annex":
			switch {
			case v.Kind == yaml.ScalarNode && v.Value == "only":
				t.Annex = AnnexOnly
			case y.boolean(v, f):
				t.Annex = AnnexYes
			}
		case "notes":
			y.seq(v, f, func(i int, c *yaml.Node) {
				p := fmt.Sprintf("%s[%d]", f, i)
				var note TableNote
				y.fields(c, p, []string{"id!", "marker", "text!"}, func(key string, v *yaml.Node) {
					switch key {
					case "id":
						note.ID = l.id(y, v, join(p, key))
					case "marker":
						note.Marker = y.text(v, join(p, key))
					case "text":
						note.Text = y.text(v, join(p, key))
					}
				})
				t.Notes = append(t.Notes, note)
			})
		case "columns":
			y.seq(v, f, func(i int, c *yaml.Node) {
				if i >= MaxColumns {
					if i == MaxColumns {
						y.errorf(c, f, "more than %d columns", MaxColumns)
					}
					return
				}
				t.Columns = append(t.Columns, l.columnDecl(y, c, fmt.Sprintf("%s[%d]", f, i)))
			})
			if len(t.Columns) == 0 && v.Kind == yaml.SequenceNode {
				y.errorf(v, f, "must declare at least one column")
			}
		}
	})
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	for _, c := range t.Columns {
		if c.Name != "" && seen[c.Name] {
			l.errs.Add(c.Pos, path+".columns", "duplicate column %q", c.Name)
		}
		seen[c.Name] = true
	}
	l.checkKey(t, path)
	for _, c := range t.Columns {
		for _, r := range c.Display {
			for _, cond := range r.When {
				ci := t.Index(cond.Column)
				if ci < 0 {
					l.errs.Add(cond.Pos, path+".columns."+c.Name+".display", "unknown column %q%s", cond.Column, didYouMean(cond.Column, t))
					continue
				}
				if oc := t.Columns[ci]; oc.Type == Enum {
					for _, v := range cond.In {
						if v != "" && !oc.hasKey(v) {
							l.errs.Add(cond.ValPos, path+".columns."+c.Name+".display", "%q is not a value of enum column %q%s", v, oc.Name, enumHint(v, oc))
						}
					}
				}
			}
			if r.Note != "" && t.note(r.Note) == nil {
				l.errs.Add(r.At["note"], path+".columns."+c.Name+".display.note", "unknown note %q%s", r.Note, noteHint(r.Note, t))
			}
		}
	}
	return td
}

// typed reports whether every column has a known type.
func (t *Table) typed() bool {
	for _, c := range t.Columns {
		switch c.Type {
		case Text, Integer, Number, Date, Enum:
		default:
			return false
		}
	}
	return true
}

func noteHint(id string, t *Table) string {
	var ids []string
	for _, n := range t.Notes {
		ids = append(ids, n.ID)
	}
	if s := suggest(id, ids); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	if len(ids) == 0 {
		return "; declare it under the table's notes"
	}
	return "; the table's notes are " + strings.Join(ids, ", ")
}

func enumHint(v string, c *Column) string {
	keys := make([]string, len(c.Values))
	for i, ev := range c.Values {
		keys[i] = ev.Key
	}
	if s := suggest(v, keys); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	if len(keys) == 0 {
		return ""
	}
	return "; the values are " + strings.Join(keys, ", ")
}

func didYouMean(name string, t *Table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	if s := suggest(name, names); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

func (c *Column) hasKey(k string) bool {
	for _, v := range c.Values {
		if v.Key == k {
			return true
		}
	}
	return false
}

func (t *Table) note(id string) *TableNote {
	for i := range t.Notes {
		if t.Notes[i].ID == id {
			return &t.Notes[i]
		}
	}
	return nil
}

// Note returns the table note with the given id, or nil.
func (t *Table) Note(id string) *TableNote { return t.note(id) }

// typeAliases are the names other tools give the column types.
var typeAliases = map[string]string{
	"int": "integer", "int64": "integer", "long": "integer", "whole": "integer",
	"float": "number", "double": "number", "decimal": "number", "real": "number", "numeric": "number",
	"string": "text", "str": "text", "varchar": "text",
	"datetime": "date", "timestamp": "date", "category": "enum", "categorical": "enum", "factor": "enum",
}

var colNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`) })

func (l *loader) columnDecl(y *nodes, n *yaml.Node, path string) *Column {
	c := &Column{Pos: y.pos(n)}
	var formatNode *yaml.Node
	year := false
	y.fields(n, path, []string{"name!", "label", "type!", "unit", "decimals", "format", "values", "hidden", "display", "width", "align", "wrap"}, func(key string, v *yaml.Node) {
		f := join(path, key)
		switch key {
		case "name":
			c.Name = y.text(v, f)
			if c.Name != "" && !colNameRE().MatchString(c.Name) {
				hint := ""
				if strings.IndexFunc(c.Name, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
					hint = "; column names are ASCII (write the name shown to readers in label)"
				}
				y.errorf(v, f, "%q is not a valid column name (letters, digits and _)%s", c.Name, hint)
			}
		case "label":
			c.Label = y.text(v, f)
		case "type":
			c.Type = ColType(y.text(v, f))
			switch c.Type {
			case "year":
				// A year is a whole number that is never grouped.
				c.Type, year = Integer, true
			case Text, Integer, Number, Date, Enum, "":
			default:
				s := typeAliases[strings.ToLower(string(c.Type))]
				if s == "" {
					s = suggest(string(c.Type), []string{"text", "integer", "number", "date", "enum"})
				}
				if s != "" {
					y.errorf(v, f, "unknown type %q; did you mean %q?", c.Type, s)
				} else {
					y.errorf(v, f, "unknown type %q; the types are text, integer, number, date and enum", c.Type)
				}
			}
		case "unit":
			c.Unit = y.text(v, f)
		case "decimals":
			c.Decimals = y.integer(v, f, 0, 10)
		case "format":
			c.Format = y.text(v, f)
			formatNode = v
		case "hidden":
			c.Hidden = y.boolean(v, f)
		case "width":
			// A fraction of the text block (0.3 or "30%") or points (120).
			s := strings.TrimSpace(v.Value)
			pct := strings.HasSuffix(s, "%")
			w, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
			if pct {
				w /= 100
			}
			if err != nil || v.Kind != yaml.ScalarNode || w <= 0 || w > 1000 || (pct && w > 1) {
				y.errorf(v, f, "%q is not a column width: give a fraction of the text block (0.3 or 30%%) or points (120)", s)
				return
			}
			c.Width = w
		case "align":
			c.Align = y.text(v, f)
			switch c.Align {
			case "left", "right", "center":
			default:
				y.errorf(v, f, "%q is not an alignment; use left, right or center", c.Align)
			}
		case "wrap":
			c.NoWrap = !y.boolean(v, f)
		case "values":
			if v.Kind != yaml.MappingNode {
				y.errorf(v, f, "must map each allowed value to its label")
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, lab := v.Content[i], v.Content[i+1]
				if c.hasKey(k.Value) {
					y.errorf(k, join(f, k.Value), "duplicate value")
					continue
				}
				c.Values = append(c.Values, EnumValue{Key: k.Value, Label: y.text(lab, join(f, k.Value))})
			}
		case "display":
			y.seq(v, f, func(i int, r *yaml.Node) {
				c.Display = append(c.Display, l.ruleDecl(y, r, fmt.Sprintf("%s[%d]", f, i)))
			})
		}
	})
	if c.Label == "" {
		c.Label = c.Name
	}
	if c.Type == Enum && len(c.Values) == 0 {
		y.errorf(n, path+".values", "an enum column must list its allowed values")
	}
	if c.Type != Enum && c.Values != nil {
		y.errorf(n, path+".values", "only enum columns have values")
	}
	switch v := formatNode; {
	case v == nil:
		if year {
			c.Format = "plain"
		}
	case c.Type == Date:
		if i, msg := checkDatePattern(c.Format); i >= 0 {
			p := y.pos(v)
			if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
				p.Col += i
			}
			l.errs.Add(p, path+".format", "%s", msg)
		}
	case year && c.Format != "plain":
		y.errorf(v, path+".format", "a year column is never grouped; leave out its format")
	case c.Type == Integer:
		if !slices.Contains(IntegerFormats, c.Format) {
			if s := suggest(c.Format, IntegerFormats); s != "" {
				y.errorf(v, path+".format", "unknown integer format %q; did you mean %q?", c.Format, s)
			} else {
				y.errorf(v, path+".format", "unknown integer format %q; the formats are %s", c.Format, strings.Join(IntegerFormats, ", "))
			}
		}
	default:
		y.errorf(v, path+".format", "only date and integer columns have a format")
	}
	return c
}

// IntegerFormats are the formats of an integer column: grouped by the
// language's rules (the default: 12,345), plain (years, identifiers:
// 2014), percent (45 shows as 45%) and signed (+3, -3).
var IntegerFormats = []string{"grouped", "plain", "percent", "signed"}

func (l *loader) ruleDecl(y *nodes, n *yaml.Node, path string) Rule {
	r := Rule{Pos: y.pos(n), At: map[string]Pos{}}
	y.fields(n, path, []string{"when", "empty", "text", "prefix", "suffix", "note"}, func(key string, v *yaml.Node) {
		f := join(path, key)
		r.At[key] = y.pos(v)
		switch key {
		case "when":
			r.When = y.conds(v, f)
		case "empty":
			r.Empty = y.boolean(v, f)
		case "text":
			s := y.str(v, f)
			r.Text = &s
		case "prefix":
			r.Prefix = y.str(v, f)
		case "suffix":
			r.Suffix = y.str(v, f)
		case "note":
			r.Note = y.text(v, f)
		}
	})
	if r.Text == nil && r.Prefix == "" && r.Suffix == "" && r.Note == "" {
		y.errorf(n, path, "a display rule needs text, prefix, suffix or note")
	}
	return r
}
