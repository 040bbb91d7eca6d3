package data

import (
	"cmp"
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
	Alt     string // the chart's alternative text in the tagged PDF; made from its data when empty
	Source  string
	Notes   []string
	XTitle  string
	YTitle  string
	Unit    string
	YMin    *float64
	YMax    *float64
	YStep   *float64
	Limit   int  // plot at most this many rows; 0 means all
	Annex   bool // also drawn as a native chart in the annex, over the table's cells
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
	ok := y.fields(n, path, []string{"id!", "type!", "table!", "x!", "y!", "label", "series", "status", "flags", "cumulative", "where", "events", "caption!", "alt", "source", "notes", "x_title", "y_title", "unit", "y_min", "y_max", "y_step", "limit", "annex"}, func(key string, v *yaml.Node) {
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
		case "alt":
			c.Alt = y.text(v, f)
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
		case "annex":
			c.Annex = y.boolean(v, f)
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
	if c.Annex {
		l.checkAnnexChart(c, t, f)
	}
	rows, _ := c.Select(t)
	yi := t.Index(c.Y)
	si, gi := -1, -1
	if c.Status != "" {
		si = t.Index(c.Status)
	}
	if c.Series != "" {
		gi = t.Index(c.Series)
	}
	bars := c.Type == Bar || c.Type == GroupedBar
	points := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	var loPos, hiPos Pos
	sums := map[string]float64{}
	for _, ri := range rows {
		r := t.Rows[ri]
		flagged := false
		if si >= 0 {
			for _, fl := range c.Flags {
				flagged = flagged || r.Values[si].Key() == fl.Value
			}
		}
		y, ok := r.Values[yi].Float()
		if !ok || flagged {
			// A missing value is a gap in a line and a flag on a bar; only
			// a cumulative sum goes on through it, adding nothing.
			if !c.Cumul {
				continue
			}
			y = 0
		}
		if c.Cumul {
			key := ""
			if gi >= 0 {
				key = r.Values[gi].Key()
			}
			sums[key] += y
			y = sums[key]
		}
		points++
		if y < lo {
			lo, loPos = y, r.Values[yi].Pos
		}
		if y > hi {
			hi, hiPos = y, r.Values[yi].Pos
		}
	}
	switch {
	case points < 2:
		l.errs.Add(c.Pos, f, "has %d point(s) to plot; a chart needs at least 2", points)
		return
	case hi == lo && (c.YMin == nil || c.YMax == nil) && lo == 0:
		l.errs.Add(c.Pos, f, "every value is %v: the data range is zero; set y_min and y_max", lo)
		return
	case hi == lo && (c.YMin == nil || c.YMax == nil) && !bars:
		l.errs.Add(c.Pos, f, "every value is %v: the data range is zero; set y_min and y_max", lo)
		return
	}
	if c.YMin != nil && c.YMax != nil && *c.YMax <= *c.YMin {
		return // already reported
	}
	// A declared range may widen the axis, never cut data off; bars start at zero.
	what := "the value"
	if c.Cumul {
		what = "the running total"
	}
	if c.YMin != nil {
		switch {
		case bars && *c.YMin > 0:
			l.errs.Add(c.Pos, f+".y_min", "%v cuts the bars off: bars start at zero, so y_min must be 0 or less", *c.YMin)
		case *c.YMin > lo:
			l.errs.Add(c.Pos, f+".y_min", "%v cuts off %s %v at %s", *c.YMin, what, lo, loPos)
		}
	}
	if c.YMax != nil {
		switch {
		case bars && *c.YMax < 0:
			l.errs.Add(c.Pos, f+".y_max", "%v cuts the bars off: bars start at zero, so y_max must be 0 or more", *c.YMax)
		case *c.YMax < hi:
			l.errs.Add(c.Pos, f+".y_max", "%v cuts off %s %v at %s", *c.YMax, what, hi, hiPos)
		}
	}
	if c.YStep != nil && *c.YStep > 0 {
		if bars {
			lo, hi = math.Min(lo, 0), math.Max(hi, 0)
		}
		if c.YMin != nil {
			lo = math.Min(lo, *c.YMin)
		}
		if c.YMax != nil {
			hi = math.Max(hi, *c.YMax)
		}
		step := *c.YStep
		switch n := (hi - lo) / step; {
		case hi > lo && n < 1:
			l.errs.Add(c.Pos, f+".y_step", "%v is larger than the y range (%v to %v); the axis would have no tick between its ends", step, lo, hi)
		case n > MaxTicks || math.IsInf(n, 0):
			l.errs.Add(c.Pos, f+".y_step", "%v gives %.3g ticks over the y range (%v to %v); at most %d are drawn", step, math.Floor(n)+1, lo, hi, MaxTicks)
		}
	}
}

// MaxTicks is the most ticks a declared y_step may give an axis.
const MaxTicks = 100

// Select returns the indexes of the rows of t that the chart plots, in the
// order they are plotted, and how many rows its limit left out. Validation
// and compose both select rows here, so that they cannot disagree.
//
// A row is plotted when it meets where and has an x; of those, the first
// Limit rows of the file. Rows whose x is a date or a number are then
// sorted by x (stably), so that lines and running totals go forward
// whatever the file's order; categories of text stay in the file's order.
func (c *Chart) Select(t *Table) (rows []int, limited int) {
	xi := t.Index(c.X)
	if xi < 0 {
		return nil, 0
	}
	for ri, r := range t.Rows {
		if !Match(c.Where, t, r) || r.Values[xi].Null {
			continue
		}
		if c.Limit > 0 && len(rows) >= c.Limit {
			limited++
			continue
		}
		rows = append(rows, ri)
	}
	switch t.Columns[xi].Type {
	case Date:
		slices.SortStableFunc(rows, func(a, b int) int { return t.Rows[a].Values[xi].Date.Compare(t.Rows[b].Values[xi].Date) })
	case Integer, Number:
		slices.SortStableFunc(rows, func(a, b int) int {
			x, _ := t.Rows[a].Values[xi].Float()
			y, _ := t.Rows[b].Values[xi].Float()
			return cmp.Compare(x, y)
		})
	}
	return rows, limited
}

// checkAnnexChart checks that a chart declared for the annex can be drawn
// there natively: over the table's own cells, as they stand in the file.
func (l *loader) checkAnnexChart(c *Chart, t *Table, f string) {
	why := ""
	rows, _ := c.Select(t)
	switch {
	case t.Annex == AnnexNo:
		why = fmt.Sprintf("table %q is not in the annex", t.ID)
	case c.Type != Bar && c.Type != Line:
		why = fmt.Sprintf("the annex draws bar and line charts, not %s", c.Type)
	case c.Cumul:
		why = "a running total has no cells to draw from"
	case c.Series != "":
		why = "a chart split into series has no single column of cells to draw from"
	default:
		// The rows plotted must be one run of cells from the table's top.
		for i, r := range rows {
			if r != i {
				why = "the rows it plots are not one run of the table's rows from the top, in the order of x"
				break
			}
		}
	}
	if why != "" {
		l.errs.Add(c.Pos, f+".annex", "cannot be drawn in the annex: %s; set annex: false", why)
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

// PlainFormat is the format of an integer column whose digits are never
// grouped, such as years: 2006, not 2,006 (one of IntegerFormats).
const PlainFormat = "plain"

// Plain reports whether integer column i is written without grouping on a
// chart's axis: it is a year column or declared format: plain, or it holds
// years by another name (its name or label says year and every value has
// four digits).
func (t *Table) Plain(i int) bool {
	c := t.Columns[i]
	if c.Type != Integer {
		return false
	}
	if c.Format == PlainFormat {
		return true
	}
	if !strings.Contains(strings.ToLower(c.Name+" "+c.Label), "year") {
		return false
	}
	for _, r := range t.Rows {
		if v := r.Values[i]; !v.Null && (v.Int < 1000 || v.Int > 9999) {
			return false
		}
	}
	return true
}
