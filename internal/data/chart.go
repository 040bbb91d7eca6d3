package data

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ChartType is the kind of a declared chart.
type ChartType string

// The chart types.
const (
	Bar        ChartType = "bar"
	GroupedBar ChartType = "grouped-bar"
	Line       ChartType = "line"
	Step       ChartType = "step"
	Scatter    ChartType = "scatter"
)

// Chart is a chart declared in the front matter and drawn from a table.
type Chart struct {
	ID      string
	At      map[string]Pos
	Type    ChartType
	Table   string
	X       string // column for x or the category
	Y       string // numeric column
	Label   string // optional column whose text is added to each category label
	Series  string // optional column that splits the data into series (grouped bars, lines)
	Status  string // optional enum column that flags points
	Flags   []Flag // status values drawn as flags instead of values
	Cumul   bool   // plot the running total of y
	Where   []Cond // only rows for which every condition holds are plotted
	Events  []Event
	Caption string
	Source  string
	Notes   []string
	XTitle  string
	YTitle  string
	Unit    string
	YMin    *float64
	YMax    *float64
	YStep   *float64
	Limit   int // plot at most this many rows; 0 means all
	Pos     Pos
}

// Flag marks points whose status column has value Value: they are drawn as
// a labelled marker instead of a bar or point.
type Flag struct {
	Value string
	Label string
}

// Event is a set of vertical markers on a time axis, taken from a table.
type Event struct {
	Table string
	X     string // date column
	Label string // text column labelling each marker
	When  []Cond
	Pos   Pos
	At    map[string]Pos // where each key's value is written
}

var chartTypes = []string{string(Bar), string(GroupedBar), string(Line), string(Step), string(Scatter)}

func (l *loader) chartDecl(y *nodes, n *yaml.Node, path string) *Chart {
	c := &Chart{Pos: y.pos(n)}
	ok := y.fields(n, path, []string{"id!", "type!", "table!", "x!", "y!", "label", "series", "status", "flags", "cumulative", "where", "events", "caption!", "source", "notes", "x_title", "y_title", "unit", "y_min", "y_max", "y_step", "limit"}, func(key string, v *yaml.Node) {
		f := join(path, key)
		switch key {
		case "id":
			c.ID = l.id(y, v, f)
		case "type":
			c.Type = ChartType(y.text(v, f))
			if c.Type != "" && !slices.Contains(chartTypes, string(c.Type)) {
				y.errorf(v, f, "unknown chart type %q; the types are %s", c.Type, strings.Join(chartTypes, ", "))
			}
		case "table":
			c.Table = y.text(v, f)
		case "x":
			c.X = y.text(v, f)
		case "y":
			c.Y = y.text(v, f)
		case "label":
			c.Label = y.text(v, f)
		case "series":
			c.Series = y.text(v, f)
		case "status":
			c.Status = y.text(v, f)
		case "flags":
			if v.Kind != yaml.MappingNode {
				y.errorf(v, f, "must map status values to labels")
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				c.Flags = append(c.Flags, Flag{Value: v.Content[i].Value, Label: y.text(v.Content[i+1], join(f, v.Content[i].Value))})
			}
		case "cumulative":
			c.Cumul = y.boolean(v, f)
		case "where":
			c.Where = y.conds(v, f)
		case "events":
			y.seq(v, f, func(i int, e *yaml.Node) {
				c.Events = append(c.Events, l.eventDecl(y, e, fmt.Sprintf("%s[%d]", f, i)))
			})
		case "caption":
			c.Caption = y.text(v, f)
		case "source":
			c.Source = y.text(v, f)
		case "notes":
			c.Notes = y.strs(v, f)
		case "x_title":
			c.XTitle = y.text(v, f)
		case "y_title":
			c.YTitle = y.text(v, f)
		case "unit":
			c.Unit = y.text(v, f)
		case "y_min", "y_max", "y_step":
			if x, ok := y.float(v, f); ok {
				switch key {
				case "y_min":
					c.YMin = &x
				case "y_max":
					c.YMax = &x
				default:
					if x <= 0 {
						y.errorf(v, f, "must be positive")
					}
					c.YStep = &x
				}
			}
		case "limit":
			c.Limit = y.integer(v, f, 2, MaxRows)
		}
	})
	if !ok {
		return nil
	}
	if c.YMin != nil && c.YMax != nil && *c.YMax <= *c.YMin {
		y.errorf(n, path+".y_max", "must be greater than y_min")
	}
	return c
}

func (l *loader) eventDecl(y *nodes, n *yaml.Node, path string) Event {
	e := Event{Pos: y.pos(n)}
	y.fields(n, path, []string{"table!", "x!", "label!", "when"}, func(key string, v *yaml.Node) {
		f := join(path, key)
		switch key {
		case "table":
			e.Table = y.text(v, f)
		case "x":
			e.X = y.text(v, f)
		case "label":
			e.Label = y.text(v, f)
		case "when":
			e.When = y.conds(v, f)
		}
	})
	return e
}

// column checks that table t has column name, optionally of one of types.
func (l *loader) column(pos Pos, field string, t *Table, name string, types ...ColType) *Column {
	i := t.Index(name)
	if i < 0 {
		l.errs.Add(pos, field, "table %q has no column %q%s", t.ID, name, didYouMean(name, t))
		return nil
	}
	c := t.Columns[i]
	if len(types) > 0 {
		okType := false
		for _, ty := range types {
			okType = okType || c.Type == ty
		}
		if !okType {
			names := make([]string, len(types))
			for i, ty := range types {
				names[i] = string(ty)
			}
			l.errs.Add(pos, field, "column %q is %s; it must be %s", name, c.Type, strings.Join(names, " or "))
			return nil
		}
	}
	return c
}

// checkChart validates a chart against its table's columns and data, so that
// nothing the chart library cannot draw reaches it.
func (l *loader) checkChart(c *Chart) {
	f := "charts." + c.ID
	t := l.b.Table(c.Table)
	if t == nil {
		if c.Table != "" {
			l.errs.Add(at(c.At, "table", c.Pos), f+".table", "unknown table %q", c.Table)
		}
		return
	}
	var xc *Column
	switch c.Type {
	case Bar, GroupedBar:
		xc = l.column(at(c.At, "x", c.Pos), f+".x", t, c.X)
	default:
		xc = l.column(at(c.At, "x", c.Pos), f+".x", t, c.X, Date, Integer, Number)
	}
	yc := l.column(at(c.At, "y", c.Pos), f+".y", t, c.Y, Integer, Number)
	if c.Label != "" {
		l.column(at(c.At, "label", c.Pos), f+".label", t, c.Label)
	}
	if c.Series != "" {
		l.column(at(c.At, "series", c.Pos), f+".series", t, c.Series)
	} else if c.Type == GroupedBar {
		l.errs.Add(c.Pos, f+".series", "a grouped-bar chart needs a series column")
	}
	if c.Status != "" {
		if sc := l.column(at(c.At, "status", c.Pos), f+".status", t, c.Status, Enum); sc != nil {
			for _, fl := range c.Flags {
				if !sc.hasKey(fl.Value) {
					l.errs.Add(at(c.At, "flags", c.Pos), f+".flags."+fl.Value, "%q is not a value of column %q", fl.Value, c.Status)
				}
			}
		}
	} else if len(c.Flags) > 0 {
		l.errs.Add(at(c.At, "flags", c.Pos), f+".flags", "flags need a status column")
	}
	for _, cond := range c.Where {
		l.column(cond.Pos, f+".where", t, cond.Column)
	}
	for i, e := range c.Events {
		ef := fmt.Sprintf("%s.events[%d]", f, i)
		et := l.b.Table(e.Table)
		if et == nil {
			l.errs.Add(at(e.At, "table", e.Pos), ef+".table", "unknown table %q", e.Table)
			continue
		}
		if xc != nil && xc.Type != Date {
			l.errs.Add(at(c.At, "x", c.Pos), ef, "events need a date x axis")
		}
		l.column(at(e.At, "x", e.Pos), ef+".x", et, e.X, Date)
		l.column(at(e.At, "label", e.Pos), ef+".label", et, e.Label)
		for _, cond := range e.When {
			l.column(cond.Pos, ef+".when", et, cond.Column)
		}
	}
	if xc == nil || yc == nil || len(t.Rows) == 0 {
		return
	}
	xi, yi := t.Index(c.X), t.Index(c.Y)
	si := -1
	if c.Status != "" {
		si = t.Index(c.Status)
	}
	points := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	sum := 0.0
	rows := t.Rows
	if c.Limit > 0 && len(rows) > c.Limit {
		rows = rows[:c.Limit]
	}
	for _, r := range rows {
		if !Match(c.Where, t, r) {
			continue
		}
		if r.Values[xi].Null && c.Type != Bar {
			continue
		}
		flagged := false
		if si >= 0 {
			for _, fl := range c.Flags {
				flagged = flagged || r.Values[si].Key() == fl.Value
			}
		}
		y, ok := r.Values[yi].Float()
		if !ok {
			if !flagged && c.Type != Bar && !c.Cumul {
				l.errs.Add(r.Values[yi].Pos, c.Y, "chart %q needs a value here", c.ID)
			}
			continue
		}
		if math.IsNaN(y) || math.IsInf(y, 0) {
			l.errs.Add(r.Values[yi].Pos, c.Y, "chart %q cannot plot %v", c.ID, y)
			continue
		}
		if c.Cumul {
			sum += y
			y = sum
		}
		points++
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	switch {
	case points < 2:
		l.errs.Add(c.Pos, f, "has %d point(s) to plot; a chart needs at least 2", points)
	case hi == lo && (c.YMin == nil || c.YMax == nil) && lo == 0:
		l.errs.Add(c.Pos, f, "every value is %v: the data range is zero; set y_min and y_max", lo)
	case hi == lo && (c.YMin == nil || c.YMax == nil) && c.Type != Bar && c.Type != GroupedBar:
		l.errs.Add(c.Pos, f, "every value is %v: the data range is zero; set y_min and y_max", lo)
	}
}

// checkPlacement checks the body's references to tables and figures: each
// must name a declared one, once, and each declared one must be placed
// unless it is annex-only.
func (l *loader) checkPlacement() {
	placed := map[string]Pos{}
	var walk func([]Block)
	walk = func(bs []Block) {
		for _, b := range bs {
			if b.Kind == Place {
				switch b.RefKind {
				case "table":
					if l.b.Table(b.Ref) == nil {
						l.errs.Add(b.Pos, "body", "unknown table %q%s", b.Ref, l.suggestID(b.Ref))
					}
				case "figure":
					if l.b.Chart(b.Ref) == nil {
						l.errs.Add(b.Pos, "body", "unknown figure %q%s", b.Ref, l.suggestID(b.Ref))
					}
				}
				if p, dup := placed[b.Ref]; dup {
					l.errs.Add(b.Pos, "body", "%s %q is already placed at line %d", b.RefKind, b.Ref, p.Line)
				}
				placed[b.Ref] = b.Pos
			}
			walk(b.Children)
		}
	}
	walk(l.b.Body)
	for _, t := range l.b.Tables {
		if _, ok := placed[t.ID]; !ok && t.Annex != AnnexOnly && t.ID != "" {
			l.errs.Add(t.Pos, "tables."+t.ID, "is never placed in the body; add {{table %s}} or declare annex: only", t.ID)
		}
		if _, ok := placed[t.ID]; ok && t.Annex == AnnexOnly {
			l.errs.Add(t.Pos, "tables."+t.ID, "is annex-only but placed in the body")
		}
	}
	for _, c := range l.b.Charts {
		if _, ok := placed[c.ID]; !ok && c.ID != "" {
			l.errs.Add(c.Pos, "charts."+c.ID, "is never placed in the body; add {{figure %s}}", c.ID)
		}
	}
}

func (l *loader) suggestID(id string) string {
	var ids []string
	for _, t := range l.b.Tables {
		ids = append(ids, t.ID)
	}
	for _, c := range l.b.Charts {
		ids = append(ids, c.ID)
	}
	if s := suggest(id, ids); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
