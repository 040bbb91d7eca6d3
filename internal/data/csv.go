package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// readTable reads and types the CSV file of a declared table.
func (l *loader) readTable(d *tableDecl) {
	t := d.t
	if t.File == "" || len(t.Columns) == 0 {
		return
	}
	src, ok := l.read(t.File, d.filePos, "tables."+t.ID+".file", MaxCSVBytes)
	if !ok {
		return
	}
	if !l.dataBytes(d, int64(len(src))) {
		return
	}
	maxRows, budget := l.csvBudget(t)
	errs := parseCSV(t, l.name(t.File), src, maxRows)
	l.spend(t, errs, budget)
	if len(errs) > 0 {
		// Values that did not parse would mislead the checks of the charts
		// drawn from the table (a wrong "every value is 0", say).
		t.Rows = nil
	}
	l.errs = append(l.errs, errs...)
}

// ParseCSV reads src as the CSV data of table t, whose columns are already
// declared, and fills t.Rows. The first record must be the header naming the
// declared columns in order. It returns every error found.
func ParseCSV(t *Table, file string, src []byte) ErrorList {
	return parseCSV(t, file, src, MaxRows)
}

// maxErrors is how many errors one CSV file may report before reading stops.
const maxErrors = 50

func parseCSV(t *Table, file string, src []byte, maxRows int) ErrorList {
	var errs ErrorList
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	cols := &runeCols{src: src, line: 1}
	fieldPos := func(i int) Pos {
		line, col := r.FieldPos(i)
		return cols.pos(file, line, col, true)
	}
	csvErr := func(err error) {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			errs.Add(cols.pos(file, pe.Line, pe.Column, false), "", "CSV: %s%s", pe.Err, quoteHint(pe.Err))
			return
		}
		errs.Add(Pos{File: file}, "", "CSV: %v", err)
	}
	header, err := r.Read()
	if err != nil {
		csvErr(err)
		return errs
	}
	if len(header) == 1 && len(t.Columns) > 1 {
		for _, sep := range []string{";", "\t", "|"} {
			if strings.Contains(header[0], sep) {
				name := map[string]string{";": "';'", "\t": "tabs", "|": "'|'"}[sep]
				errs.Add(fieldPos(0), "header", "this file uses %s as separator; a CSV file separates fields with commas", name)
				return errs
			}
		}
	}
	for i, c := range t.Columns {
		pos := fieldPos(min(i, len(header)-1))
		switch {
		case i >= len(header):
			errs.Add(pos, "header", "missing column %q (declared as column %d)", c.Name, i+1)
		case strings.TrimSpace(header[i]) != c.Name:
			errs.Add(pos, "header", "column %d is %q; the declaration says %q%s", i+1, header[i], c.Name, asciiHint(header[i], c.Name))
		}
	}
	if len(header) > len(t.Columns) {
		errs.Add(fieldPos(len(t.Columns)), "header", "undeclared column %q", header[len(t.Columns)])
	}
	if len(errs) > 0 {
		return errs
	}
	for {
		if len(errs) >= maxErrors {
			line, _ := r.FieldPos(0)
			errs.Add(Pos{File: file, Line: line, Col: 1}, "", "too many errors; stopped reading this file")
			return errs
		}
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			csvErr(err)
			return errs
		}
		line, _ := r.FieldPos(0)
		if len(t.Rows) >= maxRows {
			errs.Add(Pos{File: file, Line: line, Col: 1}, "", "more than %d rows", maxRows)
			return errs
		}
		if len(rec) != len(t.Columns) {
			pos, hint := fieldPos(len(rec)-1), ""
			if len(rec) > len(t.Columns) {
				for i := 0; i+1 < len(rec); i++ {
					if isDigits(strings.TrimPrefix(rec[i], "-"), 1, 3) && isDigits(strings.SplitN(rec[i+1], ".", 2)[0], 3, 3) {
						pos = fieldPos(i + 1)
						pos.Col--
						hint = fmt.Sprintf("; %q looks like a number with a thousands separator: write %s%s, without separators, or quote a field that holds a comma", rec[i]+","+rec[i+1], rec[i], rec[i+1])
						break
					}
				}
			}
			errs.Add(pos, "", "row has %d fields; the header has %d%s", len(rec), len(t.Columns), hint)
			continue
		}
		row := Row{Line: line, Values: make([]Value, len(rec))}
		for i, field := range rec {
			pos := fieldPos(i)
			row.Values[i] = parseValue(t.Columns[i], field, pos, &errs)
			if t.Annex != AnnexNo && t.Columns[i].Type == Text {
				checkAnnexText(field, t.Columns[i].Name, pos, &errs)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if len(t.Rows) == 0 && len(errs) == 0 {
		errs.Add(Pos{File: file, Line: 1, Col: 1}, "", "table %q has no rows", t.ID)
	}
	checkDuplicateKeys(t, &errs)
	// Display rules that key on a text column can only be checked against the data.
	return errs
}

// runeCols turns the byte columns of encoding/csv into columns counted in
// characters, as editors count them. Lines are looked up moving forward, so a
// whole file costs one pass.
type runeCols struct {
	src      []byte
	line     int // the line that starts at offset start
	start    int
	lastOff  int // a byte offset on this line and its character column
	lastCol  int
	lastLine int
}

// pos returns the position of byte column col of line. For the start of a
// quoted field it is the first character inside the quotes.
func (c *runeCols) pos(file string, line, col int, field bool) Pos {
	if line < c.line {
		c.line, c.start = 1, 0
	}
	for c.line < line {
		nl := bytes.IndexByte(c.src[c.start:], '\n')
		if nl < 0 {
			break
		}
		c.start += nl + 1
		c.line++
	}
	off := min(c.start+max(col-1, 0), len(c.src))
	if c.lastLine != line || c.lastOff < c.start || c.lastOff > off {
		c.lastLine, c.lastOff, c.lastCol = line, c.start, 1
	}
	c.lastCol += utf8.RuneCount(c.src[c.lastOff:off])
	c.lastOff = off
	rc := c.lastCol
	if field && off < len(c.src) && c.src[off] == '"' {
		rc++
	}
	return Pos{File: file, Line: line, Col: rc}
}

// quoteHint explains encoding/csv's quote errors.
func quoteHint(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `; a field with a quote must be quoted whole, with the quote doubled: "a ""b"" c"`
	case errors.Is(err, csv.ErrQuote):
		return "; a quoted field must end with a quote followed by a comma or the end of the line"
	}
	return ""
}

// asciiHint explains a header name that differs from the declared one only
// by characters that look alike or by spaces.
func asciiHint(got, want string) string {
	for _, r := range got {
		if r >= utf8.RuneSelf {
			return fmt.Sprintf("; its %q (U+%04X) is not ASCII: column names are ASCII letters, digits and _", r, r)
		}
	}
	return ""
}

// MaxAnnexCellChars is the most text a cell of the annex holds: Excel's
// limit of 32,767 characters, counted as Excel does, in UTF-16 code units.
const MaxAnnexCellChars = 32767

// checkAnnexText reports a text field that an annex cell cannot hold: one
// longer than 32,767 characters, which Excel would cut short, or one with a
// character that XML forbids (a control character other than tab, line feed
// and carriage return, U+FFFE or U+FFFF), which would become "�". A table
// kept out of the annex may hold up to MaxCellBytes.
func checkAnnexText(field, name string, pos Pos, errs *ErrorList) {
	for i := 0; i < len(field); i++ {
		b := field[i]
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0xef && i+2 < len(field) && field[i+1] == 0xbf && field[i+2] >= 0xbe {
			r, _ := utf8.DecodeRuneInString(field[i:])
			errs.Add(pos, name, "text holds the character U+%04X, which an Excel cell cannot hold; remove it, or keep the table out of the annex (annex: false)", r)
			return
		}
	}
	// UTF-8 takes at least as many bytes as UTF-16 takes units; a field over
	// MaxCellBytes is already reported.
	if len(field) <= MaxAnnexCellChars || len(field) > MaxCellBytes {
		return
	}
	n := 0
	for _, r := range field {
		n += max(utf16.RuneLen(r), 1)
	}
	if n > MaxAnnexCellChars {
		errs.Add(pos, name, "text of %d characters is too long for the annex: an Excel cell holds at most 32,767; shorten it, or keep the table out of the annex (annex: false)", n)
	}
}

// parseValue types one CSV field. Surrounding spaces are not part of numbers,
// dates or enum keys.
func parseValue(c *Column, field string, pos Pos, errs *ErrorList) Value {
	v := Value{Type: c.Type, Str: field, Pos: pos}
	if len(field) > MaxCellBytes {
		errs.Add(pos, c.Name, "field is %d bytes; the limit is %d", len(field), MaxCellBytes)
		v.Str = ""
		v.Null = true
		return v
	}
	s := strings.TrimSpace(field)
	if s == "" {
		v.Null = true
		v.Str = ""
		return v
	}
	switch c.Type {
	case Integer:
		n, err := strconv.ParseInt(s, 10, 64)
		switch {
		case errors.Is(err, strconv.ErrRange):
			errs.Add(pos, c.Name, "%q is too large for a whole number (the limit is %d)", field, int64(math.MaxInt64))
		case err != nil:
			errs.Add(pos, c.Name, "%q is not a whole number%s", field, numberHint(s, true))
		}
		v.Int, v.Str = n, s
	case Number:
		f, err := strconv.ParseFloat(s, 64)
		switch {
		case err != nil && !errors.Is(err, strconv.ErrRange), strings.ContainsAny(s, "xXpP_"):
			errs.Add(pos, c.Name, "%q is not a number%s", field, numberHint(s, false))
		case errors.Is(err, strconv.ErrRange):
			errs.Add(pos, c.Name, "%q is too large or too small for a number", field)
		case math.IsNaN(f) || math.IsInf(f, 0):
			errs.Add(pos, c.Name, "%q is not a finite number", field)
		}
		v.Num, v.Str = f, s
	case Date:
		d, err := parseDate(s)
		if err != nil {
			errs.Add(pos, c.Name, "%q is not a valid date (%s)", field, dateWant(s, err))
		}
		v.Date, v.Str = d, s
	case Enum:
		if len(c.Values) > 0 && !c.hasKey(s) {
			keys := make([]string, len(c.Values))
			for i, ev := range c.Values {
				keys[i] = ev.Key
			}
			if sg := suggest(s, keys); sg != "" {
				errs.Add(pos, c.Name, "%q is not allowed; did you mean %q?", field, sg)
			} else {
				errs.Add(pos, c.Name, "%q is not allowed; the values are %s", field, strings.Join(keys, ", "))
			}
		}
		v.Str = s
	}
	return v
}

// numberHint says how to write a number that failed to parse, when it looks
// like one written with a decimal comma or thousands separators.
func numberHint(s string, integer bool) string {
	if _, err := strconv.ParseFloat(s, 64); integer && err == nil && !strings.ContainsAny(s, "xXpP_") {
		return "; the column is of type integer: declare it as number to allow decimals"
	}
	digits, seps := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ',' || r == '.' || r == ' ' || r == '\'' || r == '\u00a0' || r == '\u202f' || r == '_':
			seps++
		case r == '-' || r == '+':
		default:
			if strings.HasPrefix(strings.TrimLeft(s, "+-"), "0x") || strings.HasPrefix(strings.TrimLeft(s, "+-"), "0X") {
				return "; write numbers in decimal digits"
			}
			return ""
		}
	}
	if digits > 0 && seps > 0 {
		return "; use a decimal point and no thousands separator in CSV"
	}
	return ""
}

// isDigits reports whether s is between lo and hi ASCII digits.
func isDigits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
