package fpdf

// report patch "tagged PDF": marked content, a structure tree and the
// document-level entries of a tagged PDF (ISO 32000-1, 14.6–14.8; the
// requirements of PDF/UA-1, ISO 14289-1). Nothing here is written unless a
// document creates a structure element or marks content.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// StructElem is an element of a document's structure tree, made by
// NewStructElem. Its kids, in reading order, are the elements made with it
// as parent, the content marked for it (BeginMarkedContent) and the link
// annotations given to it (TagLink), in the order of those calls.
type StructElem struct {
	role   string
	parent *StructElem
	kids   []structKid
	page   int // page of the first marked content, for /Pg
	alt    string
	actual string
	lang   string
	title  string
	id     string
	attrs  []string // entries of attribute dictionaries, by owner
	num    int      // object number, set when the document is written
}

// structKid is one kid of an element: an element, a marked-content
// sequence (page, MCID) or an annotation (index into tagState.annots).
type structKid struct {
	elem  *StructElem
	page  int
	mcid  int
	annot int // -1 if none
}

type openMark struct {
	elem     *StructElem // nil: an artifact
	artifact string      // the artifact's property list, e.g. "<</Type /Pagination>>"
}

type taggedAnnot struct {
	page, index int // the link is f.pageLinks[page][index]
	elem        *StructElem
	num         int // object number
}

// tagState is a tagged document's structure, and its marks while pages
// are made.
type tagState struct {
	top        []*StructElem
	mcids      map[int][]*StructElem // page → element of each MCID
	annots     []taggedAnnot
	annotOf    map[[2]int]int // (page, link index) → index into annots
	open       []openMark     // marked content open on the current page
	suspended  []openMark     // open while a page break is made
	roleMap    map[string]string
	docTitle   bool
	pageObjNum []int // object numbers of the pages, 1-based
	annotNum   map[[2]int]int
}

func (f *Fpdf) tagging() *tagState {
	if f.tags == nil {
		f.tags = &tagState{mcids: map[int][]*StructElem{}, annotOf: map[[2]int]int{}}
	}
	return f.tags
}

// Tagged reports whether the document is tagged: whether it has a
// structure element or marked content.
func (f *Fpdf) Tagged() bool { return f.tags != nil }

// NewStructElem adds a structure element of the given role (a standard
// structure type such as "Document", "H1", "P", "Table", "TH", "Figure",
// or a name mapped with SetRoleMap) as the last kid of parent, or at the
// top of the tree if parent is nil. It makes the document tagged: the
// catalog gets /MarkInfo <</Marked true>> and the /StructTreeRoot.
func (f *Fpdf) NewStructElem(parent *StructElem, role string) *StructElem {
	t := f.tagging()
	e := &StructElem{role: role, parent: parent}
	if parent == nil {
		t.top = append(t.top, e)
	} else {
		parent.kids = append(parent.kids, structKid{elem: e, annot: -1})
	}
	return e
}

// Role returns the element's structure type.
func (e *StructElem) Role() string { return e.role }

// Parent returns the element's parent, nil at the top of the tree.
func (e *StructElem) Parent() *StructElem { return e.parent }

// SetAlt sets the element's alternate description (/Alt), e.g. a figure's
// text for readers that cannot see it.
func (e *StructElem) SetAlt(s string) { e.alt = s }

// SetActualText sets the text that replaces the element's content
// (/ActualText), e.g. for a hyphenated word.
func (e *StructElem) SetActualText(s string) { e.actual = s }

// SetLang sets the language of the element's content (/Lang), when it
// differs from the document's, e.g. "ru".
func (e *StructElem) SetLang(s string) { e.lang = s }

// SetTitle sets the element's title (/T).
func (e *StructElem) SetTitle(s string) { e.title = s }

// SetID sets the element's identifier (/ID), listed in the structure
// tree's /IDTree; PDF/UA-1 asks it of Note elements. IDs must be unique.
func (e *StructElem) SetID(s string) { e.id = s }

// SetScope sets the /Scope of a table header cell (TH): "Column", "Row" or
// "Both".
func (e *StructElem) SetScope(scope string) {
	e.attrs = append(e.attrs, "/O /Table /Scope /"+scope)
}

// SetSpan sets the number of rows and columns a table cell spans
// (/RowSpan, /ColSpan; 1 is the default and is not written).
func (e *StructElem) SetSpan(rows, cols int) {
	var s []string
	if rows > 1 {
		s = append(s, "/RowSpan "+strconv.Itoa(rows))
	}
	if cols > 1 {
		s = append(s, "/ColSpan "+strconv.Itoa(cols))
	}
	if len(s) > 0 {
		e.attrs = append(e.attrs, "/O /Table "+strings.Join(s, " "))
	}
}

// SetBBox sets the element's bounding box (/BBox of its layout attributes,
// required of a Figure, Formula or Table by PDF/UA), given like a cell: x,
// y of its upper left corner and its width and height, in the document's
// unit, on the current page.
func (f *Fpdf) SetBBox(e *StructElem, x, y, w, h float64) {
	k := f.k
	e.attrs = append(e.attrs, fmt.Sprintf("/O /Layout /BBox [%.2f %.2f %.2f %.2f]",
		x*k, (f.h-(y+h))*k, (x+w)*k, (f.h-y)*k))
}

// SetRoleMap maps a custom structure type to a standard one, e.g.
// SetRoleMap("Footnote", "Note"); the catalog's structure tree root gets a
// /RoleMap.
func (f *Fpdf) SetRoleMap(custom, standard string) {
	t := f.tagging()
	if t.roleMap == nil {
		t.roleMap = map[string]string{}
	}
	t.roleMap[custom] = standard
}

// SetDisplayDocTitle asks viewers to show the document's title, rather
// than its file name, in their title bar (/ViewerPreferences
// <</DisplayDocTitle true>>, which PDF/UA requires).
func (f *Fpdf) SetDisplayDocTitle(on bool) {
	f.tagging().docTitle = on
}

// BeginMarkedContent starts content that belongs to e on the current page:
// "/Role <</MCID n>> BDC". End it with EndMarkedContent. If a page break
// comes before the end, the content is ended on the old page before its
// footer, and begun again, with a new MCID for the same element, on the
// new page after its header.
func (f *Fpdf) BeginMarkedContent(e *StructElem) {
	if f.err != nil {
		return
	}
	if f.page == 0 {
		f.SetErrorf("marked content begun before the first page")
		return
	}
	t := f.tagging()
	for _, m := range t.open {
		if m.elem == nil {
			f.SetErrorf("marked content for %s begun inside an artifact", e.role)
			return
		}
	}
	f.beginMark(openMark{elem: e})
}

// BeginArtifact starts content that is not part of the document's
// structure, such as running headers and footers, page numbers, rules and
// backgrounds: "/Artifact <<...>> BDC". typ is "" or "Pagination",
// "Layout", "Page" or "Background"; subtype is "" or, for pagination,
// "Header", "Footer" or "Watermark". End it with EndMarkedContent.
func (f *Fpdf) BeginArtifact(typ, subtype string) {
	if f.err != nil {
		return
	}
	if f.page == 0 {
		f.SetErrorf("artifact begun before the first page")
		return
	}
	props := ""
	if typ != "" {
		props = "/Type /" + typ
		if subtype != "" {
			props += " /Subtype /" + subtype
		}
		props = "<<" + props + ">>"
	}
	f.tagging()
	f.beginMark(openMark{artifact: props})
}

// EndMarkedContent ends the marked content or artifact begun last: "EMC".
func (f *Fpdf) EndMarkedContent() {
	if f.err != nil {
		return
	}
	t := f.tags
	if t == nil || len(t.open) == 0 {
		f.SetErrorf("EndMarkedContent without BeginMarkedContent or BeginArtifact")
		return
	}
	t.open = t.open[:len(t.open)-1]
	f.out("EMC")
}

func (f *Fpdf) beginMark(m openMark) {
	t := f.tags
	if m.elem == nil {
		if m.artifact == "" {
			f.out("/Artifact BMC")
		} else {
			f.out("/Artifact " + m.artifact + " BDC")
		}
	} else {
		e := m.elem
		mcid := len(t.mcids[f.page])
		t.mcids[f.page] = append(t.mcids[f.page], e)
		if e.page == 0 {
			e.page = f.page
		}
		e.kids = append(e.kids, structKid{page: f.page, mcid: mcid, annot: -1})
		f.outf("/%s <</MCID %d>> BDC", pdfName(e.role), mcid)
	}
	t.open = append(t.open, m)
}

// TagLink makes the link annotation added last on the current page (by
// Link or LinkString) a kid of e, normally a Link element: the annotation
// becomes an object with a /StructParent, referred to by an OBJR.
func (f *Fpdf) TagLink(e *StructElem) {
	if f.err != nil {
		return
	}
	if f.page == 0 || len(f.pageLinks[f.page]) == 0 {
		f.SetErrorf("TagLink without a link on the current page")
		return
	}
	t := f.tagging()
	key := [2]int{f.page, len(f.pageLinks[f.page]) - 1}
	if _, ok := t.annotOf[key]; ok {
		f.SetErrorf("the last link is tagged already")
		return
	}
	t.annotOf[key] = len(t.annots)
	e.kids = append(e.kids, structKid{annot: len(t.annots)})
	if e.page == 0 {
		e.page = f.page
	}
	t.annots = append(t.annots, taggedAnnot{page: key[0], index: key[1], elem: e})
}

// SuspendMarkedContent ends all marked content open on the page (writing
// one EMC for each), so that what follows, e.g. footnotes set at the foot
// of the page, belongs elsewhere. The next page break begins the same
// marked content again on the new page after its header, as it does for
// content open at a page break; ResumeMarkedContent begins it again on
// the current page.
func (f *Fpdf) SuspendMarkedContent() {
	if f.err != nil || f.tags == nil {
		return
	}
	if len(f.tags.suspended) > 0 && len(f.tags.open) > 0 {
		f.SetErrorf("SuspendMarkedContent: marked content is suspended already")
		return
	}
	f.tagSuspend()
}

// ResumeMarkedContent begins again, on the current page, the marked
// content that SuspendMarkedContent ended, each element with a new MCID.
func (f *Fpdf) ResumeMarkedContent() {
	if f.err != nil || f.tags == nil {
		return
	}
	if len(f.tags.open) > 0 {
		f.SetErrorf("ResumeMarkedContent: marked content is open")
		return
	}
	f.tagResume()
}

// tagSuspend ends the marked content open on the page before a page
// break, to begin it again on the next page (tagResume).
func (f *Fpdf) tagSuspend() {
	t := f.tags
	if t == nil || len(t.open) == 0 {
		return
	}
	for range t.open {
		f.out("EMC")
	}
	t.suspended = append(t.suspended, t.open...)
	t.open = nil
}

func (f *Fpdf) tagResume() {
	t := f.tags
	if t == nil || len(t.suspended) == 0 {
		return
	}
	marks := t.suspended
	t.suspended = nil
	for _, m := range marks {
		f.beginMark(m)
	}
}

// pdfName escapes a name's characters outside the regular ones (7.3.5).
func pdfName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || strings.IndexByte("#()<>[]{}/%", c) >= 0 {
			fmt.Fprintf(&b, "#%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// tagText is a text string for the structure tree: PDFDocEncoding if
// ASCII, else UTF-16BE with its byte order mark.
func (f *Fpdf) tagText(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return f.textstring(utf8toutf16(s))
		}
	}
	return f.textstring(s)
}

// tagPageEntries returns the entries a tagged page's dictionary gains.
func (f *Fpdf) tagPageEntries(n int) string {
	s := fmt.Sprintf("/StructParents %d", n-1)
	if len(f.pageLinks[n])+len(f.pageAttachments[n]) > 0 {
		s += " /Tabs /S"
	}
	return s
}

// tagAnnotNumbers numbers the link annotations of a tagged document, which
// are written as objects after the pages (from first on), so that the
// pages keep their object numbers.
func (f *Fpdf) tagAnnotNumbers(first int) {
	t := f.tags
	t.annotNum = map[[2]int]int{}
	for n := 1; n < len(f.pageLinks); n++ {
		for i := range f.pageLinks[n] {
			t.annotNum[[2]int{n, i}] = first
			first++
		}
	}
}

// putStructTree writes the structure tree root, its elements and its
// parent tree, numbered in that order; it returns the root's number.
func (f *Fpdf) putStructTree() int {
	t := f.tags
	root := f.n + 1
	next := root + 1
	var all []*StructElem
	var number func(e *StructElem)
	number = func(e *StructElem) {
		e.num = next
		next++
		all = append(all, e)
		for _, k := range e.kids {
			if k.elem != nil {
				number(k.elem)
			}
		}
	}
	for _, e := range t.top {
		number(e)
	}
	parentTree := next
	nPages := len(f.pages) - 1

	// Root
	f.newobj()
	var s fmtBuffer
	s.printf("<</Type /StructTreeRoot /K [")
	for i, e := range t.top {
		if i > 0 {
			s.printf(" ")
		}
		s.printf("%d 0 R", e.num)
	}
	s.printf("] /ParentTree %d 0 R /ParentTreeNextKey %d", parentTree, nPages+len(t.annots))
	if len(t.roleMap) > 0 {
		keys := make([]string, 0, len(t.roleMap))
		for k := range t.roleMap {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s.printf(" /RoleMap <<")
		for _, k := range keys {
			s.printf("/%s /%s ", pdfName(k), pdfName(t.roleMap[k]))
		}
		s.printf(">>")
	}
	var ids []*StructElem
	for _, e := range all {
		if e.id != "" {
			ids = append(ids, e)
		}
	}
	if len(ids) > 0 {
		sort.SliceStable(ids, func(i, j int) bool { return ids[i].id < ids[j].id })
		s.printf(" /IDTree <</Names [")
		for _, e := range ids {
			s.printf("%s %d 0 R ", f.tagText(e.id), e.num)
		}
		s.printf("]>>")
	}
	s.printf(">>")
	f.out(s.String())
	f.out("endobj")

	// Elements
	for _, e := range all {
		f.newobj()
		var s fmtBuffer
		parent := root
		if e.parent != nil {
			parent = e.parent.num
		}
		s.printf("<</Type /StructElem /S /%s /P %d 0 R", pdfName(e.role), parent)
		if e.page > 0 {
			s.printf(" /Pg %d 0 R", t.pageObjNum[e.page])
		}
		if e.id != "" {
			s.printf(" /ID %s", f.tagText(e.id))
		}
		if e.title != "" {
			s.printf(" /T %s", f.tagText(e.title))
		}
		if e.lang != "" {
			s.printf(" /Lang %s", f.tagText(e.lang))
		}
		if e.alt != "" {
			s.printf(" /Alt %s", f.tagText(e.alt))
		}
		if e.actual != "" {
			s.printf(" /ActualText %s", f.tagText(e.actual))
		}
		switch len(e.attrs) {
		case 0:
		case 1:
			s.printf(" /A <<%s>>", e.attrs[0])
		default:
			s.printf(" /A [")
			for _, a := range e.attrs {
				s.printf("<<%s>>", a)
			}
			s.printf("]")
		}
		s.printf(" /K [")
		for i, k := range e.kids {
			if i > 0 {
				s.printf(" ")
			}
			switch {
			case k.elem != nil:
				s.printf("%d 0 R", k.elem.num)
			case k.annot >= 0:
				a := t.annots[k.annot]
				s.printf("<</Type /OBJR /Obj %d 0 R /Pg %d 0 R>>",
					t.annotNum[[2]int{a.page, a.index}], t.pageObjNum[a.page])
			case k.page == e.page:
				s.printf("%d", k.mcid)
			default:
				s.printf("<</Type /MCR /Pg %d 0 R /MCID %d>>", t.pageObjNum[k.page], k.mcid)
			}
		}
		s.printf("]>>")
		f.out(s.String())
		f.out("endobj")
	}

	// Parent tree: a page's key is its index from 0, an annotation's the
	// number of pages plus its index.
	f.newobj()
	var p fmtBuffer
	p.printf("<</Nums [")
	for n := 1; n <= nPages; n++ {
		p.printf("%d [", n-1)
		for i, e := range t.mcids[n] {
			if i > 0 {
				p.printf(" ")
			}
			p.printf("%d 0 R", e.num)
		}
		p.printf("] ")
	}
	for i, a := range t.annots {
		p.printf("%d %d 0 R ", nPages+i, a.elem.num)
	}
	p.printf("]>>")
	f.out(p.String())
	f.out("endobj")
	return root
}
