package testkit

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// RandomBrief writes a brief folder generated from seed: front matter with
// one to three tables of random columns (long text, URLs, identifiers,
// negative numbers, dates, enums, empty cells), and a body of headings,
// paragraphs, nested lists and quotes, with footnotes referenced from the
// lead, headings, list items and quotes, in a random order. The same seed
// gives the same files. Keys are paths inside the folder.
func RandomBrief(seed uint64) map[string]string {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), files: map[string]string{}}
	return g.brief()
}

type gen struct {
	r     *rand.Rand
	files map[string]string
	notes []string // footnote labels referenced so far
}

var vocab = strings.Fields(`the council agreed to extend sanctions regime export ban coal iron
seafood missile launch test range report panel experts member states annex measures resolution
security region talks freeze dialogue allies pressure economy trade border humanitarian aid
ministry statement delegation proposal review monitoring implementation compliance evidence
assessment capacity framework negotiation verification transparency infrastructure reconstruction
Pyongyang Beijing Moscow Seoul Washington Tokyo Geneva Vienna`)

func (g *gen) word() string { return vocab[g.r.IntN(len(vocab))] }

func (g *gen) words(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word()
	}
	return strings.Join(ws, " ")
}

// sentence is prose with, now and then, emphasis, a link or a long URL.
func (g *gen) sentence(markup bool) string {
	s := g.words(4 + g.r.IntN(14))
	if markup {
		switch g.r.IntN(6) {
		case 0:
			s += " **" + g.words(2) + "**"
		case 1:
			s += " *" + g.words(2) + "*"
		case 2:
			s += " [" + g.words(2) + "](https://example.org/" + g.word() + ")"
		case 3:
			s += " " + g.url()
		case 4:
			s += " `" + g.ident() + "`"
		}
	}
	return title(s) + "."
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func (g *gen) url() string {
	var b strings.Builder
	b.WriteString("https://www.example.org")
	for i := 0; i < 2+g.r.IntN(6); i++ {
		b.WriteString("/" + g.word())
		if g.r.IntN(2) == 0 {
			b.WriteString("-" + g.word())
		}
	}
	if g.r.IntN(2) == 0 {
		b.WriteString("?id=" + strconv.Itoa(g.r.IntN(100000)))
	}
	return b.String()
}

func (g *gen) ident() string {
	parts := make([]string, 2+g.r.IntN(6))
	for i := range parts {
		parts[i] = g.word()
	}
	return strings.ToUpper(strings.Join(parts, "_"))
}

// note returns a footnote reference, a new one or, rarely, a repeat.
func (g *gen) note() string {
	if len(g.notes) > 0 && g.r.IntN(8) == 0 {
		return "[^" + g.notes[g.r.IntN(len(g.notes))] + "]"
	}
	l := "n" + strconv.Itoa(len(g.notes)+1)
	g.notes = append(g.notes, l)
	return "[^" + l + "]"
}

func (g *gen) maybeNote(p int) string {
	if g.r.IntN(100) < p {
		return g.note()
	}
	return ""
}

type col struct{ name, kind string }

func (g *gen) brief() map[string]string {
	var fm, body strings.Builder
	fm.WriteString("---\ntitle: " + title(g.words(3+g.r.IntN(8))) + "\n")
	fm.WriteString(fmt.Sprintf("date: 20%02d-%02d-%02d\nlang: en\n", 10+g.r.IntN(15), 1+g.r.IntN(12), 1+g.r.IntN(28)))
	nt := 1 + g.r.IntN(3)
	fm.WriteString("tables:\n")
	var blocks []string
	for ti := 1; ti <= nt; ti++ {
		id := "t" + strconv.Itoa(ti)
		g.table(&fm, id)
		blocks = append(blocks, "{{table "+id+"}}")
	}
	fm.WriteString("---\n")
	// The lead, then blocks in a random order.
	body.WriteString(g.sentence(true) + g.maybeNote(50) + " " + g.sentence(false) + "\n\n")
	for i := 0; i < 3+g.r.IntN(12); i++ {
		switch g.r.IntN(7) {
		case 0, 1:
			blocks = append(blocks, strings.Repeat("#", 1+g.r.IntN(2))+" "+title(g.words(2+g.r.IntN(5)))+g.maybeNote(25))
		case 2, 3:
			var p []string
			for j := 0; j < 1+g.r.IntN(8); j++ {
				p = append(p, g.sentence(true)+g.maybeNote(15))
			}
			blocks = append(blocks, strings.Join(p, " "))
		case 4:
			blocks = append(blocks, g.list(0))
		case 5:
			blocks = append(blocks, "> "+g.sentence(true)+g.maybeNote(30)+"\n>\n> "+g.sentence(false))
		case 6:
			blocks = append(blocks, "---")
		}
	}
	g.r.Shuffle(len(blocks), func(i, j int) { blocks[i], blocks[j] = blocks[j], blocks[i] })
	body.WriteString(strings.Join(blocks, "\n\n") + "\n\n")
	for _, l := range g.notes {
		body.WriteString("[^" + l + "]: " + g.sentence(g.r.IntN(3) == 0) + "\n")
	}
	g.files["brief.md"] = fm.String() + "\n" + body.String()
	return g.files
}

func (g *gen) list(depth int) string {
	ind := strings.Repeat("   ", depth)
	ordered := g.r.IntN(2) == 0
	var b strings.Builder
	for i := 0; i < 2+g.r.IntN(4); i++ {
		m := "- "
		if ordered {
			m = strconv.Itoa(i+1) + ". "
		}
		b.WriteString(ind + m + g.sentence(true) + g.maybeNote(20) + "\n")
		if depth < 2 && g.r.IntN(4) == 0 {
			b.WriteString(g.list(depth + 1))
		}
	}
	return b.String()
}

func (g *gen) table(fm *strings.Builder, id string) {
	kinds := []string{"short", "long", "url", "ident", "integer", "number", "date", "enum"}
	n := 2 + g.r.IntN(5)
	cols := []col{{"c1", []string{"short", "date", "ident"}[g.r.IntN(3)]}}
	for i := 2; i <= n; i++ {
		cols = append(cols, col{"c" + strconv.Itoa(i), kinds[g.r.IntN(len(kinds))]})
	}
	fmt.Fprintf(fm, "  - id: %s\n    file: data/%s.csv\n    caption: %s\n    source: %s\n    annex: %v\n    columns:\n",
		id, id, title(g.words(3+g.r.IntN(10)))+g.maybeNote(20), g.words(3+g.r.IntN(6))+g.maybeNote(15), g.r.IntN(2) == 0)
	hinted := g.r.IntN(len(cols) + 2) // the column given layout hints, if any
	for ci, c := range cols {
		label := title(g.words(1 + g.r.IntN(3)))
		fmt.Fprintf(fm, "      - name: %s\n        label: %s\n", c.name, label)
		if ci == hinted {
			switch {
			case c.kind == "short":
				fm.WriteString("        wrap: false\n        align: center\n")
			case c.kind == "long" || c.kind == "url":
				fmt.Fprintf(fm, "        width: %d%%\n", 15+g.r.IntN(20))
			default:
				fm.WriteString("        align: " + []string{"left", "right", "center"}[g.r.IntN(3)] + "\n")
			}
		}
		switch c.kind {
		case "integer":
			fm.WriteString("        type: integer\n")
		case "number":
			fm.WriteString("        type: number\n        decimals: " + strconv.Itoa(g.r.IntN(3)) + "\n")
		case "date":
			fm.WriteString("        type: date\n        format: " + []string{"d MMMM yyyy", "d MMM", "yyyy-MM-dd"}[g.r.IntN(3)] + "\n")
		case "enum":
			fm.WriteString("        type: enum\n        values:\n          a: Agreed\n          b: Blocked by a veto\n          c: Under review by the panel\n")
		default:
			fm.WriteString("        type: text\n")
		}
	}
	rows := 1 + g.r.IntN(40)
	switch g.r.IntN(6) {
	case 0:
		rows = 300 + g.r.IntN(60)
	case 1:
		rows = 60 + g.r.IntN(80)
	}
	var csv strings.Builder
	for i, c := range cols {
		if i > 0 {
			csv.WriteByte(',')
		}
		csv.WriteString(c.name)
	}
	csv.WriteByte('\n')
	for range rows {
		for i, c := range cols {
			if i > 0 {
				csv.WriteByte(',')
			}
			if i > 0 && g.r.IntN(12) == 0 {
				continue // an empty cell
			}
			cell := g.cell(c.kind)
			if (c.kind == "short" || c.kind == "long") && g.r.IntN(40) == 0 {
				// A footnote from a cell: before a long cell's closing quote.
				if strings.HasSuffix(cell, `"`) {
					cell = cell[:len(cell)-1] + g.note() + `"`
				} else {
					cell += g.note()
				}
			}
			csv.WriteString(cell)
		}
		csv.WriteByte('\n')
	}
	g.files["data/"+id+".csv"] = csv.String()
}

func (g *gen) cell(kind string) string {
	switch kind {
	case "short":
		return g.words(1 + g.r.IntN(3))
	case "long":
		return `"` + g.words(3+g.r.IntN(40)) + `"`
	case "url":
		return g.url()
	case "ident":
		return g.ident()
	case "integer":
		return strconv.Itoa(g.r.IntN(2000000) - 500000)
	case "number":
		return strconv.FormatFloat((g.r.Float64()-0.4)*float64([]int{1, 100, 100000}[g.r.IntN(3)]), 'f', 3, 64)
	case "date":
		return fmt.Sprintf("%d-%02d-%02d", 1990+g.r.IntN(35), 1+g.r.IntN(12), 1+g.r.IntN(28))
	case "enum":
		return []string{"a", "b", "c"}[g.r.IntN(3)]
	}
	return ""
}
