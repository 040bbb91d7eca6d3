package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/un-briefs/report/templates"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Catalog is the message catalogue of one language: every fixed word a
// reader sees, with its locale for numbers and dates. Messages hold
// placeholders in braces, e.g. "Table {n}"; a message may have CLDR plural
// forms (one, few, many, other...), chosen by its {n}.
type Catalog struct {
	Lang   string // the brief's tag as given
	Locale *Locale
	// ExcelLCID is the Windows locale id (hex, e.g. "415") that the annex
	// puts in its date format, so that a spreadsheet shows month names in
	// the brief's language whatever the reader's own; "" for none.
	ExcelLCID string
	msgs      map[string]msg
	pseudo    bool
}

type msg struct {
	forms map[string]string // plural category → text; "other" always set
}

func (m *msg) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		m.forms = map[string]string{"other": n.Value}
		return nil
	case yaml.MappingNode:
		m.forms = map[string]string{}
		if err := n.Decode(&m.forms); err != nil {
			return err
		}
		for k := range m.forms {
			if !slices.Contains(pluralForms, k) {
				return fmt.Errorf("line %d: %q is not a CLDR plural category (%s)", n.Line, k, strings.Join(pluralForms, ", "))
			}
		}
		if _, ok := m.forms["other"]; !ok {
			return fmt.Errorf("line %d: plural forms need \"other\"", n.Line)
		}
		return nil
	}
	return fmt.Errorf("line %d: a message is a string or a map of plural forms", n.Line)
}

var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// file is one catalogue file, templates/<theme>/i18n/<lang>.yaml.
type file struct {
	CLDR struct {
		// CLDR data that the Go libraries lack.
		MinGroupingDigits int        `yaml:"min_grouping_digits"`
		MonthsStandalone  Standalone `yaml:"months_standalone"`
	} `yaml:"cldr"`
	Excel struct {
		LCID string `yaml:"lcid"`
	} `yaml:"excel"`
	Messages map[string]msg `yaml:"messages"`
}

var lcidRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9A-Fa-f]{3,4}$`) })

// Base is the language every catalogue falls back to; its file must define
// every message.
const Base = "en"

// Pseudo is CLDR's pseudo-locale tag: its catalogue is the base one with
// every message wrapped in ⟦ ⟧, so that a test can tell fixed words that
// come from the catalogue from those that do not.
const Pseudo = "en-XA"

// Chain is the order in which catalogue files are tried for lang, most
// specific first: "pl-PL" gives pl-PL, pl, en.
func Chain(lang string) []string {
	var out []string
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if tag, err := language.Parse(lang); err == nil {
		// Drop extensions such as -u-nu-latn: they change formats, not words.
		base, script, region := tag.Raw()
		if region.String() != "ZZ" {
			if script.String() != "Zzzz" {
				add(base.String() + "-" + script.String() + "-" + region.String())
			}
			add(base.String() + "-" + region.String())
		}
		if script.String() != "Zzzz" {
			add(base.String() + "-" + script.String())
		}
		add(base.String())
	}
	add(Base)
	return out
}

// Layer is one source of catalogue files: the default theme's i18n folder,
// then a theme's own, which overrides it message by message.
type Layer struct {
	FS   fs.FS  // holds <lang>.yaml files
	Name string // the folder as messages name it
}

// Load builds the catalogue of lang from layers, later layers overriding
// earlier ones. The base language's file of the first layer must define
// every message that any other file defines.
func Load(lang string, layers ...Layer) (*Catalog, error) {
	chain := Chain(lang)
	c := &Catalog{Lang: lang, msgs: map[string]msg{}, pseudo: strings.EqualFold(lang, Pseudo)}
	var std Standalone
	minGroup := 0
	// Least specific first, so that more specific files override.
	for _, l := range layers {
		for i := len(chain) - 1; i >= 0; i-- {
			name := chain[i] + ".yaml"
			src, err := fs.ReadFile(l.FS, name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path.Join(l.Name, name), err)
			}
			var f file
			dec := yaml.NewDecoder(bytes.NewReader(src))
			dec.KnownFields(true)
			if err := dec.Decode(&f); err != nil {
				return nil, fmt.Errorf("%s: %v", path.Join(l.Name, name), strings.TrimPrefix(err.Error(), "yaml: "))
			}
			base := len(c.msgs) == 0
			for _, k := range slices.Sorted(maps.Keys(f.Messages)) {
				if _, known := c.msgs[k]; !known && !base {
					return nil, fmt.Errorf("%s: messages.%s: unknown message; the messages are those of %s", path.Join(l.Name, name), k, path.Join(layers[0].Name, Base+".yaml"))
				}
			}
			for k, m := range f.Messages {
				c.msgs[k] = m
			}
			if f.CLDR.MinGroupingDigits > 0 {
				minGroup = f.CLDR.MinGroupingDigits
			}
			if id := f.Excel.LCID; id != "" {
				if !lcidRE().MatchString(id) {
					return nil, fmt.Errorf("%s: excel.lcid: %q is not a Windows locale id in hex, such as 415", path.Join(l.Name, name), id)
				}
				c.ExcelLCID = id
			}
			if n := len(f.CLDR.MonthsStandalone.Wide); n > 0 {
				if n != 12 {
					return nil, fmt.Errorf("%s: cldr.months_standalone.wide: want 12 names, have %d", path.Join(l.Name, name), n)
				}
				std.Wide = f.CLDR.MonthsStandalone.Wide
			}
			if n := len(f.CLDR.MonthsStandalone.Abbreviated); n > 0 {
				if n != 12 {
					return nil, fmt.Errorf("%s: cldr.months_standalone.abbreviated: want 12 names, have %d", path.Join(l.Name, name), n)
				}
				std.Abbreviated = f.CLDR.MonthsStandalone.Abbreviated
			}
		}
	}
	if len(c.msgs) == 0 {
		return nil, fmt.Errorf("%s: no message catalogue %s.yaml", layers[0].Name, Base)
	}
	c.Locale = newLocale(lang, std, minGroup)
	return c, nil
}

// Keys lists the catalogue's messages, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Has reports whether the catalogue defines key.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[key]; return ok }

// T returns message key with its placeholders filled from args, given as
// name, value pairs: T("table.label", "n", "3"). A message with plural
// forms picks its form by the integer value of "n". An unknown key comes
// back as itself in brackets, so that a missing message shows.
func (c *Catalog) T(key string, args ...string) string {
	m, ok := c.msgs[key]
	if !ok {
		return "[" + key + "]"
	}
	s := m.forms["other"]
	if len(m.forms) > 1 {
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == "n" {
				if n, err := strconv.ParseInt(args[i+1], 10, 64); err == nil {
					if f, ok := m.forms[c.Locale.Plural(n)]; ok {
						s = f
					}
				}
			}
		}
	}
	if len(args) > 0 && strings.Contains(s, "{") {
		pairs := make([]string, 0, len(args))
		for i := 0; i+1 < len(args); i += 2 {
			pairs = append(pairs, "{"+args[i]+"}", args[i+1])
		}
		s = strings.NewReplacer(pairs...).Replace(s)
	}
	if c.pseudo {
		return "⟦" + s + "⟧"
	}
	return s
}

// N is T for a message about a count: it sets {n} to the locale's
// formatting of n and picks the plural form.
func (c *Catalog) N(key string, n int64, args ...string) string {
	m, ok := c.msgs[key]
	if !ok {
		return "[" + key + "]"
	}
	s := m.forms["other"]
	if f, ok := m.forms[c.Locale.Plural(n)]; ok {
		s = f
	}
	pairs := []string{"{n}", c.Locale.Integer(n)}
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+args[i]+"}", args[i+1])
	}
	s = strings.NewReplacer(pairs...).Replace(s)
	if c.pseudo {
		return "⟦" + s + "⟧"
	}
	return s
}

// DefaultLayer is the default theme's catalogue folder, embedded in the
// binary.
func DefaultLayer() Layer {
	sub, err := fs.Sub(templates.FS, "default/i18n")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return Layer{FS: sub, Name: "templates/default/i18n"}
}

var defaults sync.Map // lang → *Catalog

// Default returns the default theme's catalogue of lang.
func Default(lang string) *Catalog {
	if c, ok := defaults.Load(lang); ok {
		return c.(*Catalog)
	}
	c, err := Load(lang, DefaultLayer())
	if err != nil {
		panic(err) // the embedded catalogues are tested
	}
	v, _ := defaults.LoadOrStore(lang, c)
	return v.(*Catalog)
}
