package pdf

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/un-briefs/report/third_party/fpdf"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/theme"
)

// Info describes a rendered PDF.
type Info struct {
	Pages   int
	Figures []Box // where charts were drawn, for checks that read the PDF back
}

// Box is a rectangle on a page, in points from the top left.
type Box struct {
	Page       int
	X, Y, W, H float64
}

// Render writes d as a PDF to w in the house style th.
func Render(w io.Writer, d *doc.Document, th *theme.Theme) (Info, error) {
	return RenderWith(w, d, ParseFonts(th))
}

// RenderWith is Render with fonts already being parsed by ParseFonts, which
// a caller can start before the document is ready. A panic is not recovered
// here: it is a bug, which internal/build reports with its stack.
func RenderWith(w io.Writer, d *doc.Document, fonts *Fonts) (info Info, err error) {
	r := newRenderer(d, fonts.th)
	r.parsing = fonts.parsing
	r.document()
	if err := r.f.Error(); err != nil {
		return Info{}, fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := r.f.Output(&buf); err != nil {
		return Info{}, fmt.Errorf("pdf: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return Info{}, err
	}
	return Info{Pages: r.f.PageCount(), Figures: r.figBoxes}, nil
}

type renderer struct {
	f     *fpdf.Fpdf
	d     *doc.Document
	th    *theme.Theme
	msg   doc.Messages // the fixed words of the brief's language
	pageW float64
	pageH float64
	m     theme.Margins
	width float64 // text measure
	y     float64
	fonts map[string]bool

	// Footnotes waiting for the foot of the current page, and their height.
	pageNotes []doc.Footnote
	noteH     float64
	noteLinks map[int]int // footnote number → internal link
	notesByN  map[int]doc.Footnote
	placed    map[int]bool
	curFont   string
	curSize   float64
	parsing   map[string]chan *fpdf.ParsedUTF8Font // fonts being parsed ahead, by source
	floats    []*doc.Figure                        // figures waiting for the next page
	placing   bool
	outline   int           // the deepest outline level the next heading may take
	size      fpdf.SizeType // the paper, portrait
	orient    string        // "P", or "L" while a wide table is set
	pageTop   float64       // y where the current page's flow starts, below any floats
	tableTop  float64       // y below the current page's table header
	inFlow    int           // depth of lists and quotes, which floats must not split
	figBoxes  []Box
	tg        tagger // the structure tree, when the PDF is tagged
}

func newRenderer(d *doc.Document, th *theme.Theme) *renderer {
	size := fpdf.SizeType{Wd: 595.28, Ht: 841.89}
	if th.Page.Size == "Letter" {
		size = fpdf.SizeType{Wd: 612, Ht: 792}
	}
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: size})
	r := &renderer{f: f, d: d, th: th, pageW: size.Wd, pageH: size.Ht, m: th.Page.Margins, size: size, orient: "P",
		fonts: map[string]bool{}, noteLinks: map[int]int{}, notesByN: map[int]doc.Footnote{}, placed: map[int]bool{}}
	r.width = r.pageW - r.m.Left - r.m.Right
	r.msg = d.Meta.Messages
	if r.msg == nil {
		c, err := th.Catalog(d.Meta.Lang)
		if err != nil {
			panic(err)
		}
		r.msg = c
	}
	for _, n := range d.Footnotes {
		r.notesByN[n.Number] = n
	}
	f.SetMargins(r.m.Left, r.m.Top, r.m.Right)
	f.SetAutoPageBreak(false, r.m.Bottom)
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	m := d.Meta
	f.SetTitle(m.Title, true)
	f.SetAuthor(strings.Join(m.Authors, ", "), true)
	f.SetSubject(m.Subject, true)
	f.SetKeywords(strings.Join(m.Keywords, ", "), true)
	f.SetCreator(m.Generator, true)
	f.SetProducer(m.Generator, true)
	f.SetLang(m.Lang)
	f.SetCreationDate(m.BuildDate.UTC())
	f.SetModificationDate(m.BuildDate.UTC())
	f.AliasNbPages("{nb}")
	f.SetHeaderFuncMode(r.header, false)
	f.SetFooterFunc(r.footer)
	r.standards()
	return r
}

// font selects a role's font, with extra bold, italic or mono from a run.
func (r *renderer) font(st theme.Style, s doc.Style) {
	family := st.Font
	if s&doc.Mono != 0 {
		family = r.th.Styles["code"].Font
	}
	bold, italic := st.Bold || s&doc.Bold != 0, st.Italic || s&doc.Italic != 0
	src := r.th.Face(family, bold, italic)
	name := fontName(src)
	if !r.fonts[name] {
		var pf *fpdf.ParsedUTF8Font
		if p, ok := r.parsing[src]; ok {
			pf = <-p
		} else {
			b, err := r.th.FontBytes(src)
			if err != nil {
				r.f.SetError(err)
				return
			}
			pf = parseFont(b)
		}
		if pf == nil {
			r.f.SetError(fmt.Errorf("theme font %q cannot be read by the PDF library", src))
			return
		}
		r.f.AddParsedUTF8Font(name, "", pf)
		r.fonts[name] = true
	}
	if r.curFont != name || r.curSize != st.Size {
		r.f.SetFont(name, "", st.Size)
		r.curFont, r.curSize = name, st.Size
	}
	c := theme.MustColor(st.Color)
	r.f.SetTextColor(c.R, c.G, c.B)
}

// aheadRoles are the roles every brief sets text in.
var aheadRoles = []string{"masthead", "title", "lead", "body", "h1", "caption", "table", "table-header", "note", "header", "footer", "chart"}

// Fonts are a theme's fonts being parsed ahead of rendering. They serve one
// document: rendering changes them.
type Fonts struct {
	th      *theme.Theme
	parsing map[string]chan *fpdf.ParsedUTF8Font // by font source
}

// Theme returns the theme the fonts are for.
func (f *Fonts) Theme() *theme.Theme { return f.th }

// ParseFonts starts parsing, in goroutines, the fonts of the roles every
// brief uses. Parsing is most of the time of a short brief, each font parses
// on its own, and it can start before the brief is even loaded.
func ParseFonts(th *theme.Theme) *Fonts {
	f := &Fonts{th: th, parsing: map[string]chan *fpdf.ParsedUTF8Font{}}
	for _, role := range aheadRoles {
		st := th.Style(role)
		src := th.Face(st.Font, st.Bold, st.Italic)
		if _, ok := f.parsing[src]; ok {
			continue
		}
		b, err := th.FontBytes(src)
		if err != nil {
			continue // reported when the font is first used
		}
		ch := make(chan *fpdf.ParsedUTF8Font, 1)
		f.parsing[src] = ch
		go func() { ch <- parseFont(b) }()
	}
	return f
}

// parseFont parses a font for the PDF library. A damaged font can make the
// library panic, in a goroutine that nothing else would recover: the
// answer is then nil.
func parseFont(b []byte) (p *fpdf.ParsedUTF8Font) {
	defer func() {
		if recover() != nil {
			p = nil
		}
	}()
	return fpdf.ParseUTF8Font(b)
}

// fontName is the name a font source gets in the PDF: "liberation:sans-bold"
// becomes "LiberationSans-Bold", and a file its base name. A file in a
// subfolder gets a hash of its path too, so that a/House.ttf and
// b/House.ttf are two fonts.
func fontName(src string) string {
	if rest, ok := strings.CutPrefix(src, "liberation:"); ok {
		fam, style, _ := strings.Cut(rest, "-")
		return "Liberation" + title(fam) + "-" + title(style)
	}
	base := path.Base(src)
	name := strings.Map(func(r rune) rune {
		if r <= ' ' || strings.ContainsRune("()<>[]{}/%#", r) {
			return '-'
		}
		return r
	}, strings.TrimSuffix(base, path.Ext(base)))
	if base != src {
		sum := sha256.Sum256([]byte(src))
		name += "-" + hex.EncodeToString(sum[:4])
	}
	return name
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (r *renderer) fill(c theme.RGB) { r.f.SetFillColor(c.R, c.G, c.B) }
func (r *renderer) draw(c theme.RGB) { r.f.SetDrawColor(c.R, c.G, c.B) }

func lineH(st theme.Style) float64 {
	l := st.Leading
	if l == 0 {
		l = 1.2
	}
	return st.Size * l
}

// bottom is the lowest y that text may reach on this page, above the footnotes.
func (r *renderer) bottom() float64 {
	return r.pageH - r.m.Bottom - r.noteH
}

func (r *renderer) newPage() {
	r.unmark()
	if r.f.PageNo() > 0 {
		r.flushNotes()
	}
	r.f.AddPageFormat(r.orient, r.size)
	r.pageW, r.pageH = r.f.GetPageSize()
	r.width = r.pageW - r.m.Left - r.m.Right
	r.curFont = "" // fpdf restores its own font after the header; ours is stale
	r.y = r.m.Top
	r.pageTop = r.y
	if r.inFlow == 0 {
		r.placeFloats()
	}
	r.pageTop = r.y
}

// atTop reports whether nothing has been set on the page since it started
// (floats aside): moving to a new page then would make no progress, so a
// block that does not fit is set here anyway.
func (r *renderer) atTop() bool { return r.y <= r.pageTop+0.5 }

// atTableTop reports whether no row is set yet below the table header.
func (r *renderer) atTableTop() bool { return r.y <= r.tableTop+0.5 }

// landscape runs set on landscape pages, then returns to portrait.
func (r *renderer) landscape(set func()) {
	r.orient = "L"
	r.newPage()
	set()
	r.orient = "P"
	r.newPage()
}

// waitingFloats sets the figures that waited while a list or quote was set,
// here if they fit; the rest keep waiting for the next page.
func (r *renderer) waitingFloats() {
	for len(r.floats) > 0 && r.y+r.figureHeight(r.floats[0]) <= r.bottom() {
		f := r.floats[0]
		r.floats = r.floats[1:]
		r.figure(f)
	}
}

// placeFigure sets a figure here if it fits and no earlier figure is
// waiting; otherwise it floats to the top of the next page, and the text
// that follows fills this one, as in LaTeX.
func (r *renderer) placeFigure(f *doc.Figure) {
	if len(r.floats) == 0 && (r.y+r.figureHeight(f) <= r.bottom() || r.atTop()) {
		r.figure(f)
		return
	}
	r.floats = append(r.floats, f)
}

// placeFloats sets the waiting figures that fit at the top of a new page.
func (r *renderer) placeFloats() {
	if r.placing {
		return
	}
	r.placing = true
	defer func() { r.placing = false }()
	for len(r.floats) > 0 {
		f := r.floats[0]
		if r.y+r.figureHeight(f) > r.bottom() && r.y > r.m.Top+1 {
			return
		}
		r.floats = r.floats[1:]
		r.figure(f)
	}
}

func (r *renderer) document() {
	r.newPage()
	r.masthead()
	r.blocks(r.d.Blocks, 0)
	for len(r.floats) > 0 {
		r.newPage()
	}
	if r.th.Footnotes == "end" && len(r.d.Footnotes) > 0 {
		r.endnotes()
	}
	r.unmark()
	r.flushNotes()
}

func (r *renderer) expand(s string) string {
	m := r.d.Meta
	page := strconv.Itoa(r.f.PageNo())
	rep := strings.NewReplacer("{title}", m.Title, "{series}", r.series(),
		"{number}", m.Number, "{date}", m.DateText, "{page}", page, "{pages}", "{nb}",
		"{page_of_pages}", r.msg.T("page.of", "page", page, "pages", "{nb}"))
	return rep.Replace(s)
}

// pageBox is the size and measure of the page fpdf is on: the header and
// footer run while fpdf changes pages, when the renderer's may differ.
func (r *renderer) pageBox() (w, h, measure float64) {
	w, h = r.f.GetPageSize()
	return w, h, w - r.m.Left - r.m.Right
}

// series is the brief's series, else the theme's masthead text, else the
// catalogue's default.
func (r *renderer) series() string {
	return cmp.Or(r.d.Meta.Series, r.th.Masthead.Text, r.msg.T("series.default"))
}

func (r *renderer) header() {
	r.curFont = "" // fpdf's font state at a page break is not ours
	if r.f.PageNo() < 2 || r.th.Header == "" {
		return
	}
	g := r.th.Geometry
	_, _, width := r.pageBox()
	st := r.th.Style("header")
	r.font(st, 0)
	r.artifact("Pagination", "Header", func() {
		y := r.m.Top - g.HeaderRise
		r.f.SetXY(r.m.Left, y)
		r.f.CellFormat(width, lineH(st), r.expand(r.th.Header), "", 0, "L", false, 0, "")
		r.draw(r.th.Color("rule"))
		r.f.SetLineWidth(g.FurnitureRule)
		r.f.Line(r.m.Left, y+lineH(st)+g.HeaderRuleGap, r.m.Left+width, y+lineH(st)+g.HeaderRuleGap)
	})
}

func (r *renderer) footer() {
	r.curFont = ""
	g := r.th.Geometry
	_, pageH, width := r.pageBox()
	st := r.th.Style("footer")
	r.font(st, 0)
	left, right, _ := strings.Cut(r.expand(r.th.Footer), "|")
	y := pageH - r.m.Bottom + g.FooterDrop
	r.artifact("Pagination", "Footer", func() {
		r.draw(r.th.Color("rule"))
		r.f.SetLineWidth(g.FurnitureRule)
		r.f.Line(r.m.Left, y-g.FooterRuleGap, r.m.Left+width, y-g.FooterRuleGap)
		r.f.SetXY(r.m.Left, y)
		r.f.CellFormat(width/2, lineH(st), left, "", 0, "L", false, 0, "")
		r.f.SetXY(r.m.Left+width/2, y)
		r.f.CellFormat(width/2, lineH(st), right, "", 0, "R", false, 0, "")
	})
}

func (r *renderer) masthead() {
	m := r.d.Meta
	st := r.th.Style("masthead")
	g := r.th.Geometry
	bandH := r.m.Top * g.MastheadBand
	x := r.m.Left
	r.artifact("Layout", "", func() {
		r.fill(r.th.Color("accent"))
		r.f.Rect(0, 0, r.pageW, bandH, "F")
		if logo, typ, err := r.th.Logo(); err != nil {
			r.f.SetError(err)
		} else if logo != nil {
			r.f.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(logo))
			r.f.ImageOptions("logo", x, bandH*(1-g.MastheadLogo)/2, 0, bandH*g.MastheadLogo, false, fpdf.ImageOptions{ImageType: typ}, 0, "")
			x += bandH*g.MastheadLogo + g.MastheadLogoGap
		}
	})
	r.font(st, 0)
	r.begin("P")
	r.mark()
	left := r.series()
	if m.Number != "" {
		left = r.msg.T("masthead.number", "series", left, "number", m.Number)
	}
	ty := (bandH - lineH(st)) / 2
	r.f.SetXY(x, ty)
	r.f.CellFormat(r.width-(x-r.m.Left), lineH(st), left, "", 0, "L", false, 0, "")
	r.end() // the series and the date are read as two paragraphs
	r.begin("P")
	r.mark()
	r.f.SetXY(r.m.Left, ty)
	right := m.DateText
	if m.Edition > 0 {
		right = r.msg.T("masthead.edition", "n", strconv.Itoa(m.Edition), "date", m.DateText)
	}
	r.f.CellFormat(r.width, lineH(st), right, "", 0, "R", false, 0, "")
	r.end()
	r.y = bandH + r.th.Style("title").Before
	r.paragraph("title", []doc.Run{{Text: m.Title}}, 0, 0, false)
	if m.Subtitle != "" {
		r.paragraph("subtitle", []doc.Run{{Text: m.Subtitle}}, 0, 0, false)
	}
	if len(m.Authors) > 0 {
		r.paragraph("byline", []doc.Run{{Text: strings.Join(m.Authors, ", ")}}, 0, 0, false)
	} else {
		r.y += r.th.Style("byline").After
	}
}

func (r *renderer) blocks(bs []doc.Block, indent float64) {
	for i, b := range bs {
		var next doc.Block
		if i+1 < len(bs) {
			next = bs[i+1]
		}
		switch b := b.(type) {
		case *doc.Heading:
			r.heading(b, next)
		case *doc.Paragraph:
			role := b.Role
			if role == "" {
				role = "body"
			}
			r.paragraph(role, b.Runs, indent, 0, true)
		case *doc.Box:
			r.box(b)
		case *doc.Quote:
			q := r.th.Style("quote").Indent
			r.inFlow++
			r.begin("BlockQuote")
			for _, c := range b.Blocks {
				if p, ok := c.(*doc.Paragraph); ok {
					r.paragraph("quote", p.Runs, indent+q, q, true)
				} else {
					r.blocks([]doc.Block{c}, indent+q)
				}
			}
			r.end()
			r.inFlow--
			if r.inFlow == 0 {
				r.waitingFloats()
			}
		case *doc.List:
			r.inFlow++
			r.list(b, indent)
			r.inFlow--
			if r.inFlow == 0 {
				r.waitingFloats()
			}
		case *doc.Rule:
			g := r.th.Geometry
			r.space(g.BreakSpace)
			r.artifact("Layout", "", func() {
				r.draw(r.th.Color("rule"))
				r.f.SetLineWidth(g.BreakRule)
				r.f.Line(r.m.Left+r.width/3, r.y, r.m.Left+2*r.width/3, r.y)
			})
			r.y += g.BreakSpace
		case *doc.TableRef:
			r.table(b.Table)
		case *doc.FigureRef:
			r.placeFigure(b.Figure)
		}
	}
}

// space moves down by h, or to a new page if h does not fit.
func (r *renderer) space(h float64) {
	if r.y+h > r.bottom() && !r.atTop() {
		r.newPage()
		return
	}
	r.y += h
}

func (r *renderer) heading(h *doc.Heading, next doc.Block) {
	role := "h" + strconv.Itoa(min(h.Level, 3))
	st := r.th.Style(role)
	runs := h.Runs
	if r.th.HeadingNumbers && h.Number != "" {
		runs = append([]doc.Run{{Text: h.Number + "  "}}, runs...)
	}
	lines := r.breakLines(st, runs, r.width)
	need := st.Before + float64(len(lines))*lineH(st) + st.After + r.minNext(next) + r.notesHeight(lines)
	if r.y+need > r.bottom() && !r.atTop() {
		r.newPage()
	} else if r.y > r.m.Top+1 {
		r.y += st.Before
	}
	// An outline entry must hang under one a level up: a skipped level (#
	// then ###) takes the level below the last entry's.
	lvl := min(h.Level-1, r.outline)
	r.outline = lvl + 1
	r.f.Bookmark(h.Text, lvl, r.y)
	r.begin("H" + strconv.Itoa(min(lvl+1, 6)))
	for _, ln := range lines {
		r.noteLine(st, ln, r.m.Left, r.width, false)
	}
	r.end()
	r.y += st.After
}

// minNext is the height that must follow a heading on the same page: two
// lines of a paragraph, or a table's caption, header and first row.
func (r *renderer) minNext(b doc.Block) float64 {
	switch b.(type) {
	case *doc.Paragraph:
		return 2 * lineH(r.th.Style("body"))
	case *doc.TableRef:
		st := r.th.Style("caption")
		return st.Before + 2*lineH(st) + st.After + 3*(lineH(r.th.Style("table"))+2*r.th.Table.Padding)
	case *doc.FigureRef:
		return 2 * lineH(r.th.Style("body")) // the figure may float; the text follows
	case *doc.List, *doc.Quote:
		return 2 * lineH(r.th.Style("body"))
	}
	return 0
}

func (r *renderer) box(b *doc.Box) {
	st := r.th.Style(b.Role)
	g := r.th.Geometry
	pad, bar := g.BoxPadding, g.BoxBar
	var all [][]line
	h := 2 * pad
	var notes []doc.Footnote
	for _, c := range b.Blocks {
		if p, ok := c.(*doc.Paragraph); ok {
			ls := r.breakLines(st, p.Runs, r.width-2*pad-bar)
			all = append(all, ls)
			h += float64(len(ls)) * lineH(st)
			for _, ln := range ls {
				notes = append(notes, r.lineNotes(ln)...)
			}
		}
	}
	if r.y+h > r.bottom() && !r.atTop() {
		r.newPage()
	}
	// The box is set whole: its notes must fit on its page with it.
	if len(notes) > 0 && !r.reserveNotes(notes, h) {
		r.newPage()
		r.reserveNotes(notes, h)
	}
	r.artifact("Layout", "", func() {
		r.fill(r.th.Color("lead-fill"))
		r.f.Rect(r.m.Left, r.y, r.width, h, "F")
		r.fill(r.th.Color("accent"))
		r.f.Rect(r.m.Left, r.y, bar, h, "F")
	})
	r.y += pad
	r.begin("Div")
	for _, ls := range all {
		r.begin("P")
		for i, ln := range ls {
			r.drawLine(st, ln, r.m.Left+pad+bar, r.width-2*pad-bar, i < len(ls)-1)
		}
		r.end()
	}
	r.end()
	r.y += pad + g.BoxAfter
}

func (r *renderer) list(l *doc.List, indent float64) {
	st := r.th.Style("list")
	r.begin("L")
	for i, it := range l.Items {
		marker := "•"
		if l.Ordered {
			marker = strconv.Itoa(l.Start+i) + "."
		}
		r.begin("LI")
		body := false
		for j, c := range it {
			p, ok := c.(*doc.Paragraph)
			if ok && j == 0 {
				if r.y+2*lineH(st) > r.bottom() && !r.atTop() {
					r.newPage()
				}
				r.font(st, 0)
				r.begin("Lbl")
				r.mark()
				r.f.SetXY(r.m.Left+indent, r.y)
				r.f.CellFormat(st.Indent, lineH(st), marker, "", 0, "L", false, 0, "")
				r.end()
			}
			if !body {
				r.begin("LBody")
				body = true
			}
			if !ok {
				r.blocks([]doc.Block{c}, indent+st.Indent)
				continue
			}
			r.paragraph("list", p.Runs, indent+st.Indent, 0, true)
		}
		if body {
			r.end()
		}
		r.end()
	}
	r.end()
	if indent == 0 {
		r.y += r.th.Style("body").After // a nested list ends inside its item
	}
}

// paragraph sets runs in role's style, justified if justify is set, with no
// widow or orphan lines.
func (r *renderer) paragraph(role string, runs []doc.Run, indentL, indentR float64, justify bool) {
	st := r.th.Style(role)
	w := r.width - indentL - indentR
	lines := r.breakLines(st, runs, w)
	lh := lineH(st)
	if r.y > r.m.Top+1 {
		r.y += st.Before
	}
	r.begin("P")
	defer r.end()
	for i := 0; i < len(lines); {
		left := len(lines) - i
		fit := int((r.bottom() - r.y + 0.01) / lh)
		switch {
		case fit >= left:
			fit = left
		case r.atTop():
			// Nothing is set on this page yet: a new page would hold no
			// more, so set what fits, at least a line, widows and all.
			fit = max(fit, 1)
		case fit < 2:
			// An orphan: start the paragraph (or its rest) on the next page.
			r.newPage()
			continue
		case left-fit == 1 && fit > 2:
			fit-- // leave two lines for the next page, not a widow
		case left-fit == 1:
			r.newPage()
			continue
		}
		for k := 0; k < fit; k++ {
			ln := lines[i+k]
			if k > 0 && r.y+lh > r.bottom()+0.01 {
				fit = k // notes reserved by an earlier line took the room
				break
			}
			if notes := r.lineNotes(ln); len(notes) > 0 && !r.reserveNotes(notes, lh) {
				fit = k
				break
			}
			last := i+k == len(lines)-1 || ln.hard
			r.drawLine(st, ln, r.m.Left+indentL, w, justify && !last)
		}
		i += fit
		if i < len(lines) {
			r.newPage()
		}
	}
	r.y += st.After
}
