package testkit

import (
	"encoding/xml"
	"fmt"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/un-briefs/report/internal/doc"
)

// Word is a word as poppler reads it back, with its box in points.
type Word struct {
	Text           string
	X0, Y0, X1, Y1 float64
	Line           int // index of its line on the page
}

// Page is a page read back by pdftotext -bbox-layout.
type Page struct {
	W, H  float64
	Words []Word
	Lines []string // each line's words joined by spaces
}

// ReadPages reads a PDF's words and lines with pdftotext -bbox-layout.
func ReadPages(t testing.TB, file string) []Page {
	t.Helper()
	out, err := exec.Command(Need(t, "pdftotext"), "-bbox-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox-layout: %v", err)
	}
	var x struct {
		Pages []struct {
			W     float64 `xml:"width,attr"`
			H     float64 `xml:"height,attr"`
			Lines []struct {
				Words []struct {
					X0   float64 `xml:"xMin,attr"`
					Y0   float64 `xml:"yMin,attr"`
					X1   float64 `xml:"xMax,attr"`
					Y1   float64 `xml:"yMax,attr"`
					Text string  `xml:",chardata"`
				} `xml:"word"`
			} `xml:"flow>block>line"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &x); err != nil {
		t.Fatalf("pdftotext -bbox-layout output: %v", err)
	}
	var pages []Page
	for _, p := range x.Pages {
		pg := Page{W: p.W, H: p.H}
		for li, l := range p.Lines {
			var ws []string
			for _, w := range l.Words {
				pg.Words = append(pg.Words, Word{Text: w.Text, X0: w.X0, Y0: w.Y0, X1: w.X1, Y1: w.Y1, Line: li})
				ws = append(ws, w.Text)
			}
			pg.Lines = append(pg.Lines, strings.Join(ws, " "))
		}
		pages = append(pages, pg)
	}
	return pages
}

// Frame is where text may sit on a page: the text block, given by the
// margins, plus bands above and below it for the running header and
// footer. On page 1 the masthead may use the top margin.
type Frame struct {
	Left, Right, Top, Bottom float64 // margins
	Bands                    [][2]float64
	// Figures are the charts' boxes by page (from 1): their labels may be
	// rotated, which poppler reads back as overlapping boxes, so they are
	// left out of the overlap check.
	Figures map[int][][4]float64
}

// Problems lists the invariants a PDF breaks, read back with poppler,
// against the document it was made from:
//   - no word outside the text block (or the header and footer bands);
//   - no two words overlapping;
//   - each footnote's text on the page of its first reference, or among
//     the endnotes;
//   - every placed table's cells, in row order;
//   - no formatted number split across lines;
//   - no literal Markdown.
func Problems(t testing.TB, file string, d *doc.Document, f Frame, endnotes bool) []string {
	t.Helper()
	pages := ReadPages(t, file)
	var probs []string
	add := func(format string, a ...any) {
		if len(probs) < 40 {
			probs = append(probs, fmt.Sprintf(format, a...))
		}
	}
	const tol = 0.6
	for pi, p := range pages {
		for _, w := range p.Words {
			// A chart's turned labels read back as the boxes of their turned
			// em squares, wider than the ink: allow them a little more.
			xtol := tol
			for _, b := range f.Figures[pi+1] {
				if w.Y1 >= b[1] && w.Y0 <= b[1]+b[3] {
					xtol = 3
				}
			}
			if w.X0 < f.Left-xtol || w.X1 > p.W-f.Right+xtol {
				add("page %d: %q at x %.1f–%.1f is outside the text block (%.1f–%.1f)", pi+1, w.Text, w.X0, w.X1, f.Left, p.W-f.Right)
				continue
			}
			in := w.Y1 <= p.H-f.Bottom+tol && (w.Y0 >= f.Top-tol || pi == 0)
			for _, b := range f.Bands {
				y0, y1 := b[0], b[1]
				if y0 < 0 {
					y0, y1 = p.H+y0, p.H+y1
				}
				in = in || (w.Y0 >= y0-tol && w.Y1 <= y1+tol)
			}
			if !in {
				add("page %d: %q at y %.1f–%.1f is outside the text block", pi+1, w.Text, w.Y0, w.Y1)
			}
		}
		var ws []Word
		for _, w := range p.Words {
			inFig := false
			for _, b := range f.Figures[pi+1] {
				inFig = inFig || (w.X0 >= b[0]-tol && w.X1 <= b[0]+b[2]+tol && w.Y0 >= b[1]-tol && w.Y1 <= b[1]+b[3]+tol)
			}
			if !inFig {
				ws = append(ws, w)
			}
		}
		sort.Slice(ws, func(i, j int) bool { return ws[i].Y0 < ws[j].Y0 })
		for i := range ws {
			for j := i + 1; j < len(ws) && ws[j].Y0 < ws[i].Y1-tol; j++ {
				a, b := ws[i], ws[j]
				if min(a.X1, b.X1)-max(a.X0, b.X0) > tol && min(a.Y1, b.Y1)-max(a.Y0, b.Y0) > tol {
					add("page %d: %q %v and %q %v overlap", pi+1, a.Text, [4]float64{a.X0, a.Y0, a.X1, a.Y1}, b.Text, [4]float64{b.X0, b.Y0, b.X1, b.Y1})
				}
			}
		}
	}
	probs = append(probs, footnoteProblems(pages, d, endnotes)...)
	raw, err := exec.Command(Need(t, "pdftotext"), "-raw", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -raw: %v", err)
	}
	text := string(raw)
	for _, s := range []string{"[^", "**", "{{", "}}", "__"} {
		if strings.Contains(text, s) {
			add("literal Markdown %q in the text", s)
		}
	}
	squeezed := squeeze(text)
	lines := map[string]bool{}
	for _, p := range pages {
		for _, l := range p.Lines {
			lines[l] = true
		}
	}
	for _, tb := range d.Tables {
		if !tb.InBody {
			continue
		}
		at := 0
		for ri, row := range tb.Rows {
			for ci, c := range row {
				if tb.Columns[ci].Hidden || strings.TrimSpace(c.Text) == "" {
					continue
				}
				s := squeeze(c.Text)
				k := strings.Index(squeezed[at:], s)
				if k < 0 {
					add("table %s row %d: cell %q missing or out of order", tb.ID, ri+1, c.Text)
					continue
				}
				at += k + len(s)
				if k := tb.Columns[ci].Kind; (k == doc.Integer || k == doc.Number) && !onOneLine(lines, c.Text) {
					add("table %s row %d: number %q split across lines", tb.ID, ri+1, c.Text)
				}
			}
		}
	}
	return probs
}

// squeeze drops white space, so that text wrapped or cut across lines
// compares equal to the text it came from.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
}

func onOneLine(lines map[string]bool, s string) bool {
	want := strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' }), " ")
	for l := range lines {
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(l, "\u00a0", " "), "\u202f", " "), want) {
			return true
		}
	}
	return false
}

// footnoteProblems checks that each footnote is printed on the page of its
// first marker. A marker is a number set smaller and higher than the word
// before it; a footnote is a line that starts with its number and the first
// word of its text.
func footnoteProblems(pages []Page, d *doc.Document, endnotes bool) []string {
	var probs []string
	markerPage := map[int]int{}
	for pi, p := range pages {
		for _, w := range p.Words {
			num, rest := leadingNumber(w.Text)
			if num == 0 || rest != "" {
				continue
			}
			// The word it follows: just left of it, taller, lower.
			for _, prev := range p.Words {
				h, ph := w.Y1-w.Y0, prev.Y1-prev.Y0
				if prev.X1 <= w.X0+0.5 && w.X0-prev.X1 < 3 && h < 0.8*ph && w.Y1 < prev.Y1-0.2*ph && w.Y1 > prev.Y0 {
					if _, ok := markerPage[num]; !ok {
						markerPage[num] = pi + 1
					}
					break
				}
			}
		}
	}
	known := map[int]bool{}
	for _, n := range d.Footnotes {
		known[n.Number] = true
	}
	for n, p := range markerPage {
		if !known[n] {
			probs = append(probs, fmt.Sprintf("page %d: marker %d has no footnote", p, n))
		}
	}
	sort.Strings(probs)
	for _, n := range d.Footnotes {
		var text strings.Builder
		for _, r := range n.Runs {
			text.WriteString(r.Text)
		}
		// The number and the note's first words start a line (three words:
		// one could start a table row by chance).
		f := strings.Fields(strings.ReplaceAll(text.String(), "\u00a0", " "))
		first := strings.Join(f[:min(3, len(f))], " ")
		np := 0
		for pi, p := range pages {
			for _, l := range p.Lines {
				l = strings.ReplaceAll(l, "\u00a0", " ")
				if strings.HasPrefix(l, strconv.Itoa(n.Number)+" "+first) {
					np = pi + 1
					break
				}
			}
			if np > 0 {
				break
			}
		}
		mp, ok := markerPage[n.Number]
		switch {
		case !ok:
			probs = append(probs, fmt.Sprintf("footnote %d: no marker found", n.Number))
		case np == 0:
			probs = append(probs, fmt.Sprintf("footnote %d: its text (%q…) is not printed", n.Number, first))
		case !endnotes && np != mp:
			probs = append(probs, fmt.Sprintf("footnote %d: marker on page %d, text on page %d", n.Number, mp, np))
		case endnotes && np < mp:
			probs = append(probs, fmt.Sprintf("footnote %d: endnote on page %d before its marker on page %d", n.Number, np, mp))
		}
	}
	return probs
}

// leadingNumber splits a word into its leading decimal number and the rest.
func leadingNumber(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 4 {
		return 0, s
	}
	n, _ := strconv.Atoi(s[:i])
	return n, s[i:]
}
