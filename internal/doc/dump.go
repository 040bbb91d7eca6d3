package doc

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Dump writes a stable, line-oriented text form of d. Golden tests of compose
// compare it, so its format changes only on purpose.
func Dump(w io.Writer, d *Document) error {
	p := &dumper{w: w}
	m := d.Meta
	p.line(0, "meta id=%q lang=%q date=%s", m.ID, m.Lang, m.Date.Format("2006-01-02"))
	p.line(1, "title %q", m.Title)
	if m.Subtitle != "" {
		p.line(1, "subtitle %q", m.Subtitle)
	}
	if m.Series != "" || m.Number != "" {
		p.line(1, "series %q number %q", m.Series, m.Number)
	}
	p.line(1, "datetext %q", m.DateText)
	for _, a := range m.Authors {
		p.line(1, "author %q", a)
	}
	if len(m.Keywords) > 0 {
		p.line(1, "keywords %q", m.Keywords)
	}
	p.line(1, "subject %q", m.Subject)
	if m.Messages != nil {
		for _, k := range m.Messages.Keys() {
			p.line(1, "message %s %q", k, m.Messages.T(k))
		}
	}
	for _, b := range d.Blocks {
		p.block(0, b)
	}
	for _, f := range d.Footnotes {
		p.line(0, "footnote %d", f.Number)
		p.runs(1, f.Runs)
	}
	for _, t := range d.Tables {
		p.table(t)
	}
	for _, f := range d.Figures {
		p.figure(f)
	}
	for _, s := range d.Sources {
		p.line(0, "source %s %s", s.Name, s.SHA256)
	}
	return p.err
}

type dumper struct {
	w   io.Writer
	err error
}

func (p *dumper) line(depth int, format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, "%s%s\n", strings.Repeat("  ", depth), fmt.Sprintf(format, args...))
}

func (p *dumper) block(depth int, b Block) {
	switch b := b.(type) {
	case *Heading:
		p.line(depth, "heading %d %q %q", b.Level, b.Number, b.Text)
	case *Paragraph:
		p.line(depth, "paragraph %s", b.Role)
		p.runs(depth+1, b.Runs)
	case *Box:
		p.line(depth, "box %s", b.Role)
		for _, c := range b.Blocks {
			p.block(depth+1, c)
		}
	case *Quote:
		p.line(depth, "quote")
		for _, c := range b.Blocks {
			p.block(depth+1, c)
		}
	case *List:
		p.line(depth, "list ordered=%v start=%d", b.Ordered, b.Start)
		for _, it := range b.Items {
			p.line(depth+1, "item")
			for _, c := range it {
				p.block(depth+2, c)
			}
		}
	case *Rule:
		p.line(depth, "rule")
	case *TableRef:
		p.line(depth, "place table %s (%s)", b.Table.ID, b.Table.Label)
	case *FigureRef:
		p.line(depth, "place figure %s (%s)", b.Figure.ID, b.Figure.Label)
	default:
		p.line(depth, "unknown block %T", b)
	}
}

func (p *dumper) runs(depth int, runs []Run) {
	for _, r := range runs {
		var attrs []string
		if r.Style&Italic != 0 {
			attrs = append(attrs, "italic")
		}
		if r.Style&Bold != 0 {
			attrs = append(attrs, "bold")
		}
		if r.Style&Mono != 0 {
			attrs = append(attrs, "mono")
		}
		if r.Link != "" {
			attrs = append(attrs, "link="+strconv.Quote(r.Link))
		}
		if r.Footnote > 0 {
			attrs = append(attrs, "footnote="+strconv.Itoa(r.Footnote))
		}
		a := ""
		if len(attrs) > 0 {
			a = " [" + strings.Join(attrs, " ") + "]"
		}
		p.line(depth, "run%s %q", a, r.Text)
	}
}

func (p *dumper) table(t *Table) {
	p.line(0, "table %s label=%q annex=%v body=%v", t.ID, t.Label, t.Annex, t.InBody)
	p.line(1, "caption %q", t.Caption)
	for _, c := range t.Columns {
		extra := ""
		if c.Unit != "" {
			extra += " unit=" + strconv.Quote(c.Unit)
		}
		if c.Hidden {
			extra += " hidden"
		}
		p.line(1, "column %s %q %s %s%s", c.Name, c.Label, c.Kind, c.Align, extra)
	}
	for i, r := range t.Rows {
		cells := make([]string, len(r))
		for j, c := range r {
			cells[j] = fmt.Sprintf("%s=%q", ValueString(c.Value), c.Text)
		}
		p.line(1, "row %d %s", i+1, strings.Join(cells, " | "))
	}
	for _, n := range t.Notes {
		p.line(1, "note %q", n)
	}
	if t.Source != "" {
		p.line(1, "source %q", t.Source)
	}
}

func (p *dumper) figure(f *Figure) {
	c := f.Chart
	p.line(0, "figure %s label=%q type=%s", f.ID, f.Label, c.Type)
	p.line(1, "caption %q", f.Caption)
	if f.Alt != "" {
		p.line(1, "alt %q", f.Alt)
	}
	if f.Source != "" {
		p.line(1, "source %q", f.Source)
	}
	for _, n := range f.Notes {
		p.line(1, "note %q", n)
	}
	p.line(1, "axes x=%q y=%q time=%v", c.XTitle, c.YTitle, c.TimeAxis)
	if c.Annex {
		p.line(1, "annex x=%s y=%s format=%q", c.XColumn, c.YColumn, c.XFormat)
	}
	if len(c.Categories) > 0 {
		labels := make([]string, len(c.Categories))
		for i, l := range c.Categories {
			labels[i] = strconv.Quote(l)
		}
		p.line(1, "categories %s", strings.Join(labels, " "))
	}
	for _, s := range c.Series {
		p.line(1, "series %q", s.Name)
		for _, pt := range s.Points {
			switch {
			case pt.Flag != "":
				p.line(2, "point x=%g label=%q flag=%q", pt.X, pt.Label, pt.Flag)
			case pt.Missing:
				p.line(2, "point x=%g label=%q missing", pt.X, pt.Label)
			default:
				p.line(2, "point x=%g y=%g label=%q", pt.X, pt.Y, pt.Label)
			}
		}
	}
	for _, e := range c.Events {
		p.line(1, "event x=%g %q", e.X, e.Label)
	}
	ticks := func(name string, ts []Tick) {
		labels := make([]string, len(ts))
		for i, t := range ts {
			labels[i] = strconv.Quote(t.Label)
		}
		p.line(1, "%s %s", name, strings.Join(labels, " "))
	}
	ticks("yticks", c.YTicks)
	if len(c.XTicks) > 0 {
		ticks("xticks", c.XTicks)
	}
}

// ValueString formats a typed value for dumps and messages: kind:value, or
// kind:null.
func ValueString(v Value) string {
	if v.Null {
		return string(v.Kind) + ":null"
	}
	switch v.Kind {
	case Integer:
		return "integer:" + strconv.FormatInt(v.Int, 10)
	case Number:
		return "number:" + strconv.FormatFloat(v.Num, 'g', -1, 64)
	case Date:
		return "date:" + v.Date.Format("2006-01-02")
	}
	return string(v.Kind) + ":" + strconv.Quote(v.Str)
}
