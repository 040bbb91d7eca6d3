package data

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// nodes walks YAML nodes of one file and records errors with their positions.
type nodes struct {
	file  string
	errs  *ErrorList
	texts *[]TextAt // every string read is recorded here
	line  int       // added to node lines: the front matter starts below the first ---
	src   []string  // the front matter's lines, to place block scalars
	// broken holds the top-level keys whose YAML did not parse: they are
	// not reported missing.
	broken map[string]bool
}

// pos is where node n starts: for a quoted string, its first character
// inside the quotes; for a block scalar (| or >), its text's first character.
func (y *nodes) pos(n *yaml.Node) Pos {
	p := Pos{File: y.file, Line: n.Line + y.line, Col: n.Column}
	if n.Kind != yaml.ScalarNode {
		return p
	}
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		p.Col++
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		for i := n.Line; i < len(y.src); i++ { // y.src[i] is the line below n.Line
			if t := strings.TrimLeft(y.src[i], " "); strings.TrimSpace(t) != "" {
				p.Line = i + 1 + y.line
				p.Col = 1 + len(y.src[i]) - len(t)
				break
			}
		}
	}
	return p
}

func (y *nodes) errorf(n *yaml.Node, field, format string, args ...any) {
	y.errs.Add(y.pos(n), field, format, args...)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "a document"
}

// fields calls fn for each key of mapping n in order. It reports keys that
// are not among known (suggesting the closest known one), repeated keys, and
// missing required keys (those marked with a trailing "!").
func (y *nodes) fields(n *yaml.Node, path string, known []string, fn func(key string, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		y.errorf(n, path, "must be a mapping, not %s", kindName(n))
		return false
	}
	names := make([]string, len(known))
	required := map[string]bool{}
	for i, k := range known {
		names[i] = strings.TrimSuffix(k, "!")
		if names[i] != k {
			required[names[i]] = true
		}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		if k.Kind != yaml.ScalarNode {
			y.errorf(k, path, "keys must be plain words")
			continue
		}
		if seen[k.Value] {
			y.errorf(k, field, "duplicate key")
			continue
		}
		seen[k.Value] = true
		if !slices.Contains(names, k.Value) {
			see := ""
			if s := docSection(path); s != "" {
				see = " (see " + FormatDoc + "#" + s + ")"
			}
			if s := suggest(k.Value, names); s != "" {
				y.errorf(k, field, "unknown key; did you mean %q?%s", s, see)
			} else {
				y.errorf(k, field, "unknown key; known keys are %s%s", strings.Join(names, ", "), see)
			}
			continue
		}
		fn(k.Value, v)
	}
	for _, k := range names {
		if required[k] && !seen[k] && !(path == "" && y.broken[k]) {
			y.errorf(n, join(path, k), "is required")
		}
	}
	return true
}

// FormatDoc is the reference of the brief format, in the repository.
const FormatDoc = "docs/brief-format.md"

// docSection returns the anchor of FormatDoc's section on the mapping at
// path, or "".
func docSection(path string) string {
	if path == "" {
		return "front-matter"
	}
	segs := strings.Split(path, ".")
	last := segs[len(segs)-1]
	if i := strings.IndexByte(last, '['); i >= 0 {
		last = last[:i]
	}
	switch last {
	case "tables", "columns", "charts", "events":
		return last
	case "display":
		return "display-rules"
	case "notes":
		if strings.HasPrefix(path, "tables") {
			return "table-notes"
		}
	}
	return ""
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest returns the known name closest to s if it is close enough to be a
// likely misspelling.
func suggest(s string, known []string) string {
	best, bestD := "", math.MaxInt
	for _, k := range known {
		if d := editDistance(strings.ToLower(s), k); d < bestD {
			best, bestD = k, d
		}
	}
	if bestD <= 2 || (bestD <= 3 && len(s) > 6) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// str reads a scalar as a string.
func (y *nodes) str(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		y.errorf(n, field, "must be text, not %s", kindName(n))
		return ""
	}
	if y.texts != nil {
		*y.texts = append(*y.texts, TextAt{Pos: y.pos(n), Field: field, S: n.Value})
	}
	return n.Value
}

// text reads a non-empty single-line-or-more string.
func (y *nodes) text(n *yaml.Node, field string) string {
	s := y.str(n, field)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" && strings.TrimSpace(s) == "" {
		y.errorf(n, field, "must not be empty")
	}
	return s
}

// strs reads a list of strings; a single string is a list of one.
func (y *nodes) strs(n *yaml.Node, field string) []string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []string{y.text(n, field)}
	}
	if n.Kind != yaml.SequenceNode {
		y.errorf(n, field, "must be a list of text, not %s", kindName(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, c := range n.Content {
		out = append(out, y.text(c, fmt.Sprintf("%s[%d]", field, i)))
	}
	return out
}

func (y *nodes) boolean(n *yaml.Node, field string) bool {
	if n.Kind == yaml.ScalarNode {
		switch n.Value {
		case "true", "yes":
			return true
		case "false", "no":
			return false
		}
	}
	y.errorf(n, field, "must be true or false, not %s", kindName(n))
	return false
}

func (y *nodes) integer(n *yaml.Node, field string, lo, hi int) int {
	if n.Kind == yaml.ScalarNode {
		if v, err := strconv.Atoi(n.Value); err == nil {
			if v < lo || v > hi {
				y.errorf(n, field, "must be between %d and %d, not %d", lo, hi, v)
			}
			return v
		}
	}
	y.errorf(n, field, "must be a whole number, not %s", kindName(n))
	return 0
}

func (y *nodes) float(n *yaml.Node, field string) (float64, bool) {
	if n.Kind == yaml.ScalarNode {
		v, err := strconv.ParseFloat(n.Value, 64)
		if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v, true
		}
	}
	y.errorf(n, field, "must be a finite number, not %s", kindName(n))
	return 0, false
}

func (y *nodes) date(n *yaml.Node, field string) time.Time {
	s := y.str(n, field)
	if s == "" {
		return time.Time{}
	}
	t, err := parseDate(s)
	if err != nil {
		y.errorf(n, field, "%q is not a valid date (%s)", s, dateWant(s, err))
	}
	return t
}

// parseDate parses an ISO 8601 calendar date and rejects days that do not
// exist, year 0000 included: the years run from 0001 to 9999, which every
// output (the PDF's dates, the annex's cells and properties) can carry.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err == nil && t.Year() < 1 {
		return t, errYearZero
	}
	return t, err
}

var errYearZero = errors.New("year 0000 does not exist; the years run from 0001 to 9999")

var looseDateRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`) })

// dateWant says what is wrong with date s that parseDate refused.
func dateWant(s string, err error) string {
	if errors.Is(err, errYearZero) {
		return errYearZero.Error()
	}
	if m := looseDateRE().FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		switch {
		case mo < 1 || mo > 12:
			return "the months run from 01 to 12"
		case len(m[2]) == 1 || len(m[3]) == 1:
			if t, err := parseDate(fmt.Sprintf("%s-%02d-%02d", m[1], mo, d)); err == nil {
				return "want YYYY-MM-DD, with two digits for the month and the day: " + t.Format("2006-01-02")
			}
		}
		if days := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day(); d < 1 || d > days {
			return fmt.Sprintf("%s-%02d has %d days", m[1], mo, days)
		}
	}
	return "want YYYY-MM-DD"
}

// seq calls fn for each element of list n.
func (y *nodes) seq(n *yaml.Node, field string, fn func(i int, c *yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		y.errorf(n, field, "must be a list, not %s", kindName(n))
		return
	}
	for i, c := range n.Content {
		fn(i, c)
	}
}

// conds reads a mapping of column names to a value or a list of values; an
// empty value (~) matches an empty cell.
func (y *nodes) conds(n *yaml.Node, field string) []Cond {
	if n.Kind != yaml.MappingNode {
		y.errorf(n, field, "must map column names to a value or a list of values")
		return nil
	}
	var out []Cond
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		var in []string
		if val.Kind == yaml.ScalarNode && val.Tag == "!!null" {
			in = []string{""}
		} else {
			in = y.strs(val, join(field, k.Value))
		}
		out = append(out, Cond{Column: k.Value, In: in, Pos: y.pos(k), ValPos: y.pos(val)})
	}
	return out
}

// valuePositions maps each key of mapping n to where its value is written.
func (y *nodes) valuePositions(n *yaml.Node) map[string]Pos {
	at := map[string]Pos{}
	if n.Kind != yaml.MappingNode {
		return at
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		at[n.Content[i].Value] = y.pos(n.Content[i+1])
	}
	return at
}

// at returns the position of key in m, or def.
func at(m map[string]Pos, key string, def Pos) Pos {
	if p, ok := m[key]; ok {
		return p
	}
	return def
}
