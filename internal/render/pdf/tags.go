package pdf

import (
	"strconv"

	"github.com/un-briefs/report/internal/doc"

	"github.com/un-briefs/report/third_party/fpdf"
)

// Tagged PDF (issue 17): the renderer builds a structure tree in reading
// order while it sets the brief, and marks each piece of content for the
// element it belongs to; furniture (running header and footer, rules,
// fills, a table header repeated on a later page) is marked as artifacts.
//
// Marking is lazy: the element on top of the stack is the one the content
// drawn now belongs to, and mark(), called just before content is drawn,
// ends the marked content of another element and begins this one's. An
// element's end (end) closes its marked content, so that content drawn by
// code that forgets to mark it is caught by pdfcheck as painted outside
// marked content. Nothing is open at a page break: newPage ends the
// marked content first, and the next mark() begins it again, with a new
// MCID, on the new page.

// tagger is the renderer's structure state; zero (off) for an untagged
// document, when every method does nothing.
type tagger struct {
	on    bool
	doc   *fpdf.StructElem         // the Document element
	stack []*fpdf.StructElem       // the element content belongs to is the last
	open  *fpdf.StructElem         // marked content open now, if any
	notes map[int]*fpdf.StructElem // footnote number → its Note
	heads int                      // table header rows set so far in the current table
	big   bool                     // the current table is tagged as a Div, not cell by cell
}

// startTags makes the document tagged: the Document element and the
// document-level entries.
func (r *renderer) startTags() {
	r.tg = tagger{on: true, notes: map[int]*fpdf.StructElem{}}
	r.tg.doc = r.f.NewStructElem(nil, "Document")
	r.tg.stack = []*fpdf.StructElem{r.tg.doc}
	r.f.SetDisplayDocTitle(true)
}

// top is the element content drawn now belongs to.
func (r *renderer) top() *fpdf.StructElem {
	if len(r.tg.stack) == 0 {
		return nil
	}
	return r.tg.stack[len(r.tg.stack)-1]
}

// begin adds an element of role under the current one and makes it current.
func (r *renderer) begin(role string) *fpdf.StructElem {
	return r.beginIn(r.top(), role)
}

// beginIn adds an element of role under parent and makes it current.
func (r *renderer) beginIn(parent *fpdf.StructElem, role string) *fpdf.StructElem {
	if !r.tg.on {
		return nil
	}
	e := r.f.NewStructElem(parent, role)
	r.enter(e)
	return e
}

// enter makes an existing element current, e.g. a Note made at its
// reference and filled at the foot of the page.
func (r *renderer) enter(e *fpdf.StructElem) {
	if !r.tg.on {
		return
	}
	r.tg.stack = append(r.tg.stack, e)
}

// end closes the current element's marked content and makes its parent
// (or the element entered before it) current again.
func (r *renderer) end() {
	if !r.tg.on {
		return
	}
	r.unmark()
	r.tg.stack = r.tg.stack[:len(r.tg.stack)-1]
}

// mark makes sure the content drawn next is marked for the current element.
func (r *renderer) mark() {
	if !r.tg.on {
		return
	}
	e := r.top()
	if r.tg.open == e {
		return
	}
	r.unmark()
	r.f.BeginMarkedContent(e)
	r.tg.open = e
}

// unmark ends the marked content open now, if any.
func (r *renderer) unmark() {
	if r.tg.open != nil {
		r.f.EndMarkedContent()
		r.tg.open = nil
	}
}

// artifact draws furniture that is not part of the structure: typ is
// "Pagination" (with subtype "Header" or "Footer") or "Layout".
func (r *renderer) artifact(typ, subtype string, draw func()) {
	if !r.tg.on {
		draw()
		return
	}
	r.unmark()
	r.f.BeginArtifact(typ, subtype)
	draw()
	r.f.EndMarkedContent()
}

// tagLink makes the link annotation just added (by CellFormat) a kid of
// the Link element e, with alt as its description.
func (r *renderer) tagLink(e *fpdf.StructElem, alt string) {
	if !r.tg.on {
		return
	}
	e.SetAlt(alt)
	r.f.TagLink(e)
}

// noteElem is footnote n's Note element, made under the current element
// (its reference) the first time it is asked for.
func (r *renderer) noteElem(n int) *fpdf.StructElem {
	if !r.tg.on {
		return nil
	}
	e, ok := r.tg.notes[n]
	if !ok {
		e = r.f.NewStructElem(r.top(), "Note")
		e.SetID("fn-" + strconv.Itoa(n))
		r.tg.notes[n] = e
	}
	return e
}

// figureAlt is a figure's alternative text: compose's, made from the
// chart's data or given by the brief, else its caption.
func (r *renderer) figureAlt(f *doc.Figure) string {
	if f.Alt != "" {
		return f.Alt
	}
	return f.Label + ". " + f.Caption
}

// standards sets up the standards the theme asks for (pdf.standard):
// tagging, the PDF/A and PDF/UA identification, and object streams, which
// keep a tagged PDF's many small structure objects compressed.
func (r *renderer) standards() {
	std := r.th.PDF.Standard
	if std == "" || std == "none" {
		return
	}
	if r.th.PDF.Tagged() {
		r.startTags()
		r.f.SetPDFUA(1)
	}
	switch std {
	case "a2a":
		r.f.SetPDFA(2, "A")
	case "a2b":
		r.f.SetPDFA(2, "B")
	}
	r.f.SetObjectStreams(true)
}

// bigTable reports whether table t, laid out as tl, has more body cells
// than the theme tags one by one (pdf.tag_cells). Such a table is tagged
// as a Div holding a P for its caption, one for its header row and one for
// its rows: an element a cell would make a 100,000-row brief three times
// slower and larger, and a table of thousands of pages is read in the
// annex anyway.
func (r *renderer) bigTable(t *doc.Table, tl *tableLayout) bool {
	limit := r.th.PDF.TagCells
	return r.tg.on && limit > 0 && len(t.Rows)*len(tl.cols) > limit
}

// bigRoles are the roles of a big table's parts; "" is no element.
var bigRoles = map[string]string{"Table": "Div", "Caption": "P", "THead": "P", "TBody": "P"}

// beginT begins a table's element of role, or of the role a big table
// gives that part (none for its rows and cells: nil).
func (r *renderer) beginT(role string) *fpdf.StructElem {
	if r.tg.big {
		if role = bigRoles[role]; role == "" {
			return nil
		}
	}
	return r.begin(role)
}

// endT ends what beginT began for role.
func (r *renderer) endT(role string) {
	if r.tg.big && bigRoles[role] == "" {
		return
	}
	r.end()
}

// enterT enters a table cell's element, if it has one.
func (r *renderer) enterT(e *fpdf.StructElem) {
	if r.tg.big {
		return
	}
	r.enter(e)
}

// lineEndSpace writes a space, which shows nothing, at x at the end of a
// line that wrapped between two words, so that text read from the
// structure tree (pdfinfo -struct-text, screen readers) has a space
// between the last word of a line and the first of the next.
func (r *renderer) lineEndSpace(x, lh float64) {
	r.mark()
	r.f.SetXY(x, r.y)
	r.f.CellFormat(0, lh, " ", "", 0, "L", false, 0, "")
}
