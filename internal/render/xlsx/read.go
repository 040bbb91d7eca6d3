package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/un-briefs/report/internal/doc"
)

// Annex is an annex read back from its file: the data record of an earlier
// edition, as a later edition compares with it.
type Annex struct {
	Title    string // the brief's title
	DateText string // the brief's date as the Notes sheet shows it
	Series   string
	// Record is true when the Notes sheet holds the edition record; the
	// fields below are then known, otherwise they are zero.
	Record   bool
	ID       string
	Date     time.Time
	Edition  int
	Subtitle string
	Number   string
	Authors  []string
	Sections []SectionHash
	Tables   []*AnnexTable
	// Compared is true when the annex was built with a baseline; Changes
	// then counts the changes since, which SinceHeading and ChangesText say
	// in words.
	Compared     bool
	Changes      int
	SinceHeading string
	ChangesText  string
}

// SectionHash is a section of the prose as the edition record keeps it: its
// heading ("" for the lead) and doc.Section.Hash of its text.
type SectionHash struct {
	Heading string
	Hash    string
}

// AnnexTable is one table of an annex, with typed values.
type AnnexTable struct {
	ID      string
	Sheet   string
	Caption string
	Columns []doc.Column // Name, Label, Kind, Unit, Hidden and enum Values, as the annex describes them
	Rows    [][]doc.Value

	headings []string // the header row as written
}

// Table returns the table with the given id, or nil.
func (a *Annex) Table(id string) *AnnexTable {
	for _, t := range a.Tables {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// ReadFile reads the annex in file name.
func ReadFile(name string) (*Annex, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// Read reads an annex written by Render: the Notes sheet says what the
// workbook holds, and each table's sheet is read with excelize's streaming
// row reader, its cells typed by the column types the Notes sheet gives.
//
// A sheet in the form report writes it (numbers and inline strings) is read
// by a scanner of its own, several times as fast; anything else, such as the
// shared strings of a file that Excel saved, is read by excelize.
func Read(r io.Reader) (*Annex, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not an Excel workbook: %w", err)
	}
	defer f.Close()
	a, rowCounts, err := readNotes(f)
	if err != nil {
		return nil, err
	}
	z, zerr := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var parts map[string]string
	if zerr == nil {
		parts = sheetParts(z)
	}
	for i, t := range a.Tables {
		if part, ok := parts[t.Sheet]; ok && !streamOnly.Load() {
			err := scanTable(z, part, t, rowCounts[i])
			if err == nil {
				scanned.Add(1)
				continue
			}
			if !errors.Is(err, errScan) {
				return nil, err
			}
		}
		if err := readSheet(f, t, rowCounts[i]); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// streamOnly makes Read use excelize's reader for every sheet, and scanned
// counts the sheets the scanner read (for tests). Atomic: annexes are read
// by concurrent builds.
var (
	streamOnly atomic.Bool
	scanned    atomic.Int64
)

// readNotes reads what the annex holds: from its edition record, whatever
// the brief's language, or else, for an annex written before the record,
// from an English Notes sheet. It returns the row count of each table.
func readNotes(f *excelize.File) (*Annex, []int, error) {
	if i, err := f.GetSheetIndex(recordSheet); err == nil && i >= 0 {
		rows, err := f.GetRows(recordSheet)
		if err != nil {
			return nil, nil, err
		}
		return readRecord(rows)
	}
	return readLegacyNotes(f)
}

// readRecord reads the edition record from the rows of the Notes sheet.
func readRecord(rows [][]string) (*Annex, []int, error) {
	a := &Annex{Record: true}
	var counts []int
	in := false // past the heading
	for _, r := range rows {
		if len(r) == 0 {
			continue
		}
		label, value := r[0], ""
		if len(r) > 1 {
			value = r[1]
		}
		if !in {
			in = label == recordHeading
			continue
		}
		switch {
		case label == labelID:
			a.ID = value
		case label == labelTitle:
			a.Title = value
		case label == labelDate:
			d, err := time.Parse("2006-01-02", value)
			if err != nil {
				return nil, nil, fmt.Errorf("edition record: %s %q is not a date", labelDate, value)
			}
			a.Date = d
		case label == labelSeries:
			a.Series = value
		case label == labelEdition:
			a.Edition, _ = strconv.Atoi(value)
		case label == labelSubtitle:
			a.Subtitle = value
		case label == labelNumber:
			a.Number = value
		case label == labelAuthors:
			a.Authors = strings.Split(value, "; ")
		case label == labelLead:
			a.Sections = append(a.Sections, SectionHash{Hash: value})
		case label == labelSince:
			a.Compared = true
		case label == labelChanges:
			a.Changes, _ = strconv.Atoi(value)
		case label == labelHeading:
			a.SinceHeading = value
		case label == labelSummary:
			a.ChangesText = value
		case strings.HasPrefix(label, prefixSection):
			a.Sections = append(a.Sections, SectionHash{Heading: strings.TrimPrefix(label, prefixSection), Hash: value})
		case strings.HasPrefix(label, prefixTable):
			a.Tables = append(a.Tables, &AnnexTable{ID: strings.TrimPrefix(label, prefixTable), Sheet: value})
			counts = append(counts, -1)
		case strings.HasPrefix(label, prefixRows):
			t := a.Table(strings.TrimPrefix(label, prefixRows))
			n, err := strconv.Atoi(value)
			if t == nil || err != nil || n < 0 {
				return nil, nil, fmt.Errorf("edition record: %s: %q is not a row count of a table", label, value)
			}
			for i, x := range a.Tables {
				if x == t {
					counts[i] = n
				}
			}
		case strings.HasPrefix(label, prefixColumn):
			id, name, _ := strings.Cut(strings.TrimPrefix(label, prefixColumn), ".")
			t := a.Table(id)
			var rc recordColumn
			if t == nil || name == "" || json.Unmarshal([]byte(value), &rc) != nil {
				return nil, nil, fmt.Errorf("edition record: %s: not a column of a table", label)
			}
			t.Columns = append(t.Columns, doc.Column{Name: name, Label: rc.Label, Kind: rc.Kind, Unit: rc.Unit, Hidden: rc.Hidden, Values: rc.Values})
			t.headings = append(t.headings, rc.Heading)
		}
	}
	return a, counts, checkTables(a, counts)
}

func checkTables(a *Annex, counts []int) error {
	for i, t := range a.Tables {
		if len(t.Columns) == 0 {
			return fmt.Errorf("annex: table %s: no columns described", t.ID)
		}
		if counts[i] < 0 {
			return fmt.Errorf("annex: table %s: no row count", t.ID)
		}
	}
	return nil
}

// readLegacyNotes reads an English Notes sheet written before the edition
// record: its tables and columns, with the sheet names as the tables' ids.
func readLegacyNotes(f *excelize.File) (*Annex, []int, error) {
	idx, err := f.GetSheetIndex("Notes")
	if err != nil || idx < 0 {
		return nil, nil, errors.New("no Notes sheet with an edition record: this workbook is not an annex written by report")
	}
	rows, err := f.GetRows("Notes")
	if err != nil {
		return nil, nil, err
	}
	a := &Annex{}
	var counts []int
	var cur *AnnexTable
	for _, r := range rows {
		if len(r) == 0 {
			continue
		}
		label, value := r[0], ""
		if len(r) > 1 {
			value = r[1]
		}
		switch {
		case label == "Brief":
			a.Title = value
		case label == "Date":
			a.DateText = value
		case label == "Series":
			a.Series = value
		case label == "Sheet":
			cur = &AnnexTable{Sheet: value, ID: value}
			a.Tables = append(a.Tables, cur)
			counts = append(counts, -1)
		case cur == nil:
		case label == "Caption":
			cur.Caption = value
		case label == "Rows":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 {
				return nil, nil, fmt.Errorf("sheet Notes: %s: Rows is %q, not a row count", cur.Sheet, value)
			}
			counts[len(counts)-1] = n
		case strings.HasPrefix(label, "Column "):
			c, err := parseColumn(strings.TrimPrefix(label, "Column "), value)
			if err != nil {
				return nil, nil, fmt.Errorf("sheet Notes: %s: %s: %v", cur.Sheet, label, err)
			}
			cur.Columns = append(cur.Columns, c)
			cur.headings = append(cur.headings, c.Heading())
		}
	}
	if a.Title == "" && len(rows) > 0 && len(rows[0]) > 0 {
		a.Title = rows[0][0]
	}
	return a, counts, checkTables(a, counts)
}

const hiddenSuffix = "; not shown in the brief's table"

// parseColumn reads a column's description as notes writes it:
// "name: kind[, unit: U][ (k1 = L1; k2 = L2)][; not shown in the brief's table]".
func parseColumn(label, desc string) (doc.Column, error) {
	c := doc.Column{Label: label}
	desc, c.Hidden = strings.CutSuffix(desc, hiddenSuffix)
	name, rest, ok := strings.Cut(desc, ": ")
	if !ok || name == "" {
		return c, fmt.Errorf("%q is not a column description", desc)
	}
	c.Name = name
	kind := rest
	if i := strings.IndexAny(rest, ", ("); i >= 0 {
		kind, rest = rest[:i], rest[i:]
	} else {
		rest = ""
	}
	switch k := doc.Kind(kind); k {
	case doc.Text, doc.Integer, doc.Number, doc.Date, doc.Enum:
		c.Kind = k
	default:
		return c, fmt.Errorf("unknown column type %q", kind)
	}
	if u, ok := strings.CutPrefix(rest, ", unit: "); ok {
		c.Unit, rest, _ = strings.Cut(u, " (")
		if rest != "" {
			rest = " (" + rest
		}
	}
	if c.Kind == doc.Enum {
		vs, ok := strings.CutPrefix(rest, " (")
		vs, ok2 := strings.CutSuffix(vs, ")")
		if ok && ok2 {
			for _, kv := range strings.Split(vs, "; ") {
				k, l, _ := strings.Cut(kv, " = ")
				c.Values = append(c.Values, doc.EnumValue{Key: k, Label: l})
			}
		}
	}
	return c, nil
}

// readSheet streams a table's sheet and types its cells.
func readSheet(f *excelize.File, t *AnnexTable, n int) error {
	rows, err := f.Rows(t.Sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %w", t.Sheet, err)
	}
	defer rows.Close()
	raw := excelize.Options{RawCellValue: true}
	if !rows.Next() {
		return fmt.Errorf("sheet %q is empty", t.Sheet)
	}
	head, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("sheet %q: %w", t.Sheet, err)
	}
	if err := checkHead(t, head); err != nil {
		return err
	}
	t.Rows = make([][]doc.Value, 0, n)
	vals := make([]doc.Value, n*len(t.Columns))
	for i := 0; i < n; i++ {
		row := vals[i*len(t.Columns) : (i+1)*len(t.Columns) : (i+1)*len(t.Columns)]
		var cells []string
		if rows.Next() {
			if cells, err = rows.Columns(raw); err != nil {
				return fmt.Errorf("sheet %q: %w", t.Sheet, err)
			}
		}
		for j, c := range t.Columns {
			s := ""
			if j < len(cells) {
				s = cells[j]
			}
			v, err := typed(c, s)
			if err != nil {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
				return fmt.Errorf("%s!%s: %v", t.Sheet, cell, err)
			}
			row[j] = v
		}
		t.Rows = append(t.Rows, row)
	}
	return rows.Error()
}

// checkHead checks a sheet's header row against the columns described.
func checkHead(t *AnnexTable, head []string) error {
	for j, h := range t.headings {
		if j >= len(head) || head[j] != h {
			got := ""
			if j < len(head) {
				got = head[j]
			}
			return fmt.Errorf("sheet %q: column %d is headed %q; the annex describes %q", t.Sheet, j+1, got, h)
		}
	}
	return nil
}

// typed turns a raw cell into a value of the column's kind: dates from
// Excel's serial numbers, enums from their labels back to their keys.
func typed(c doc.Column, s string) (doc.Value, error) {
	v := doc.Value{Kind: c.Kind}
	if s == "" {
		v.Null = true
		return v, nil
	}
	switch c.Kind {
	case doc.Date:
		serial, err := strconv.ParseFloat(s, 64)
		if err != nil {
			d, err2 := time.Parse("2006-01-02", s)
			if err2 != nil {
				return v, fmt.Errorf("%q is not a date", s)
			}
			v.Date, v.Str = d, s
			return v, nil
		}
		d, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			return v, fmt.Errorf("%q is not a date", s)
		}
		v.Date = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		v.Str = v.Date.Format("2006-01-02")
	case doc.Integer:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return v, fmt.Errorf("%q is not a whole number", s)
		}
		v.Int = int64(x)
		v.Str = strconv.FormatInt(v.Int, 10)
	case doc.Number:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return v, fmt.Errorf("%q is not a number", s)
		}
		v.Num, v.Str = x, s
	case doc.Enum:
		v.Str = s
		for _, ev := range c.Values {
			if ev.Label == s {
				v.Str = ev.Key
				break
			}
		}
	default:
		v.Str = s
	}
	return v, nil
}
