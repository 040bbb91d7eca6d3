// Package pdfcheck reads a PDF back through qpdf's JSON and checks the
// rules of a tagged PDF that poppler does not check: every marked-content
// sequence with an MCID belongs to exactly one structure element, through
// the parent tree and the element's kids; marked content is balanced on
// each page; nothing is painted outside marked content (an element's or
// an artifact); every annotation belongs to an element; the catalog and
// page entries of a tagged PDF are there. Tests of the fork and of the PDF
// renderer use it; it needs qpdf.
package pdfcheck

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Doc is a PDF's objects as qpdf's JSON (version 2) gives them.
type Doc struct {
	objs    map[string]any // "12 0 R" → value, or map with "stream"
	pages   []string       // page references in order
	version string         // of the header, e.g. "1.7"
}

// Read runs qpdf on a file.
func Read(qpdf, path string) (*Doc, error) {
	out, err := exec.Command(qpdf, "--json", "--json-stream-data=inline", "--decode-level=generalized", path).Output()
	if err != nil {
		return nil, fmt.Errorf("qpdf --json: %v", err)
	}
	var j struct {
		Pages []struct {
			Object string `json:"object"`
		} `json:"pages"`
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &j); err != nil {
		return nil, err
	}
	if len(j.QPDF) != 2 {
		return nil, fmt.Errorf("qpdf --json: unexpected layout")
	}
	var objs map[string]map[string]any
	if err := json.Unmarshal(j.QPDF[1], &objs); err != nil {
		return nil, err
	}
	var head struct {
		Version string `json:"pdfversion"`
	}
	if err := json.Unmarshal(j.QPDF[0], &head); err != nil {
		return nil, err
	}
	d := &Doc{objs: map[string]any{}, version: head.Version}
	for k, v := range objs {
		ref := strings.TrimPrefix(k, "obj:")
		if val, ok := v["value"]; ok {
			d.objs[ref] = val
		} else if st, ok := v["stream"]; ok {
			d.objs[ref] = st
		}
	}
	for _, p := range j.Pages {
		d.pages = append(d.pages, p.Object)
	}
	return d, nil
}

// Pages returns the page references in order.
func (d *Doc) Pages() []string { return d.pages }

// Dict returns an object's dictionary, following a reference.
func (d *Doc) Dict(v any) map[string]any {
	if s, ok := v.(string); ok && strings.HasSuffix(s, " R") {
		v = d.objs[s]
	}
	m, _ := v.(map[string]any)
	if st, ok := m["dict"]; ok { // a stream
		m, _ = st.(map[string]any)
	}
	return m
}

// Resolve follows a reference.
func (d *Doc) Resolve(v any) any {
	if s, ok := v.(string); ok && strings.HasSuffix(s, " R") {
		return d.objs[s]
	}
	return v
}

// Trailer returns the trailer dictionary.
func (d *Doc) Trailer() map[string]any {
	m, _ := d.objs["trailer"].(map[string]any)
	return m
}

// StreamData returns a stream's decoded data.
func (d *Doc) StreamData(ref any) ([]byte, error) {
	s, _ := ref.(string)
	st, _ := d.objs[s].(map[string]any)
	data, ok := st["data"].(string)
	if !ok {
		return nil, fmt.Errorf("%v: not a stream with data", ref)
	}
	return base64.StdEncoding.DecodeString(data)
}

// Catalog returns the document catalog.
func (d *Doc) Catalog() map[string]any {
	for _, v := range d.objs {
		if m, ok := v.(map[string]any); ok && m["/Type"] == "/Catalog" {
			return m
		}
	}
	return nil
}

// Content returns a page's decoded content stream.
func (d *Doc) Content(page string) (string, error) {
	p := d.Dict(page)
	var refs []any
	switch c := p["/Contents"].(type) {
	case string:
		refs = []any{c}
	case []any:
		refs = c
	}
	var b strings.Builder
	for _, r := range refs {
		st, _ := d.objs[r.(string)].(map[string]any)
		data, _ := st["data"].(string)
		raw, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return "", err
		}
		b.Write(raw)
	}
	return b.String(), nil
}

// paintOps are the operators that show text, paint paths or draw
// objects: each must be inside marked content in a tagged PDF.
var paintOps = map[string]bool{
	"Tj": true, "TJ": true, "'": true, "\"": true, "Do": true, "sh": true, "BI": true,
	"S": true, "s": true, "f": true, "F": true, "f*": true, "B": true, "B*": true, "b": true, "b*": true,
}

// Tokens splits a content stream into its tokens, each string (literal
// or hexadecimal) becoming one token "(…)", so that a string's bytes are
// never taken for operators. Dictionaries' delimiters are tokens too.
func Tokens(content string) []string {
	var toks []string
	i := 0
	for i < len(content) {
		c := content[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0:
			i++
		case c == '%': // comment
			for i < len(content) && content[i] != '\n' && content[i] != '\r' {
				i++
			}
		case c == '(':
			depth := 0
			for i < len(content) {
				switch content[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
				i++
				if depth == 0 {
					break
				}
			}
			toks = append(toks, "(…)")
		case c == '<' && i+1 < len(content) && content[i+1] == '<', c == '>' && i+1 < len(content) && content[i+1] == '>':
			toks = append(toks, content[i:i+2])
			i += 2
		case c == '<':
			for i < len(content) && content[i] != '>' {
				i++
			}
			i++
			toks = append(toks, "(…)")
		case c == '[' || c == ']' || c == '{' || c == '}':
			toks = append(toks, string(c))
			i++
		default:
			j := i + 1
			for j < len(content) && !strings.ContainsRune(" \n\r\t\f\x00()<>[]{}/%", rune(content[j])) {
				j++
			}
			toks = append(toks, content[i:j])
			i = j
		}
	}
	return toks
}

// Text decodes a JSON string value of qpdf ("u:..." or "b:...").
func Text(v any) string {
	s, _ := v.(string)
	return strings.TrimPrefix(s, "u:")
}

var mcidRe = regexp.MustCompile(`/MCID\s+(\d+)`)

// Tagged checks a tagged PDF and returns what is wrong, if anything.
func (d *Doc) Tagged() []string {
	var bad []string
	fail := func(format string, a ...any) { bad = append(bad, fmt.Sprintf(format, a...)) }
	cat := d.Catalog()
	if cat == nil {
		return []string{"no catalog"}
	}
	if mi := d.Dict(cat["/MarkInfo"]); mi == nil || mi["/Marked"] != true {
		fail("catalog: no /MarkInfo <</Marked true>>")
	}
	root := d.Dict(cat["/StructTreeRoot"])
	if root == nil {
		return append(bad, "catalog: no /StructTreeRoot")
	}
	nums, _ := d.Resolve(d.Dict(root["/ParentTree"])["/Nums"]).([]any)
	parent := map[int]any{}
	for i := 0; i+1 < len(nums); i += 2 {
		k, _ := nums[i].(float64)
		parent[int(k)] = nums[i+1]
	}
	// Each element's kids, to look MCIDs and OBJRs up.
	type mcr struct {
		page string
		mcid int
	}
	owner := map[mcr][]string{} // (page, MCID) → elements listing it
	annotOwner := map[string][]string{}
	var walk func(ref string, depth int)
	seen := map[string]bool{}
	walk = func(ref string, depth int) {
		if seen[ref] || depth > 100 {
			return
		}
		seen[ref] = true
		e := d.Dict(ref)
		pg, _ := e["/Pg"].(string)
		kids := e["/K"]
		list, ok := kids.([]any)
		if !ok && kids != nil {
			list = []any{kids}
		}
		for _, k := range list {
			switch k := k.(type) {
			case float64:
				owner[mcr{pg, int(k)}] = append(owner[mcr{pg, int(k)}], ref)
			case string:
				walk(k, depth+1)
			case map[string]any:
				switch k["/Type"] {
				case "/MCR":
					p, _ := k["/Pg"].(string)
					if p == "" {
						p = pg
					}
					id, _ := k["/MCID"].(float64)
					owner[mcr{p, int(id)}] = append(owner[mcr{p, int(id)}], ref)
				case "/OBJR":
					o, _ := k["/Obj"].(string)
					annotOwner[o] = append(annotOwner[o], ref)
				}
			}
		}
	}
	topKids := root["/K"]
	if l, ok := topKids.([]any); ok {
		for _, k := range l {
			if s, ok := k.(string); ok {
				walk(s, 0)
			}
		}
	} else if s, ok := topKids.(string); ok {
		walk(s, 0)
	}

	for i, page := range d.pages {
		p := d.Dict(page)
		content, err := d.Content(page)
		if err != nil {
			fail("page %d: %v", i+1, err)
			continue
		}
		depth := 0
		var mcids []int
		outside := 0 // painting operators outside marked content
		tokens := Tokens(content)
		for j, tok := range tokens {
			if depth == 0 && paintOps[tok] {
				outside++
			}
			switch tok {
			case "BDC", "BMC":
				depth++
				if tok == "BDC" {
					// The property list: the dictionary just before BDC.
					k, depth := j-1, 0
					for ; k >= 0; k-- {
						if tokens[k] == ">>" {
							depth++
						} else if tokens[k] == "<<" {
							depth--
						}
						if depth <= 0 {
							break
						}
					}
					operands := strings.Join(tokens[max(0, k):j], " ")
					if id := mcidRe.FindStringSubmatch(operands); id != nil {
						n, _ := strconv.Atoi(id[1])
						mcids = append(mcids, n)
					}
				}
			case "EMC":
				depth--
				if depth < 0 {
					fail("page %d: EMC without BDC", i+1)
					depth = 0
				}
			}
		}
		if depth != 0 {
			fail("page %d: %d marked-content sequences not ended", i+1, depth)
		}
		if outside > 0 {
			fail("page %d: %d painting operators outside marked content (neither tagged nor an artifact)", i+1, outside)
		}
		sp, ok := p["/StructParents"].(float64)
		if len(mcids) > 0 && !ok {
			fail("page %d: MCIDs but no /StructParents", i+1)
			continue
		}
		arr, _ := d.Resolve(parent[int(sp)]).([]any)
		if len(mcids) > 0 && len(arr) < len(mcids) {
			fail("page %d: %d MCIDs, parent tree lists %d", i+1, len(mcids), len(arr))
		}
		dup := map[int]bool{}
		for _, id := range mcids {
			if dup[id] {
				fail("page %d: MCID %d used twice", i+1, id)
			}
			dup[id] = true
			owners := owner[mcr{page, id}]
			if len(owners) != 1 {
				fail("page %d: MCID %d belongs to %d elements", i+1, id, len(owners))
				continue
			}
			if id < len(arr) && arr[id] != owners[0] {
				fail("page %d: MCID %d: parent tree says %v, the tree %v", i+1, id, arr[id], owners[0])
			}
		}
		annots, _ := d.Resolve(p["/Annots"]).([]any)
		if len(annots) > 0 && p["/Tabs"] != "/S" {
			fail("page %d: annotations but no /Tabs /S", i+1)
		}
		for _, a := range annots {
			ref, _ := a.(string)
			ad := d.Dict(a)
			if ad["/Subtype"] == "/Link" || ad["/Subtype"] == "/Widget" {
				k, ok := ad["/StructParent"].(float64)
				if !ok {
					fail("page %d: annotation %v has no /StructParent", i+1, a)
					continue
				}
				if owners := annotOwner[ref]; len(owners) != 1 || parent[int(k)] != owners[0] {
					fail("page %d: annotation %v: parent tree %v, OBJR in %v", i+1, a, parent[int(k)], owners)
				}
			}
		}
	}
	sort.Strings(bad)
	return bad
}

// Elements returns the structure elements in reading order, as role and
// dictionary.
func (d *Doc) Elements() []map[string]any {
	cat := d.Catalog()
	root := d.Dict(cat["/StructTreeRoot"])
	var out []map[string]any
	var walk func(v any)
	walk = func(v any) {
		switch k := v.(type) {
		case []any:
			for _, x := range k {
				walk(x)
			}
		case string:
			e := d.Dict(k)
			if e["/Type"] == "/StructElem" || e["/S"] != nil {
				out = append(out, e)
				walk(e["/K"])
			}
		}
	}
	if root != nil {
		walk(root["/K"])
	}
	return out
}
