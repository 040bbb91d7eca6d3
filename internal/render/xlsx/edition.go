package xlsx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/un-briefs/report/internal/doc"
)

// The edition record: a hidden sheet that lets a later edition read this
// annex back as its baseline (see Read). It is data for report, not for
// readers: its labels are part of the annex's format, the same in every
// language, while the Notes sheet says the same for people in the brief's.
const (
	recordSheet   = "_edition"
	recordHeading = "Edition record"
	labelID       = "Brief id"
	labelTitle    = "Title"
	labelDate     = "Brief date"
	labelSeries   = "Series"
	labelEdition  = "Edition"
	labelSubtitle = "Subtitle"
	labelNumber   = "Number"
	labelAuthors  = "Authors"
	prefixTable   = "Table "          // "Table <id>" → the table's sheet
	prefixRows    = "Rows "           // "Rows <id>" → its row count
	prefixColumn  = "Column "         // "Column <id>.<name>" → the column as JSON (recordColumn)
	prefixSection = "Section "        // "Section <heading>" → the hash of its prose
	labelLead     = "Lead"            // the lead's hash
	labelSince    = "Compared with"   // the baseline's date as shown, when the build compared with one
	labelChanges  = "Changes"         // how many
	labelHeading  = "Changes heading" // "What changed since …"
	labelSummary  = "Changes summary" // the changes in words

	changeWidth = 10
)

// recordColumn is a column as the edition record keeps it.
type recordColumn struct {
	Label   string          `json:"label"`
	Heading string          `json:"heading"` // as the sheet's header row shows it
	Kind    doc.Kind        `json:"kind"`
	Unit    string          `json:"unit,omitempty"`
	Hidden  bool            `json:"hidden,omitempty"`
	Values  []doc.EnumValue `json:"values,omitempty"`
}

// changesHeader is the Changes sheet's header row: its messages.
var changesHeader = []string{"annex.changes.kind", "annex.changes.table", "annex.changes.key", "annex.changes.column", "annex.changes.old", "annex.changes.new"}

// record writes the edition record on its hidden sheet.
func (a *annex) record(tables []*doc.Table) error {
	f := a.f
	const sheet = recordSheet
	// pack hides the sheet: excelize's SetSheetVisible would read every
	// streamed sheet back in.
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	row := 1
	set := func(label string, value any) error {
		cell := fmt.Sprintf("A%d", row)
		if err := f.SetCellStr(sheet, cell, label); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, a.styles.label); err != nil {
			return err
		}
		row++
		switch v := value.(type) {
		case nil:
			return nil
		case string:
			return f.SetCellStr(sheet, fmt.Sprintf("B%d", row-1), v)
		default:
			return f.SetCellValue(sheet, fmt.Sprintf("B%d", row-1), v)
		}
	}
	m := a.d.Meta
	type kv struct {
		l string
		v any
	}
	steps := []kv{{recordHeading, nil}, {labelID, m.ID}, {labelTitle, m.Title}, {labelDate, m.Date.Format("2006-01-02")}}
	if m.Series != "" {
		steps = append(steps, kv{labelSeries, m.Series})
	}
	if m.Edition > 0 {
		steps = append(steps, kv{labelEdition, int64(m.Edition)})
	}
	if m.Subtitle != "" {
		steps = append(steps, kv{labelSubtitle, m.Subtitle})
	}
	if m.Number != "" {
		steps = append(steps, kv{labelNumber, m.Number})
	}
	if len(m.Authors) > 0 {
		steps = append(steps, kv{labelAuthors, strings.Join(m.Authors, "; ")})
	}
	if a.d.Changes != nil {
		steps = append(steps, kv{labelSince, m.Since}, kv{labelChanges, int64(len(a.d.Changes))},
			kv{labelHeading, m.SinceHeading}, kv{labelSummary, m.ChangesText})
	}
	for _, t := range tables {
		steps = append(steps, kv{prefixTable + t.ID, a.sheets[t.ID]}, kv{prefixRows + t.ID, int64(len(t.Rows))})
		head := a.header(t, false)
		for j, c := range t.Columns {
			js, err := json.Marshal(recordColumn{Label: c.Label, Heading: head[j], Kind: c.Kind, Unit: c.Unit, Hidden: c.Hidden, Values: c.Values})
			if err != nil {
				return err
			}
			steps = append(steps, kv{prefixColumn + t.ID + "." + c.Name, string(js)})
		}
	}
	for _, s := range doc.Sections(a.d) {
		label := labelLead
		if s.Heading != "" {
			label = prefixSection + s.Heading
		}
		steps = append(steps, kv{label, s.Hash()})
	}
	for _, s := range steps {
		if err := set(s.l, s.v); err != nil {
			return err
		}
	}
	return f.SetColWidth(sheet, "A", "A", 28)
}

// changes writes the Changes sheet: one row per change, with the old and
// new values typed as in the tables' sheets.
func (a *annex) changes() error {
	if len(a.d.Changes) == 0 {
		return nil
	}
	f := a.f
	changesSheet := a.changesSheet
	if _, err := f.NewSheet(changesSheet); err != nil {
		return err
	}
	for i, h := range changesHeader {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(changesSheet, cell, a.msg.T(h)); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(changesSheet, "A1", "F1", a.styles.header); err != nil {
		return err
	}
	for i, c := range a.d.Changes {
		r := i + 2
		strs := []string{a.msg.T("annex.change." + strings.ReplaceAll(string(c.Kind), " ", "_")), c.Table, c.Key, c.Column}
		for j, s := range strs {
			if s == "" {
				continue
			}
			if err := f.SetCellStr(changesSheet, fmt.Sprintf("%c%d", 'A'+j, r), s); err != nil {
				return err
			}
		}
		for j, v := range []struct {
			v    doc.Value
			text string
		}{{c.Old, c.OldText}, {c.New, c.NewText}} {
			val, style, err := a.changeValue(c, v.v, v.text)
			if err != nil {
				return err
			}
			if val == nil {
				continue
			}
			cell := fmt.Sprintf("%c%d", 'E'+j, r)
			if err := f.SetCellValue(changesSheet, cell, val); err != nil {
				return err
			}
			if err := f.SetCellStyle(changesSheet, cell, cell, style); err != nil {
				return err
			}
		}
	}
	widths := []float64{14, 14, 30, 18, 24, 24}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(changesSheet, col, col, w); err != nil {
			return err
		}
	}
	return f.SetPanes(changesSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// changeValue is a change's old or new value as the Changes sheet keeps it:
// typed like the table's cells, enums as their labels, and the display text
// when the value has no type (front matter).
func (a *annex) changeValue(c doc.Change, v doc.Value, text string) (any, int, error) {
	if v.Kind == "" || v.Kind == doc.Enum {
		if text == "" {
			return nil, 0, nil
		}
		return text, a.styles.text, nil
	}
	var col doc.Column
	for _, t := range a.d.Tables {
		if t.ID != c.Table {
			continue
		}
		for _, tc := range t.Columns {
			if tc.Label == c.Column {
				col = tc
			}
		}
	}
	col.Kind = v.Kind
	return a.value(nil, col, doc.Cell{Value: v})
}

// hideRecord marks the edition record's sheet hidden in xl/workbook.xml.
func hideRecord(b []byte) []byte {
	return bytes.Replace(b, []byte(`<sheet name="`+recordSheet+`" `), []byte(`<sheet name="`+recordSheet+`" state="hidden" `), 1)
}
