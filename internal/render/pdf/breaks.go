package pdf

import (
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// plainWord reports whether s is ASCII with no line-break opportunity inside
// it under UAX #14: letters, digits and punctuation that never allows a
// break (full stops, commas, colons, brackets, quotes). Such text, most of a
// table's cells, skips the segmenter.
func plainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte(".,:;'\"()[]", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// plainText reports whether s is plain words (see plainWord) separated by
// spaces, not starting with one.
func plainText(s string) bool {
	if s == "" || s[0] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == ' ':
		case strings.IndexByte(".,:;'\"()[]", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// segments cuts s at its line-break opportunities (UAX #14). Each segment
// keeps the spaces that follow it; hard marks a mandatory break after it.
func segments(s string) (segs []string, hard []bool) {
	if plainWord(s) {
		return []string{s}, []bool{false}
	}
	if plainText(s) {
		// Plain words and single spaces: UAX #14 breaks after each space.
		for len(s) > 0 {
			i := strings.IndexByte(s, ' ')
			for i >= 0 && i+1 < len(s) && s[i+1] == ' ' {
				i++
			}
			if i < 0 {
				segs, hard = append(segs, s), append(hard, false)
				break
			}
			segs, hard = append(segs, s[:i+1]), append(hard, false)
			s = s[i+1:]
		}
		return segs, hard
	}
	state := -1
	for len(s) > 0 {
		var seg string
		var must bool
		seg, s, must, state = uniseg.FirstLineSegmentInString(s, state)
		segs = append(segs, seg)
		hard = append(hard, must && len(s) > 0)
	}
	return segs, hard
}

// trimSpace splits a segment into its text and its trailing spaces.
func trimSpace(seg string) (text string, spaces int) {
	text = strings.TrimRight(seg, " \t\r\n")
	return text, len(seg) - len(text)
}

// fallbackBreak lists the characters after which an over-long word may
// break when UAX #14 offers no point that fits.
const fallbackBreak = "/-_.?&=,;:"

// breakWord cuts s, one unbreakable stretch of text, into pieces no wider
// than w in the current font: after a line-break opportunity of UAX #14 or
// one of fallbackBreak that fits, and as a last resort between characters.
// Every piece holds at least one character, so the result always makes
// progress, however narrow w is.
func (r *renderer) breakWord(s string, w float64) []string {
	type pos struct {
		at      int     // byte offset of the rune's end
		x       float64 // width up to at
		allowed bool    // a break after the rune is allowed
	}
	var ps []pos
	allowed := map[int]bool{}
	if segs, _ := segments(s); len(segs) > 1 {
		n := 0
		for _, seg := range segs[:len(segs)-1] {
			n += len(seg)
			allowed[n] = true
		}
	}
	x := 0.0
	for i, c := range s {
		end := i + utf8.RuneLen(c)
		x += r.f.GetStringWidth(s[i:end])
		ok := allowed[end] || (strings.ContainsRune(fallbackBreak, c) && end < len(s))
		ps = append(ps, pos{at: end, x: x, allowed: ok})
	}
	var out []string
	start, x0 := 0, 0.0
	for k := 0; k < len(ps); {
		// The furthest allowed point that fits, else the furthest character.
		best, bestChar := -1, -1
		for j := k; j < len(ps) && ps[j].x-x0 <= w+0.01; j++ {
			bestChar = j
			if ps[j].allowed || j == len(ps)-1 {
				best = j
			}
		}
		if best < 0 {
			best = max(bestChar, k)
		}
		out = append(out, s[start:ps[best].at])
		start, x0 = ps[best].at, ps[best].x
		k = best + 1
	}
	return out
}

// wrapText breaks text into lines no wider than w in the current font, at
// UAX #14 opportunities; a piece wider than w is cut by breakWord. Nothing
// is ever wider than w unless one character is.
func (r *renderer) wrapText(text string, w float64) []string {
	segs, hard := segments(text)
	space := r.f.GetStringWidth(" ")
	var out []string
	var cur strings.Builder
	curW, pend := 0.0, 0 // width of cur; spaces pending after it
	flush := func() {
		out = append(out, cur.String())
		cur.Reset()
		curW, pend = 0, 0
	}
	for i, seg := range segs {
		t, sp := trimSpace(seg)
		tw := r.f.GetStringWidth(t)
		if cur.Len() > 0 && curW+float64(pend)*space+tw > w+0.01 {
			flush()
		}
		if tw > w+0.01 {
			parts := r.breakWord(t, w)
			for _, p := range parts[:len(parts)-1] {
				cur.WriteString(p)
				flush()
			}
			t = parts[len(parts)-1]
			tw = r.f.GetStringWidth(t)
		}
		if cur.Len() > 0 {
			cur.WriteString(strings.Repeat(" ", pend))
			curW += float64(pend) * space
		}
		cur.WriteString(t)
		curW += tw
		pend = sp
		if hard[i] {
			flush()
		}
	}
	if cur.Len() > 0 || len(out) == 0 {
		flush()
	}
	return out
}

// minMax measures text for the automatic table layout: its width with no
// wrapping, and the width of its widest unbreakable piece, at most cap
// (wider pieces may be cut by breakWord). It measures each piece once.
func (r *renderer) minMax(text string, wrap bool, cap float64) (minW, maxW float64) {
	if !wrap || plainWord(text) {
		w := r.f.GetStringWidth(text)
		if !wrap {
			return w, w
		}
		return min(w, cap), w
	}
	space := r.f.GetStringWidth(" ")
	if plainText(text) {
		// Most cells: words and spaces, each measured once, no slices.
		for rest := text; rest != ""; {
			w := rest
			i := strings.IndexByte(rest, ' ')
			if i >= 0 {
				w, rest = rest[:i], rest[i+1:]
				maxW += space
			} else {
				rest = ""
			}
			tw := r.f.GetStringWidth(w)
			minW = max(minW, min(tw, cap))
			maxW += tw
		}
		return minW, maxW
	}
	segs, hard := segments(text)
	line := 0.0
	for i, seg := range segs {
		t, sp := trimSpace(seg)
		tw := r.f.GetStringWidth(t)
		minW = max(minW, min(tw, cap))
		line += tw
		maxW = max(maxW, line)
		line += float64(sp) * space
		if hard[i] {
			line = 0
		}
	}
	return minW, maxW
}
