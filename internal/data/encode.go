package data

import (
	"bytes"
	"encoding/csv"
	"path"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Encode writes brief b back as the files of its folder, by path: brief.md,
// whose front matter is written from b (metadata, tables, charts) and whose
// body is the body of src, the brief.md that b was loaded from, as it is (the
// Markdown is not re-encoded); and each table's CSV file, written from its
// typed values. Loading the files gives b again, positions and file hashes
// aside, so that round-trip tests can check the loader reads all it is given.
func Encode(b *Brief, src []byte) (map[string][]byte, error) {
	_, _, body, _, err := splitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	front, err := yaml.Marshal(encodeFront(b))
	if err != nil {
		return nil, err
	}
	var md bytes.Buffer
	md.WriteString("---\n")
	md.Write(front)
	md.WriteString("---\n")
	md.Write(body)
	files := map[string][]byte{BriefFile: md.Bytes()}
	for _, t := range b.Tables {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		rec := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			rec[i] = c.Name
		}
		w.Write(rec)
		for _, r := range t.Rows {
			for i, v := range r.Values {
				rec[i] = v.encode()
			}
			w.Write(rec)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, err
		}
		files[path.Clean(t.File)] = buf.Bytes()
	}
	return files, nil
}

// encode writes a typed value as a CSV field.
func (v Value) encode() string {
	switch {
	case v.Null:
		return ""
	case v.Type == Integer:
		return strconv.FormatInt(v.Int, 10)
	case v.Type == Number:
		return strconv.FormatFloat(v.Num, 'g', -1, 64)
	case v.Type == Date:
		return v.Date.Format("2006-01-02")
	}
	return v.Str
}

// ymap builds a YAML mapping whose keys keep the order they are added in.
type ymap struct{ n *yaml.Node }

func newMap() ymap { return ymap{&yaml.Node{Kind: yaml.MappingNode}} }

func (m ymap) add(key string, v *yaml.Node) {
	if v != nil {
		m.n.Content = append(m.n.Content, ystr(key), v)
	}
}

func ystr(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// opt is s, or nothing when s is empty.
func opt(s string) *yaml.Node {
	if s == "" {
		return nil
	}
	return ystr(s)
}

func ylist(ss []string) *yaml.Node {
	if ss == nil {
		return nil
	}
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range ss {
		n.Content = append(n.Content, ystr(s))
	}
	return n
}

func yraw(tag, v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }

func ybool(b bool) *yaml.Node {
	if !b {
		return nil
	}
	return yraw("!!bool", "true")
}

func yint(n int) *yaml.Node {
	if n == 0 {
		return nil
	}
	return yraw("!!int", strconv.Itoa(n))
}

func yfloat(f *float64) *yaml.Node {
	if f == nil {
		return nil
	}
	return yraw("!!float", strconv.FormatFloat(*f, 'g', -1, 64))
}

func yconds(cs []Cond) *yaml.Node {
	if cs == nil {
		return nil
	}
	m := newMap()
	for _, c := range cs {
		if len(c.In) == 1 && c.In[0] == "" {
			m.add(c.Column, yraw("!!null", "~"))
		} else {
			m.add(c.Column, ylist(c.In))
		}
	}
	return m.n
}

func encodeFront(b *Brief) *yaml.Node {
	m := newMap()
	meta := b.Meta
	m.add("title", ystr(meta.Title))
	m.add("subtitle", opt(meta.Subtitle))
	m.add("series", opt(meta.Series))
	m.add("number", opt(meta.Number))
	m.add("date", ystr(meta.Date.Format("2006-01-02")))
	m.add("authors", ylist(meta.Authors))
	m.add("lang", ystr(meta.Lang))
	m.add("keywords", ylist(meta.Keywords))
	m.add("theme", opt(meta.Theme))
	m.add("edition", yint(meta.Edition))
	m.add("distribution", ylist(meta.Distribution))
	if len(b.Tables) > 0 {
		ts := &yaml.Node{Kind: yaml.SequenceNode}
		for _, t := range b.Tables {
			ts.Content = append(ts.Content, encodeTable(t))
		}
		m.add("tables", ts)
	}
	if len(b.Charts) > 0 {
		cs := &yaml.Node{Kind: yaml.SequenceNode}
		for _, c := range b.Charts {
			cs.Content = append(cs.Content, encodeChart(c))
		}
		m.add("charts", cs)
	}
	return m.n
}

func encodeTable(t *Table) *yaml.Node {
	m := newMap()
	m.add("id", ystr(t.ID))
	m.add("file", ystr(t.File))
	m.add("caption", ystr(t.Caption))
	m.add("source", opt(t.Source))
	switch t.Annex {
	case AnnexYes:
		m.add("annex", ybool(true))
	case AnnexOnly:
		m.add("annex", ystr("only"))
	}
	m.add("key", ylist(t.Key))
	m.add("landscape", ybool(t.Landscape))
	if t.Notes != nil {
		ns := &yaml.Node{Kind: yaml.SequenceNode}
		for _, n := range t.Notes {
			nm := newMap()
			nm.add("id", ystr(n.ID))
			nm.add("marker", opt(n.Marker))
			nm.add("text", ystr(n.Text))
			ns.Content = append(ns.Content, nm.n)
		}
		m.add("notes", ns)
	}
	cols := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range t.Columns {
		cm := newMap()
		cm.add("name", ystr(c.Name))
		if c.Label != c.Name {
			cm.add("label", ystr(c.Label))
		}
		cm.add("type", ystr(string(c.Type)))
		cm.add("unit", opt(c.Unit))
		cm.add("decimals", yint(c.Decimals))
		cm.add("format", opt(c.Format))
		cm.add("hidden", ybool(c.Hidden))
		if c.Width != 0 {
			cm.add("width", yfloat(&c.Width))
		}
		cm.add("align", opt(c.Align))
		if c.NoWrap {
			cm.add("wrap", yraw("!!bool", "false"))
		}
		if c.Values != nil {
			vm := newMap()
			for _, v := range c.Values {
				vm.add(v.Key, ystr(v.Label))
			}
			cm.add("values", vm.n)
		}
		if c.Display != nil {
			rs := &yaml.Node{Kind: yaml.SequenceNode}
			for _, r := range c.Display {
				rm := newMap()
				rm.add("when", yconds(r.When))
				rm.add("empty", ybool(r.Empty))
				if r.Text != nil {
					rm.add("text", ystr(*r.Text))
				}
				rm.add("prefix", opt(r.Prefix))
				rm.add("suffix", opt(r.Suffix))
				rm.add("note", opt(r.Note))
				rs.Content = append(rs.Content, rm.n)
			}
			cm.add("display", rs)
		}
		cols.Content = append(cols.Content, cm.n)
	}
	m.add("columns", cols)
	return m.n
}

func encodeChart(c *Chart) *yaml.Node {
	m := newMap()
	m.add("id", ystr(c.ID))
	m.add("type", ystr(string(c.Type)))
	m.add("table", ystr(c.Table))
	m.add("x", ystr(c.X))
	m.add("y", ystr(c.Y))
	m.add("label", opt(c.Label))
	m.add("series", opt(c.Series))
	m.add("status", opt(c.Status))
	if c.Flags != nil {
		fm := newMap()
		for _, f := range c.Flags {
			fm.add(f.Value, ystr(f.Label))
		}
		m.add("flags", fm.n)
	}
	m.add("cumulative", ybool(c.Cumul))
	m.add("where", yconds(c.Where))
	if c.Events != nil {
		es := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range c.Events {
			em := newMap()
			em.add("table", ystr(e.Table))
			em.add("x", ystr(e.X))
			em.add("label", ystr(e.Label))
			em.add("when", yconds(e.When))
			es.Content = append(es.Content, em.n)
		}
		m.add("events", es)
	}
	m.add("caption", ystr(c.Caption))
	m.add("alt", opt(c.Alt))
	m.add("source", opt(c.Source))
	m.add("notes", ylist(c.Notes))
	m.add("x_title", opt(c.XTitle))
	m.add("y_title", opt(c.YTitle))
	m.add("unit", opt(c.Unit))
	m.add("y_min", yfloat(c.YMin))
	m.add("y_max", yfloat(c.YMax))
	m.add("y_step", yfloat(c.YStep))
	m.add("limit", yint(c.Limit))
	m.add("annex", ybool(c.Annex))
	return m.n
}
