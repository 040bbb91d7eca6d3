package data

import (
	"bytes"
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

// caretWindow is how many characters of a long line the caret display shows.
const caretWindow = 100

// Caret shows line pos.Line of src with a caret under column pos.Col, in the
// style of rustc and Typst:
//
//	  |
//	2 | title: Russia: a view
//	  |              ^
//
// Tabs show as four spaces and wide characters take two columns, so that the
// caret stays under its character; a long line is cut around the column. It
// returns "" when pos has no line or src has no such line; without a column
// it shows the line without a caret.
func Caret(pos Pos, src []byte) string {
	if pos.Line <= 0 {
		return ""
	}
	line, ok := nthLine(src, pos.Line)
	if !ok {
		return ""
	}
	rs := []rune(strings.TrimRight(string(bytes.ToValidUTF8(line, []byte("\uFFFD"))), "\r"))
	col := pos.Col - 1 // index of the caret's character
	start, end := 0, len(rs)
	if len(rs) > caretWindow {
		start = max(0, min(col-caretWindow/2, len(rs)-caretWindow))
		end = min(len(rs), start+caretWindow)
	}
	var text, pad strings.Builder
	if start > 0 {
		text.WriteString("…")
		pad.WriteString(" ")
	}
	for i := start; i < end; i++ {
		r := rs[i]
		w := 1
		switch {
		case r == '\t':
			r, w = ' ', 4
		case r < ' ' || r == 0x7f:
			r = '\uFFFD'
		default:
			if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
				w = 2
			}
		}
		if rs[i] == '\t' {
			text.WriteString("    ")
		} else {
			text.WriteRune(r)
		}
		if i < col {
			pad.WriteString(strings.Repeat(" ", w))
		}
	}
	if end < len(rs) {
		text.WriteString("…")
	}
	num := strconv.Itoa(pos.Line)
	gutter := strings.Repeat(" ", len(num))
	var b strings.Builder
	b.WriteString(gutter + " |\n")
	b.WriteString(num + " | " + text.String() + "\n")
	if pos.Col > 0 && col <= len(rs) {
		b.WriteString(gutter + " | " + pad.String() + "^\n")
	}
	return b.String()
}

// nthLine returns line n (from 1) of src without its newline.
func nthLine(src []byte, n int) ([]byte, bool) {
	for i := 1; i < n; i++ {
		nl := bytes.IndexByte(src, '\n')
		if nl < 0 {
			return nil, false
		}
		src = src[nl+1:]
	}
	if nl := bytes.IndexByte(src, '\n'); nl >= 0 {
		src = src[:nl]
	} else if len(src) == 0 {
		return nil, false
	}
	return src, true
}

// FormatText formats errors for a terminal: each error's line as Error gives
// it, followed by the caret display of its source line (see Caret). read
// returns the bytes of a file by the name that positions show (Pos.File); it
// is called once a file, and a file it cannot read gets no caret display.
// Machine-read formats, such as GitHub annotations, should stay one line an
// error and not use this.
func FormatText(errs []*Error, read func(file string) ([]byte, error)) string {
	cache := map[string][]byte{}
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error())
		b.WriteByte('\n')
		if e.Pos.File == "" || e.Pos.Line == 0 {
			continue
		}
		src, ok := cache[e.Pos.File]
		if !ok {
			var err error
			if src, err = read(e.Pos.File); err != nil {
				src = nil
			}
			cache[e.Pos.File] = src
		}
		b.WriteString(Caret(e.Pos, src))
	}
	return b.String()
}
