package pdf

import (
	"strconv"
	"strings"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/theme"
)

// piece is a measured stretch of one word in one style.
type piece struct {
	text     string
	style    doc.Style
	link     string
	footnote int
	w        float64
}

// word is a unit of line breaking: pieces with no space between them.
type word struct {
	pieces []piece
	w      float64
	space  float64 // width of the space before it
	joined bool    // a piece of a broken word: no space before it, none to stretch
}

// line is a broken line of words. hard marks a forced break after it.
type line struct {
	words []word
	w     float64 // natural width, spaces included
	hard  bool
	soft  bool // ended by wrapping between two words: a space is lost at its end
}

// breakLines splits runs into words and breaks them greedily into lines of
// at most width w.
func (r *renderer) breakLines(st theme.Style, runs []doc.Run, w float64) []line {
	var words []word
	var cur word
	pendingSpace := 0.0
	hardAfter := map[int]bool{}
	flush := func() {
		if len(cur.pieces) > 0 {
			cur.space = pendingSpace
			words = append(words, cur)
			pendingSpace = 0
		}
		cur = word{}
	}
	for _, run := range runs {
		if run.Footnote > 0 {
			r.font(theme.Style{Font: st.Font, Size: st.Size * r.th.Geometry.MarkerScale, Bold: st.Bold, Italic: st.Italic, Color: st.Color}, 0)
			p := piece{text: run.Text, footnote: run.Footnote, style: run.Style, w: r.f.GetStringWidth(run.Text)}
			cur.pieces = append(cur.pieces, p)
			cur.w += p.w
			continue
		}
		r.font(st, run.Style)
		space := r.f.GetStringWidth(" ")
		text := run.Text
		for len(text) > 0 {
			i := strings.IndexAny(text, " \n\t")
			var part string
			if i < 0 {
				part, text = text, ""
			} else {
				part = text[:i]
			}
			if part != "" {
				p := piece{text: part, style: run.Style, link: run.Link, w: r.f.GetStringWidth(part)}
				cur.pieces = append(cur.pieces, p)
				cur.w += p.w
			}
			if i < 0 {
				break
			}
			sep := text[i]
			text = text[i+1:]
			flush()
			if sep == '\n' {
				hardAfter[len(words)-1] = true
				pendingSpace = 0
			} else if len(words) > 0 {
				pendingSpace = space
			}
		}
	}
	flush()
	words, hardAfter = r.breakWide(st, words, hardAfter, w)
	var lines []line
	var ln line
	for i, wd := range words {
		sp := wd.space
		if len(ln.words) == 0 {
			sp = 0
		}
		if len(ln.words) > 0 && ln.w+sp+wd.w > w+0.01 {
			ln.soft = !wd.joined
			lines = append(lines, ln)
			ln = line{}
			sp = 0
		}
		wd.space = sp
		ln.words = append(ln.words, wd)
		ln.w += sp + wd.w
		if hardAfter[i] {
			ln.hard = true
			lines = append(lines, ln)
			ln = line{}
		}
	}
	if len(ln.words) > 0 {
		lines = append(lines, ln)
	}
	return lines
}

// drawLine sets one line at x on the current y and moves y down. A
// justified line spreads its extra width over the spaces between words.
func (r *renderer) drawLine(st theme.Style, ln line, x, w float64, justify bool) {
	lh := lineH(st)
	gaps, spaces := 0, 0.0
	for _, wd := range ln.words[min(1, len(ln.words)):] {
		if !wd.joined {
			gaps++
			spaces += wd.space
		}
	}
	extra := 0.0
	if justify && gaps > 0 && ln.w < w {
		extra = (w - ln.w) / float64(gaps)
		// A line stretched beyond the theme's limit is set ragged.
		if m := r.th.Justify.MaxSpace; m > 0 && spaces > 0 && extra+spaces/float64(gaps) > m*spaces/float64(gaps) {
			extra = 0
		}
	}
	// Group words of one plain style into a single justified cell, which keeps
	// the PDF small and its text in reading order.
	for i := 0; i < len(ln.words); {
		wd := ln.words[i]
		if i > 0 && !wd.joined {
			x += wd.space + extra
		}
		if len(wd.pieces) == 1 && wd.pieces[0].footnote == 0 {
			p := wd.pieces[0]
			text := p.text
			width := p.w
			n := 1
			for j := i + 1; j < len(ln.words); j++ {
				nw := ln.words[j]
				if len(nw.pieces) != 1 || nw.pieces[0].footnote != 0 || nw.pieces[0].style != p.style || nw.pieces[0].link != p.link || nw.joined {
					break
				}
				text += " " + nw.pieces[0].text
				width += nw.space + extra + nw.pieces[0].w
				n++
			}
			align := "L"
			if n > 1 && extra > 0.001 {
				align = "J"
			}
			r.font(st, p.style)
			r.piece(st, text, p.link, x, width, lh, align)
			x += width
			i += n
			continue
		}
		for _, p := range wd.pieces {
			if p.footnote > 0 {
				r.marker(st, p, x, lh)
			} else {
				r.font(st, p.style)
				r.piece(st, p.text, p.link, x, p.w, lh, "L")
			}
			x += p.w
		}
		i++
	}
	if ln.soft && r.tg.on {
		r.lineEndSpace(x, lh)
	}
	r.y += lh
}

func (r *renderer) piece(st theme.Style, text, link string, x, w, h float64, align string) {
	if link != "" {
		c := r.th.Color("link")
		r.f.SetTextColor(c.R, c.G, c.B)
	}
	r.f.SetXY(x, r.y)
	if link == "" {
		r.mark()
		r.f.CellFormat(w, h, text, "", 0, align, false, 0, link)
		return
	}
	e := r.begin("Link")
	r.mark()
	r.f.CellFormat(w, h, text, "", 0, align, false, 0, link)
	r.tagLink(e, link)
	r.end()
}

// marker draws a raised footnote number that links to its footnote.
func (r *renderer) marker(st theme.Style, p piece, x, lh float64) {
	g := r.th.Geometry
	small := theme.Style{Font: st.Font, Size: st.Size * g.MarkerScale, Bold: st.Bold, Italic: st.Italic, Color: r.th.Colors["link"]}
	r.font(small, 0)
	r.f.SetXY(x, r.y-st.Size*g.MarkerRise)
	e := r.begin("Link")
	r.mark()
	r.f.CellFormat(p.w, lh, p.text, "", 0, "L", false, r.link(p.footnote), "")
	r.tagLink(e, r.msg.T("alt.note", "n", p.text))
	r.end()
	if _, ok := r.notesByN[p.footnote]; ok {
		r.noteElem(p.footnote)
	}
}

// lineNotes lists the footnotes first referenced on a line.
func (r *renderer) lineNotes(ln line) []doc.Footnote {
	if r.th.Footnotes != "page" {
		return nil
	}
	var out []doc.Footnote
	for _, wd := range ln.words {
		for _, p := range wd.pieces {
			if p.footnote > 0 && !r.placed[p.footnote] {
				if n, ok := r.notesByN[p.footnote]; ok {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// reserveNotes makes room at the foot of the page for notes referenced by a
// line of height lh. It fails if they and the line do not fit, unless the
// page has nothing else on it.
func (r *renderer) reserveNotes(notes []doc.Footnote, lh float64) bool {
	h := 0.0
	if len(r.pageNotes) == 0 {
		h += r.th.Geometry.NoteGap
	}
	for _, n := range notes {
		h += r.noteHeight(n)
	}
	if r.y+lh > r.pageH-r.m.Bottom-r.noteH-h && !r.atTop() {
		return false
	}
	r.takeNotes(notes)
	return true
}

// takeNotes puts notes at the foot of this page, whether they fit or not.
func (r *renderer) takeNotes(notes []doc.Footnote) {
	if len(r.pageNotes) == 0 {
		r.noteH += r.th.Geometry.NoteGap
	}
	for _, n := range notes {
		r.noteH += r.noteHeight(n)
		r.placed[n.Number] = true
		r.pageNotes = append(r.pageNotes, n)
	}
}

func (r *renderer) noteRuns(n doc.Footnote) []doc.Run {
	return append([]doc.Run{{Text: strconv.Itoa(n.Number) + "\u00a0"}}, n.Runs...)
}

func (r *renderer) noteHeight(n doc.Footnote) float64 {
	st := r.th.Style("footnote")
	return float64(len(r.breakLines(st, r.noteRuns(n), r.width))) * lineH(st)
}

// flushNotes sets the current page's footnotes at its foot.
func (r *renderer) flushNotes() {
	if len(r.pageNotes) == 0 {
		return
	}
	st := r.th.Style("footnote")
	g := r.th.Geometry
	y := r.pageH - r.m.Bottom - r.noteH + g.NoteGap
	r.artifact("Layout", "", func() {
		r.draw(r.th.Color("rule"))
		r.f.SetLineWidth(g.NoteRule)
		r.f.Line(r.m.Left, y-g.NoteRuleRise, r.m.Left+r.width*g.NoteRuleLength, y-g.NoteRuleRise)
	})
	saved := r.y
	r.y = y
	for _, n := range r.pageNotes {
		r.f.SetLink(r.link(n.Number), r.y, -1)
		lines := r.breakLines(st, r.noteRuns(n), r.width)
		r.enter(r.noteElem(n.Number))
		for i, ln := range lines {
			r.drawLine(st, ln, r.m.Left, r.width, i < len(lines)-1)
		}
		r.end()
	}
	r.y = saved
	r.pageNotes = nil
	r.noteH = 0
}

func (r *renderer) link(n int) int {
	l, ok := r.noteLinks[n]
	if !ok {
		l = r.f.AddLink()
		r.noteLinks[n] = l
	}
	return l
}

// endnotes sets every footnote at the end of the document.
func (r *renderer) endnotes() {
	title := r.msg.T("notes.heading")
	r.heading(&doc.Heading{Level: 1, Text: title, Runs: []doc.Run{{Text: title}}}, nil)
	st := r.th.Style("footnote")
	for _, n := range r.d.Footnotes {
		lines := r.breakLines(st, r.noteRuns(n), r.width)
		if r.y+float64(len(lines))*lineH(st) > r.bottom() {
			r.newPage()
		}
		r.f.SetLink(r.link(n.Number), r.y, -1)
		r.enter(r.noteElem(n.Number))
		for i, ln := range lines {
			r.drawLine(st, ln, r.m.Left, r.width, i < len(lines)-1)
		}
		r.end()
		r.y += r.th.Geometry.EndnoteSpace
	}
}

// notesHeight is the height the footnotes first referenced on lines will
// take at the foot of the page.
func (r *renderer) notesHeight(lines []line) float64 {
	h := 0.0
	for _, ln := range lines {
		for _, n := range r.lineNotes(ln) {
			h += r.noteHeight(n)
		}
	}
	if h > 0 && len(r.pageNotes) == 0 {
		h += r.th.Geometry.NoteGap
	}
	return h
}

// noteLine draws a line of a block that is set whole (a heading, a
// caption), first reserving room for its footnotes, on a new page if they
// do not fit on this one.
func (r *renderer) noteLine(st theme.Style, ln line, x, w float64, justify bool) {
	if notes := r.lineNotes(ln); len(notes) > 0 && !r.reserveNotes(notes, lineH(st)) {
		r.newPage()
		r.reserveNotes(notes, lineH(st))
	}
	r.drawLine(st, ln, x, w, justify)
}

// captionRuns are a table's caption as runs, with its footnote markers.
func (r *renderer) captionRuns(t *doc.Table, caption string) []doc.Run {
	if t.CaptionRuns == nil {
		return []doc.Run{{Text: caption}}
	}
	return append([]doc.Run{{Text: t.Label + ". "}}, t.CaptionRuns...)
}

// breakWide cuts every word wider than the measure w into pieces that
// fit, at UAX #14 opportunities, then after / - _ . ?, then between
// characters, so that no word runs past the measure.
func (r *renderer) breakWide(st theme.Style, words []word, hardAfter map[int]bool, w float64) ([]word, map[int]bool) {
	wide := false
	for _, wd := range words {
		wide = wide || wd.w > w+0.01
	}
	if !wide {
		return words, hardAfter
	}
	var out []word
	hard := map[int]bool{}
	for i, wd := range words {
		if wd.w <= w+0.01 {
			out = append(out, wd)
			if hardAfter[i] {
				hard[len(out)-1] = true
			}
			continue
		}
		// Footnote markers stay with the text before them: the text is
		// cut short enough to leave them room.
		marks := 0.0
		for _, p := range wd.pieces {
			if p.footnote > 0 {
				marks += p.w
			}
		}
		first := true
		for _, p := range wd.pieces {
			if p.footnote > 0 && !first {
				last := &out[len(out)-1]
				last.pieces = append(last.pieces, p)
				last.w += p.w
				continue
			}
			parts := []piece{p}
			if p.footnote == 0 {
				r.font(st, p.style)
				parts = parts[:0]
				for _, s := range r.breakWord(p.text, max(w-marks, w/2)) {
					parts = append(parts, piece{text: s, style: p.style, link: p.link, w: r.f.GetStringWidth(s)})
				}
			}
			for _, q := range parts {
				nw := word{pieces: []piece{q}, w: q.w, joined: !first}
				if first {
					nw.space = wd.space
				}
				first = false
				out = append(out, nw)
			}
		}
		if hardAfter[i] {
			hard[len(out)-1] = true
		}
	}
	return out, hard
}
