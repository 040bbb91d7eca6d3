package edition

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/un-briefs/report/internal/doc"
)

// jsonValue is a typed value as JSON: dates as "YYYY-MM-DD", numbers as
// numbers, text and enum keys as strings, empty as null.
func jsonValue(v doc.Value) any {
	if v.Null || v.Kind == "" {
		return nil
	}
	switch v.Kind {
	case doc.Date:
		return v.Date.Format("2006-01-02")
	case doc.Integer:
		return v.Int
	case doc.Number:
		return v.Num
	}
	return v.Str
}

type jsonChange struct {
	Kind    string `json:"kind"`
	Table   string `json:"table,omitempty"`
	Key     string `json:"key,omitempty"`
	Column  string `json:"column,omitempty"`
	Old     any    `json:"old"`
	New     any    `json:"new"`
	OldText string `json:"old_text,omitempty"`
	NewText string `json:"new_text,omitempty"`
}

type jsonDiff struct {
	Base struct {
		ID      string `json:"id,omitempty"`
		Title   string `json:"title"`
		Date    string `json:"date,omitempty"`
		Edition int    `json:"edition,omitempty"`
	} `json:"base"`
	Changed bool           `json:"changed"`
	Counts  map[string]int `json:"counts"`
	Summary string         `json:"summary"`
	Changes []jsonChange   `json:"changes"`
	Notes   []string       `json:"notes,omitempty"`
}

// WriteJSON writes the diff as JSON for scripts. encoding/json sorts the
// counts' keys, so the same diff gives the same bytes.
func (d *Diff) WriteJSON(w io.Writer, words Words) error {
	var j jsonDiff
	j.Base.ID, j.Base.Title, j.Base.Edition = d.Base.ID, d.Base.Title, d.Base.Edition
	if !d.Base.Date.IsZero() {
		j.Base.Date = d.Base.Date.Format("2006-01-02")
	}
	j.Changed = !d.Empty()
	j.Counts = map[string]int{}
	for k, n := range d.Counts() {
		j.Counts[string(k)] = n
	}
	j.Summary = d.Summary(words)
	j.Changes = []jsonChange{}
	for _, c := range d.Changes {
		j.Changes = append(j.Changes, jsonChange{Kind: string(c.Kind), Table: c.Table, Key: c.Key, Column: c.Column,
			Old: jsonValue(c.Old), New: jsonValue(c.New), OldText: c.OldText, NewText: c.NewText})
	}
	j.Notes = d.Notes
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteText writes the diff for people: the summary, then one change a line.
func (d *Diff) WriteText(w io.Writer, words Words) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", fill(words.Since, "date", d.Base.DateText), d.Summary(words))
	for _, c := range d.Changes {
		where := strings.Join(nonEmpty(c.Table, c.Key, c.Column), " / ")
		switch c.Kind {
		case doc.RowAdded, doc.RowRemoved:
			fmt.Fprintf(&b, "%s %s\n", c.Kind, where)
		case doc.ProseChanged:
			h := c.Key
			if h == "" {
				h = "(lead)"
			}
			state := "revised"
			switch {
			case c.OldText == "":
				state = "added"
			case c.NewText == "":
				state = "removed"
			}
			fmt.Fprintf(&b, "section %s: %s\n", state, h)
		default:
			fmt.Fprintf(&b, "%s %s: %s → %s\n", c.Kind, where, orDash(c.OldText), orDash(c.NewText))
		}
	}
	for _, n := range d.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
