package pdf_test

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/render/pdf"
	"github.com/un-briefs/report/internal/testkit"
)

func textCell(s string) doc.Cell { return doc.Cell{Value: doc.Value{Kind: doc.Text, Str: s}, Text: s} }

func para(s string) *doc.Paragraph {
	return &doc.Paragraph{Role: "body", Runs: []doc.Run{{Text: s}}}
}

const prose = "Access for humanitarian workers did not improve, and field offices reported more constraints than in any year since the survey began, which took longer to resolve. "

// wideTable is a table of a year column and several long-text columns.
func wideTable(cols, rows int) *doc.Table {
	t := &doc.Table{ID: "wide", Number: 1, Label: "Table 1", Caption: "Several long-text columns", InBody: true,
		Columns: []doc.Column{{Name: "year", Label: "Year", Kind: doc.Integer, Align: doc.Right}}}
	for c := 0; c < cols; c++ {
		t.Columns = append(t.Columns, doc.Column{Name: "c" + strconv.Itoa(c), Label: "Long column " + strconv.Itoa(c), Kind: doc.Text, Align: doc.Left})
	}
	for r := 0; r < rows; r++ {
		row := []doc.Cell{{Value: doc.Value{Kind: doc.Integer, Int: int64(2010 + r)}, Text: strconv.Itoa(2010 + r)}}
		for c := 0; c < cols; c++ {
			row = append(row, textCell(strings.Repeat("constraint reported by the field office ", 1+(r+c)%4)+"https://example.org/reports/"+strconv.Itoa(r)+"/access-constraints-"+strconv.Itoa(c)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// TestWideTextColumns: columns of long text shared the measure badly: they
// overlapped, ran past the margin, and a year wrapped as "2 / 014".
func TestWideTextColumns(t *testing.T) {
	for _, cols := range []int{2, 4, 6} {
		t.Run(strconv.Itoa(cols), func(t *testing.T) {
			d := longTable(0)
			tb := wideTable(cols, 12)
			d.Tables = []*doc.Table{tb}
			d.Blocks = []doc.Block{para(prose + prose), &doc.TableRef{Table: tb}, para(prose)}
			checkInvariants(t, d, defaultTheme(t))
		})
	}
}

// TestTableTooWide: a table whose columns cannot fit even at the theme's
// smallest size is an error naming it, unless the theme allows landscape.
func TestTableTooWide(t *testing.T) {
	d := longTable(0)
	tb := &doc.Table{ID: "many", Number: 1, Label: "Table 1", Caption: "Too many columns", InBody: true}
	for c := 0; c < 8; c++ {
		tb.Columns = append(tb.Columns, doc.Column{Name: "c" + strconv.Itoa(c), Label: "Column", Kind: doc.Text, NoWrap: true})
	}
	for r := 0; r < 5; r++ {
		var row []doc.Cell
		for range tb.Columns {
			row = append(row, textCell("Unbreakable_identifier_x"))
		}
		tb.Rows = append(tb.Rows, row)
	}
	d.Tables = []*doc.Table{tb}
	d.Blocks = []doc.Block{para(prose), &doc.TableRef{Table: tb}}
	th := defaultTheme(t)
	if err := pdf.CheckTables(d, th); err == nil || !strings.Contains(err.Error(), `table "many" (Table 1) is too wide`) {
		t.Errorf("CheckTables: %v; want the table named as too wide", err)
	}
	_, err := pdf.Render(io.Discard, d, th)
	if err == nil || !strings.Contains(err.Error(), `table "many" (Table 1) is too wide`) {
		t.Fatalf("err = %v; want the table named as too wide", err)
	}
	th.Table.Landscape = true
	b, _ := render(t, d, th)
	file := write(t, b)
	if out := run(t, "pdfinfo", "-f", "1", "-l", "3", file); !strings.Contains(out, "841.89 x 595.28") {
		t.Errorf("no landscape page:\n%s", out)
	}
	for _, p := range testkit.Problems(t, file, d, frame(th), false) {
		t.Error(p)
	}
	// The brief may ask for it, table by table.
	tb.Landscape = true
	if err := pdf.CheckTables(d, defaultTheme(t)); err != nil {
		t.Errorf("CheckTables with landscape: %v", err)
	}
	b, _ = render(t, d, defaultTheme(t))
	if out := run(t, "pdfinfo", "-f", "1", "-l", "3", write(t, b)); !strings.Contains(out, "841.89 x 595.28") {
		t.Errorf("landscape: true gives no landscape page:\n%s", out)
	}
	tb.Landscape = false
	// Shrinking is enough for a slightly wide table.
	th = defaultTheme(t)
	tb.Columns, tb.Rows = tb.Columns[:6], nil
	for r := 0; r < 5; r++ {
		var row []doc.Cell
		for range tb.Columns {
			row = append(row, textCell("Unbreakable_identifier"))
		}
		tb.Rows = append(tb.Rows, row)
	}
	checkInvariants(t, d, th)
}

// TestShortTableStartsHere: a short table that does not fit keeps whole on
// the next page only when that leaves little blank; it used to leave up to
// a page's worth.
func TestShortTableStartsHere(t *testing.T) {
	d := longTable(25)
	tb := d.Tables[0]
	d.Blocks = []doc.Block{para(strings.Repeat(prose, 9)), &doc.TableRef{Table: tb}}
	b, _ := render(t, d, defaultTheme(t))
	first := run(t, "pdftotext", "-f", "1", "-l", "1", write(t, b), "-")
	if !strings.Contains(first, "Table 1.") {
		t.Errorf("the table does not start on page 1, which is half blank:\n%s", first)
	}
	checkInvariants(t, d, defaultTheme(t))
}

// TestFloatAfterList: a figure that floats to the next page waits until a
// list ends, instead of landing between its items.
func TestFloatAfterList(t *testing.T) {
	bd := bundledDoc(t)
	d := longTable(0)
	d.Tables = nil
	d.Figures = bd.Figures[:1]
	l := &doc.List{}
	for i := 0; i < 30; i++ {
		l.Items = append(l.Items, []doc.Block{para("Item " + strconv.Itoa(i+1) + " of the list, long enough to take a line.")})
	}
	d.Blocks = []doc.Block{para(strings.Repeat(prose, 22)), &doc.FigureRef{Figure: bd.Figures[0]}, l, para("After the list.")}
	b, _ := render(t, d, defaultTheme(t))
	text := run(t, "pdftotext", write(t, b), "-")
	fig := strings.Index(text, bd.Figures[0].Label+".")
	last := strings.Index(text, "Item 30 ")
	if fig < 0 || last < 0 || fig < last {
		t.Errorf("the figure (at %d) splits the list (last item at %d)", fig, last)
	}
}

// TestLongWords: a URL longer than the measure breaks after "/" instead of
// running past the margin, and the line before it is not stretched.
func TestLongWords(t *testing.T) {
	url := "https://example.org/" + strings.Repeat("very-long-path-segment/", 12) + "end"
	d := longTable(0)
	d.Tables = nil
	d.Blocks = []doc.Block{
		&doc.Paragraph{Role: "body", Runs: []doc.Run{{Text: prose + "See "}, {Text: url, Link: url}, {Text: " and " + prose}}},
		para(prose + "identifier_with_many_parts_" + strings.Repeat("x", 150) + " " + prose),
	}
	th := defaultTheme(t)
	b, _ := render(t, d, th)
	file := write(t, b)
	for _, p := range testkit.Problems(t, file, d, frame(th), false) {
		t.Error(p)
	}
	pages := testkit.ReadPages(t, file)
	for _, p := range pages {
		for i := 1; i < len(p.Words); i++ {
			a, w := p.Words[i-1], p.Words[i]
			if a.Line == w.Line && w.X0-a.X1 > 4*2.7 {
				t.Errorf("gap of %.1f pt between %q and %q: the line is over-stretched", w.X0-a.X1, a.Text, w.Text)
			}
		}
	}
	text := run(t, "pdftotext", file, "-")
	// pdftotext drops a hyphen that ends a line: compare without them.
	if !strings.Contains(strings.ReplaceAll(squeezeAll(text), "-", ""), strings.ReplaceAll(url, "-", "")) {
		t.Error("the URL does not read back whole")
	}
	if !regexp.MustCompile(`(?m)/$`).MatchString(text) {
		t.Error("no line ends after a slash")
	}
}

func squeezeAll(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// TestFootnotesInLeadAndHeading: notes referenced from the lead's box and
// from a heading were never printed.
func TestFootnotesInLeadAndHeading(t *testing.T) {
	d := longTable(0)
	d.Tables = nil
	d.Blocks = []doc.Block{
		&doc.Box{Role: "lead", Blocks: []doc.Block{&doc.Paragraph{Role: "lead", Runs: []doc.Run{{Text: "The lead says something"}, {Text: "1", Footnote: 1}, {Text: "."}}}}},
		&doc.Heading{Level: 1, Text: "A heading", Runs: []doc.Run{{Text: "A heading"}, {Text: "2", Footnote: 2}}},
		para(prose),
	}
	d.Footnotes = []doc.Footnote{{Number: 1, Runs: []doc.Run{{Text: "Lead note text."}}}, {Number: 2, Runs: []doc.Run{{Text: "Heading note text."}}}}
	checkInvariants(t, d, defaultTheme(t))
	var buf bytes.Buffer
	if _, err := pdf.Render(&buf, d, defaultTheme(t)); err != nil {
		t.Fatal(err)
	}
	text := run(t, "pdftotext", write(t, buf.Bytes()), "-")
	for _, s := range []string{"Lead note text.", "Heading note text."} {
		if !strings.Contains(text, s) {
			t.Errorf("%q is not printed", s)
		}
	}
}
