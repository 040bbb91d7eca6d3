// Package theme loads a house style: page, fonts, the look of each text
// role, colours and furniture. The default style is embedded; a folder with a
// theme.yaml can replace it.
package theme

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"go.yaml.in/yaml/v3"
	"golang.org/x/image/font/sfnt"

	"github.com/un-briefs/report/internal/i18n"
	"github.com/un-briefs/report/templates"
)

// Theme is a house style.
type Theme struct {
	Name           string                `yaml:"name"`
	Page           Page                  `yaml:"page"`
	Fonts          map[string]FontFamily `yaml:"fonts"`
	Styles         map[string]Style      `yaml:"styles"`
	Colors         map[string]string     `yaml:"colors"`
	Palette        []string              `yaml:"palette"`
	Masthead       Masthead              `yaml:"masthead"`
	Header         string                `yaml:"header"`
	Footer         string                `yaml:"footer"`
	HeadingNumbers bool                  `yaml:"heading_numbers"`
	Footnotes      string                `yaml:"footnotes"`
	FigureHeight   float64               `yaml:"figure_height"`
	Table          TableStyle            `yaml:"table"`
	Justify        Justify               `yaml:"justify"`
	Geometry       Geometry              `yaml:"geometry"`
	XLSX           XLSX                  `yaml:"xlsx"`
	Chart          ChartStyle            `yaml:"chart"`
	Mail           Mail                  `yaml:"mail"`
	// Changes places the box of changes of report build --since:
	// "after-lead" (the default), "top" or "off".
	Changes string `yaml:"changes"`
	// PDF picks the standards the PDF meets (issue 17).
	PDF PDFOptions `yaml:"pdf"`

	fsys   fs.FS
	dir    string // the folder as messages name it
	fonts  map[string][]byte
	parsed map[string]*sfnt.Font // by font source, parsed once at load
	logo   []byte
	cov    *coverage
	cats   *sync.Map // lang → *i18n.Catalog
}

// Page is the paper and its margins, in points.
type Page struct {
	Size    string  `yaml:"size"`
	Margins Margins `yaml:"margins"`
}

// Margins are page margins in points.
type Margins struct {
	Top    float64 `yaml:"top"`
	Right  float64 `yaml:"right"`
	Bottom float64 `yaml:"bottom"`
	Left   float64 `yaml:"left"`
}

// FontFamily names the font files of a family's four faces.
type FontFamily struct {
	Regular    string `yaml:"regular"`
	Bold       string `yaml:"bold"`
	Italic     string `yaml:"italic"`
	BoldItalic string `yaml:"bolditalic"`
}

// Style is the look of a text role. Sizes and spaces are in points; Leading
// is the line height as a multiple of the size.
type Style struct {
	Font    string  `yaml:"font"`
	Size    float64 `yaml:"size"`
	Leading float64 `yaml:"leading"`
	Bold    bool    `yaml:"bold"`
	Italic  bool    `yaml:"italic"`
	Color   string  `yaml:"color"`
	Before  float64 `yaml:"before"`
	After   float64 `yaml:"after"`
	Indent  float64 `yaml:"indent"`
}

// Masthead is the band at the top of page 1.
type Masthead struct {
	Text string `yaml:"text"`
	Logo string `yaml:"logo"`
}

// TableStyle sets the PDF tables' spacing and layout limits.
type TableStyle struct {
	Padding   float64 `yaml:"padding"`
	RuleWidth float64 `yaml:"rule_width"`
	// MinSize is the smallest text size a table too wide for the text
	// block may be set in; 0 keeps the table's size.
	MinSize float64 `yaml:"min_size"`
	// Landscape lets a table too wide even at MinSize take landscape pages.
	Landscape bool `yaml:"landscape"`
	// KeepWhole is the largest blank, as a fraction of the text block's
	// height, that keeping a short table whole on the next page may leave.
	KeepWhole float64 `yaml:"keep_whole"`
	// WordBreak is the width in points above which a word in a text column
	// may be broken, so such a word asks no wider column than this.
	WordBreak float64 `yaml:"word_break"`
}

// Justify limits how far a justified line is stretched.
type Justify struct {
	// MaxSpace is the widest a space may stretch, as a multiple of its
	// natural width; a looser line is set ragged. 0 sets no limit.
	MaxSpace float64 `yaml:"max_space"`
}

// Geometry places the page furniture, in points unless said otherwise.
type Geometry struct {
	HeaderRise      float64 `yaml:"header_rise"`       // header baseline box above the top margin
	HeaderRuleGap   float64 `yaml:"header_rule_gap"`   // header rule below the header text
	FooterDrop      float64 `yaml:"footer_drop"`       // footer box below the bottom margin
	FooterRuleGap   float64 `yaml:"footer_rule_gap"`   // footer rule above the footer text
	FurnitureRule   float64 `yaml:"furniture_rule"`    // width of the header and footer rules
	MastheadBand    float64 `yaml:"masthead_band"`     // band height, a fraction of the top margin
	MastheadLogo    float64 `yaml:"masthead_logo"`     // logo height, a fraction of the band
	MastheadLogoGap float64 `yaml:"masthead_logo_gap"` // space after the logo
	BoxPadding      float64 `yaml:"box_padding"`       // inside the lead's box
	BoxBar          float64 `yaml:"box_bar"`           // the accent bar at the box's left
	BoxAfter        float64 `yaml:"box_after"`         // space after the box
	BreakRule       float64 `yaml:"break_rule"`        // width of a thematic break's rule
	BreakSpace      float64 `yaml:"break_space"`       // space above and below it
	NoteGap         float64 `yaml:"note_gap"`          // space above the footnotes
	NoteRule        float64 `yaml:"note_rule"`         // width of the footnote rule
	NoteRuleLength  float64 `yaml:"note_rule_length"`  // its length, a fraction of the measure
	NoteRuleRise    float64 `yaml:"note_rule_rise"`    // the rule above the first footnote
	EndnoteSpace    float64 `yaml:"endnote_space"`     // between endnotes
	MarkerScale     float64 `yaml:"marker_scale"`      // footnote markers, a fraction of the text size
	MarkerRise      float64 `yaml:"marker_rise"`       // their rise, a fraction of the text size
}

// XLSX is the annex's look.
type XLSX struct {
	DateFormat  string `yaml:"date_format"`
	TableStyle  string `yaml:"table_style"`
	HeaderFill  string `yaml:"header_fill"`
	HeaderColor string `yaml:"header_color"`
	// MaxColumnWidth caps a column's width, in Excel's character units;
	// longer text wraps, in rows made tall enough (LineHeight points a line).
	MaxColumnWidth float64 `yaml:"max_column_width"`
	LineHeight     float64 `yaml:"line_height"`
	// TitleSize is the point size of the title above each sheet's table on
	// the Notes sheet; HeaderHeight the height in points of a table's
	// header row, which holds up to two lines of a wrapped label.
	TitleSize    float64 `yaml:"title_size"`
	HeaderHeight float64 `yaml:"header_height"`
}

// ChartStyle is the charts' look beyond their text styles and colours:
// strokes, bars and markers in the PDF (in points), and the native charts'
// size in the annex (in pixels).
type ChartStyle struct {
	LineWidth    float64   `yaml:"line_width"`    // a series' line
	AxisWidth    float64   `yaml:"axis_width"`    // axis lines and tick marks
	GridWidth    float64   `yaml:"grid_width"`    // grid lines
	ZeroWidth    float64   `yaml:"zero_width"`    // the zero line when the range crosses zero
	EventWidth   float64   `yaml:"event_width"`   // event markers
	EventDash    []float64 `yaml:"event_dash"`    // their dash pattern: on, off
	FlagWidth    float64   `yaml:"flag_width"`    // the outline of a flag's triangle
	FlagSize     float64   `yaml:"flag_size"`     // a flag triangle's height
	BarRatio     float64   `yaml:"bar_ratio"`     // share of a category's width the bars fill
	MarkerRadius float64   `yaml:"marker_radius"` // a point's dot
	MaxMarkers   int       `yaml:"max_markers"`   // most points of a line that get a dot each
	TickLength   float64   `yaml:"tick_length"`
	Gap          float64   `yaml:"gap"`         // space between a label and what it labels
	LabelAngle   float64   `yaml:"label_angle"` // degrees; category labels that do not fit level are turned
	AnnexWidth   int       `yaml:"annex_width"` // the annex chart, in pixels
	AnnexHeight  int       `yaml:"annex_height"`
	AnnexLabels  int       `yaml:"annex_labels"` // most category labels an annex chart shows; more are thinned
	AnnexGap     int       `yaml:"annex_gap"`    // the annex bars' gap, in % of a bar's width
	AnnexMarker  int       `yaml:"annex_marker"` // the annex line's markers, in points
}

func (c ChartStyle) check() error {
	for _, v := range []struct {
		name   string
		v, max float64
	}{
		{"line_width", c.LineWidth, 20}, {"axis_width", c.AxisWidth, 20}, {"grid_width", c.GridWidth, 20},
		{"zero_width", c.ZeroWidth, 20}, {"event_width", c.EventWidth, 20}, {"flag_width", c.FlagWidth, 20},
		{"flag_size", c.FlagSize, 50}, {"bar_ratio", c.BarRatio, 1}, {"marker_radius", c.MarkerRadius, 20},
		{"max_markers", float64(c.MaxMarkers), 1e6}, {"tick_length", c.TickLength, 50}, {"gap", c.Gap, 50},
		{"label_angle", c.LabelAngle, 90}, {"annex_width", float64(c.AnnexWidth), 4000},
		{"annex_height", float64(c.AnnexHeight), 4000}, {"annex_labels", float64(c.AnnexLabels), 1000},
		{"annex_gap", float64(c.AnnexGap), 500}, {"annex_marker", float64(c.AnnexMarker), 72},
	} {
		if !(v.v > 0 && v.v <= v.max) {
			return fmt.Errorf("chart.%s: must be more than 0 and at most %v", v.name, v.max)
		}
	}
	if len(c.EventDash) != 2 || !(c.EventDash[0] > 0 && c.EventDash[1] > 0 && c.EventDash[0] < 100 && c.EventDash[1] < 100) {
		return fmt.Errorf("chart.event_dash: must be two lengths, on and off, each more than 0 and under 100")
	}
	return nil
}

// Mail is the e-mail's look.
type Mail struct {
	// Subject overrides the catalogue's mail.subject when set.
	Subject string `yaml:"subject"`
	// Font is the HTML alternative's CSS font list; its colours are those
	// of the text roles body, title, subtitle (the date) and footer.
	Font string `yaml:"font"`
}

// Default loads the embedded default theme.
func Default() (*Theme, error) {
	sub, err := fs.Sub(templates.FS, "default")
	if err != nil {
		return nil, err
	}
	return Load(sub, "templates/default")
}

// LoadDir loads the theme in folder dir. Its files (fonts, logo) are read
// through an os.Root, so that no path or symlink reaches outside the folder.
func LoadDir(dir string) (*Theme, error) {
	return LoadDirAs(dir, dir)
}

// LoadDirAs is LoadDir with the folder named name in messages, e.g. a
// path relative to the brief's folder rather than an absolute one.
func LoadDirAs(dir, name string) (*Theme, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("theme folder %s: %w", name, unwrapPath(err))
	}
	root.Close()
	// Load reads the fonts and the logo; message catalogues are read when
	// a language is first asked for. Each read opens the folder anew, so
	// that a run over many briefs with their own themes keeps no file
	// open per theme.
	return Load(dirFS(dir), name)
}

// Load reads theme.yaml from fsys; name is the folder as messages show it.
func Load(fsys fs.FS, name string) (*Theme, error) {
	file := path.Join(name, "theme.yaml")
	src, err := readFile(fsys, "theme.yaml", MaxThemeBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	t := &Theme{fsys: fsys, dir: name, fonts: map[string][]byte{}, parsed: map[string]*sfnt.Font{}, cov: &coverage{}, cats: &sync.Map{}}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, fmt.Errorf("%s: the file is empty", file)
	}
	// A theme states what differs from the default theme: the default's
	// values are decoded first, so a key that a later version adds does not
	// break an older theme. A style or colour a theme states replaces the
	// default's whole.
	base, err := templates.FS.ReadFile("default/theme.yaml")
	if err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(base, t); err != nil {
		return nil, fmt.Errorf("the default theme: %v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(t); err != nil {
		return nil, fmt.Errorf("%s: %v", path.Join(name, "theme.yaml"), strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := t.check(); err != nil {
		return nil, positioned(file, src, []string{err.Error()})
	}
	if errs := t.validate(); len(errs) > 0 {
		return nil, positioned(file, src, errs)
	}
	if err := t.loadFonts(); err != nil {
		return nil, positioned(file, src, []string{err.Error()})
	}
	if err := t.loadLogo(); err != nil {
		return nil, positioned(file, src, []string{err.Error()})
	}
	if err := t.checkCatalogs(); err != nil {
		return nil, err
	}
	return t, nil
}

// Roles every theme must style.
var Roles = []string{"body", "lead", "quote", "list", "masthead", "title", "subtitle", "byline", "h1", "h2", "h3", "caption", "table", "table-header", "note", "footnote", "header", "footer", "chart", "chart-title", "code"}

// Colors every theme must set.
var Colors = []string{"accent", "rule", "zebra", "lead-fill", "link", "grid", "flag"}

func (t *Theme) check() error {
	switch t.Changes {
	case "", "after-lead", "top", "off":
	default:
		return fmt.Errorf("changes: %q is not after-lead, top or off", t.Changes)
	}
	switch t.Page.Size {
	case "A4", "Letter":
	default:
		return fmt.Errorf("page.size: %q is not A4 or Letter", t.Page.Size)
	}
	for _, r := range Roles {
		s, ok := t.Styles[r]
		if !ok {
			return fmt.Errorf("styles.%s: missing", r)
		}
		if _, ok := t.Fonts[s.Font]; !ok {
			return fmt.Errorf("styles.%s.font: unknown font %q", r, s.Font)
		}
		if _, err := ParseColor(s.Color); err != nil {
			return fmt.Errorf("styles.%s.color: %v", r, err)
		}
	}
	for _, c := range Colors {
		if _, err := ParseColor(t.Colors[c]); err != nil {
			return fmt.Errorf("colors.%s: %v", c, err)
		}
	}
	if len(t.Palette) == 0 {
		return fmt.Errorf("palette: at least one colour is needed")
	}
	for i, c := range t.Palette {
		if _, err := ParseColor(c); err != nil {
			return fmt.Errorf("palette[%d]: %v", i, err)
		}
	}
	if err := t.Chart.check(); err != nil {
		return err
	}
	if t.Footnotes != "page" && t.Footnotes != "end" {
		return fmt.Errorf("footnotes: %q is not page or end", t.Footnotes)
	}
	if err := t.PDF.check(); err != nil {
		return err
	}
	return nil
}

// Style returns the style of a role. An optional role that the theme does
// not style takes the style of the role it stands in for.
func (t *Theme) Style(role string) Style {
	if s, ok := t.Styles[role]; ok {
		return s
	}
	return t.Styles[optionalRoles[role]]
}

// optionalRoles are roles a theme need not style, and the roles whose style
// they take then.
var optionalRoles = map[string]string{"changes": "lead"}

// Color returns a named colour as RGB.
func (t *Theme) Color(name string) RGB {
	c, _ := ParseColor(t.Colors[name])
	return c
}

// RGB is a colour.
type RGB struct{ R, G, B int }

// ParseColor parses #rrggbb.
func ParseColor(s string) (RGB, error) {
	if len(s) != 7 || s[0] != '#' {
		return RGB{}, fmt.Errorf("%q is not a #rrggbb colour", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return RGB{}, fmt.Errorf("%q is not a #rrggbb colour", s)
	}
	return RGB{int(v >> 16), int(v >> 8 & 0xff), int(v & 0xff)}, nil
}

// MustColor parses a colour already checked by Load.
func MustColor(s string) RGB {
	c, _ := ParseColor(s)
	return c
}

var liberation = map[string][]byte{
	"serif-regular": liberationserifregular.TTF, "serif-bold": liberationserifbold.TTF,
	"serif-italic": liberationserifitalic.TTF, "serif-bolditalic": liberationserifbolditalic.TTF,
	"sans-regular": liberationsansregular.TTF, "sans-bold": liberationsansbold.TTF,
	"sans-italic": liberationsansitalic.TTF, "sans-bolditalic": liberationsansbolditalic.TTF,
	"mono-regular": liberationmonoregular.TTF, "mono-bold": liberationmonobold.TTF,
	"mono-italic": liberationmonoitalic.TTF, "mono-bolditalic": liberationmonobolditalic.TTF,
}

// FontBytes returns the TrueType data of a font source: "liberation:NAME"
// for a font from the Go module, or a TTF file in the theme's folder.
func (t *Theme) FontBytes(src string) ([]byte, error) {
	if name, ok := strings.CutPrefix(src, "liberation:"); ok {
		b, ok := liberation[name]
		if !ok {
			return nil, fmt.Errorf("no Liberation font %q", name)
		}
		return b, nil
	}
	if b, ok := t.fonts[src]; ok {
		return b, nil
	}
	b, err := readFile(t.fsys, src, MaxFontBytes)
	if err != nil {
		return nil, fmt.Errorf("font %q: %w", src, err)
	}
	t.fonts[src] = b
	return b, nil
}

// Face returns the font source of a family's face.
func (t *Theme) Face(family string, bold, italic bool) string {
	f := t.Fonts[family]
	switch {
	case bold && italic:
		return f.BoldItalic
	case bold:
		return f.Bold
	case italic:
		return f.Italic
	}
	return f.Regular
}

// Logo returns the logo's bytes, or nil when the theme has none.
func (t *Theme) Logo() ([]byte, string, error) {
	if t.Masthead.Logo == "" {
		return nil, "", nil
	}
	typ := strings.ToUpper(strings.TrimPrefix(path.Ext(t.Masthead.Logo), "."))
	return t.logo, typ, nil // read and checked by Load
}

// coverage parses the theme's fonts once, to tell which characters they lack.
type coverage struct {
	once  sync.Once
	fonts []*sfnt.Font
	err   error
}

// Checker tells which characters the theme's fonts lack. It remembers the
// answer for each character; one Checker serves one goroutine.
type Checker struct {
	t    *Theme
	buf  sfnt.Buffer
	seen map[rune]bool // rune → missing
}

// Checker returns a new Checker for the theme's fonts.
func (t *Theme) Checker() *Checker {
	t.cov.once.Do(t.loadCoverage)
	return &Checker{t: t, seen: map[rune]bool{}}
}

func (t *Theme) loadCoverage() {
	seen := map[string]bool{}
	for _, r := range Roles {
		st := t.Styles[r]
		for _, face := range []string{t.Face(st.Font, false, false), t.Face(st.Font, true, false), t.Face(st.Font, false, true), t.Face(st.Font, true, true)} {
			if seen[face] {
				continue
			}
			seen[face] = true
			f, ok := t.parsed[face] // every face parsed at load
			if !ok {
				t.cov.err = fmt.Errorf("font %s: not loaded", face)
				return
			}
			t.cov.fonts = append(t.cov.fonts, f)
		}
	}
}

// Missing returns the first character of s that a font of the theme lacks,
// and its index in runes. Characters outside the Basic Multilingual Plane
// are always missing: the PDF library cannot set them.
func (c *Checker) Missing(s string) (rune, int, bool) {
	i := 0
	for _, r := range s {
		missing, ok := c.seen[r]
		if !ok {
			missing = c.missing(r)
			c.seen[r] = missing
		}
		if missing {
			return r, i, true
		}
		i++
	}
	return 0, 0, false
}

func (c *Checker) missing(r rune) bool {
	switch {
	case r == '\n' || r == '\t' || r == '\r':
		return false
	case r > 0xFFFF || c.t.cov.err != nil:
		return true
	}
	for _, f := range c.t.cov.fonts {
		if g, err := f.GlyphIndex(&c.buf, r); err != nil || g == 0 {
			return true
		}
	}
	return false
}

// unwrapPath drops the operation and path of a *fs.PathError; the message
// already names the folder.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Catalog returns the message catalogue of lang: the default theme's,
// with any message this theme's own i18n/<lang>.yaml files override.
func (t *Theme) Catalog(lang string) (*i18n.Catalog, error) {
	if c, ok := t.cats.Load(lang); ok {
		return c.(*i18n.Catalog), nil
	}
	layers := []i18n.Layer{i18n.DefaultLayer()}
	if sub, err := fs.Sub(t.fsys, "i18n"); err == nil {
		if _, err := fs.Stat(t.fsys, "i18n"); err == nil {
			layers = append(layers, i18n.Layer{FS: sub, Name: path.Join(t.dir, "i18n")})
		}
	}
	c, err := i18n.Load(lang, layers...)
	if err != nil {
		return nil, err
	}
	v, _ := t.cats.LoadOrStore(lang, c)
	return v.(*i18n.Catalog), nil
}

// checkCatalogs loads every catalogue file the theme ships, so that a
// faulty one is reported when the theme loads.
func (t *Theme) checkCatalogs() error {
	names, err := fs.Glob(t.fsys, "i18n/*.yaml")
	if err != nil {
		return err
	}
	for _, n := range names {
		// A named pipe would block the catalogue's reader.
		if _, err := readFile(t.fsys, n, MaxThemeBytes); err != nil {
			return fmt.Errorf("%s: %v", path.Join(t.dir, n), err)
		}
		if _, err := t.Catalog(strings.TrimSuffix(path.Base(n), ".yaml")); err != nil {
			return err
		}
	}
	return nil
}

// CheckCatalog reports the first character of lang's catalogue (its
// messages, month and day names and number symbols) that the theme's fonts
// lack, so that a language the fonts cannot set is refused instead of
// printing empty boxes.
func (t *Theme) CheckCatalog(lang string) error {
	c, err := t.Catalog(lang)
	if err != nil {
		return err
	}
	ch := t.Checker()
	l := c.Locale
	texts := append([][2]string{
		{"numbers", l.Integer(-1234567) + l.Number(-1.5, 1) + l.Percent(45) + l.Signed(3)},
	}, [2]string{"month and day names", strings.Join(l.Names(), " ")})
	for _, k := range c.Keys() {
		texts = append(texts, [2]string{"message " + k, c.T(k) + c.N(k, 1) + c.N(k, 2) + c.N(k, 5)})
	}
	for _, s := range texts {
		if r, _, bad := ch.Missing(s[1]); bad {
			return fmt.Errorf("lang %s: %s: the theme's fonts lack %q (U+%04X); use a theme whose fonts cover the language", lang, s[0], r, r)
		}
	}
	return nil
}
