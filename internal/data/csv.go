package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
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
	l.errs = append(l.errs, parseCSV(t, l.name(t.File), src, l.lim.MaxRows)...)
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
	header, err := r.Read()
	if err != nil {
		errs.Add(csvErrPos(file, err), "", "CSV: %s", csvErrMsg(err))
		return errs
	}
	for i, c := range t.Columns {
		line, col := r.FieldPos(min(i, len(header)-1))
		pos := Pos{File: file, Line: line, Col: col}
		switch {
		case i >= len(header):
			errs.Add(pos, "header", "missing column %q (declared as column %d)", c.Name, i+1)
		case strings.TrimSpace(header[i]) != c.Name:
			errs.Add(pos, "header", "column %d is %q; the declaration says %q", i+1, header[i], c.Name)
		}
	}
	if len(header) > len(t.Columns) {
		line, col := r.FieldPos(len(t.Columns))
		errs.Add(Pos{File: file, Line: line, Col: col}, "header", "undeclared column %q", header[len(t.Columns)])
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
			errs.Add(csvErrPos(file, err), "", "CSV: %s", csvErrMsg(err))
			return errs
		}
		line, _ := r.FieldPos(0)
		if len(t.Rows) >= maxRows {
			errs.Add(Pos{File: file, Line: line, Col: 1}, "", "more than %d rows", maxRows)
			return errs
		}
		if len(rec) != len(t.Columns) {
			_, col := r.FieldPos(len(rec) - 1)
			errs.Add(Pos{File: file, Line: line, Col: col}, "", "row has %d fields; the header has %d", len(rec), len(t.Columns))
			continue
		}
		row := Row{Line: line, Values: make([]Value, len(rec))}
		for i, field := range rec {
			fl, fc := r.FieldPos(i)
			pos := Pos{File: file, Line: fl, Col: fc}
			row.Values[i] = parseValue(t.Columns[i], field, pos, &errs)
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

func csvErrPos(file string, err error) Pos {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Pos{File: file, Line: pe.Line, Col: pe.Column}
	}
	return Pos{File: file}
}

func csvErrMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
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
		if err != nil {
			errs.Add(pos, c.Name, "%q is not a whole number", field)
		}
		v.Int, v.Str = n, s
	case Number:
		f, err := strconv.ParseFloat(s, 64)
		switch {
		case err != nil && !errors.Is(err, strconv.ErrRange), strings.ContainsAny(s, "xXpP_"):
			errs.Add(pos, c.Name, "%q is not a number", field)
		case math.IsNaN(f) || math.IsInf(f, 0) || errors.Is(err, strconv.ErrRange):
			errs.Add(pos, c.Name, "%q is not a finite number", field)
		}
		v.Num, v.Str = f, s
	case Date:
		d, err := parseDate(s)
		if err != nil {
			errs.Add(pos, c.Name, "%q is not a valid date (want YYYY-MM-DD)", field)
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
