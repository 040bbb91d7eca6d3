package edition_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/edition"
)

const randomBrief = `---
title: Random table
date: 2021-06-01
tables:
  - id: things
    file: data/things.csv
    caption: Things
    annex: true
    key: [id, day]
    columns:
      - {name: id, label: Id, type: integer}
      - {name: day, label: Day, type: date}
      - {name: name, label: Name, type: text}
      - {name: amount, label: Amount, type: number, decimals: 2, unit: t}
      - name: kind
        label: Kind
        type: enum
        values: {a: Alpha, b: Beta, c: Gamma}
---

The lead.

## Data

{{table things}}
`

var words = []string{"plain", "with, comma", `a "quote"`, "x & y <z>", "Zürich", "Łódź", "=SUM(A1)", "  padded", "000123", "line"}

// randomRow makes a row with key (id, day) and random other cells, some empty.
func randomRow(r *rand.Rand, id int) []string {
	day := fmt.Sprintf("2021-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
	return []string{strconv.Itoa(id), day, randomCell(r, 2), randomCell(r, 3), randomCell(r, 4)}
}

func randomCell(r *rand.Rand, col int) string {
	if r.IntN(8) == 0 && col != 4 {
		return ""
	}
	switch col {
	case 2:
		return words[r.IntN(len(words))] + strconv.Itoa(r.IntN(5))
	case 3:
		return strconv.FormatFloat(float64(r.IntN(2000000)-1000000)/100, 'f', -1, 64)
	}
	return []string{"a", "b", "c"}[r.IntN(3)]
}

func writeCSV(t testing.TB, file string, rows [][]string) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "day", "name", "amount", "kind"})
	w.WriteAll(rows)
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// same reports whether two CSV fields hold the same typed value.
func sameField(col int, a, b string) bool {
	if col == 3 && a != "" && b != "" {
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		return x == y
	}
	return strings.TrimSpace(a) == strings.TrimSpace(b)
}

// TestRandomEdits makes random keyed tables and random edits of them (rows
// added, removed, reordered and cells revised) and checks that the diff
// finds exactly the edits made, and that an edition compared with its own
// annex has none. REPORT_SWEEP sets the number of rounds.
func TestRandomEdits(t *testing.T) {
	rounds := 12
	if n, err := strconv.Atoi(os.Getenv("REPORT_SWEEP")); err == nil && n > 0 {
		rounds = n
	}
	labels := []string{"Id", "Day", "Name", "Amount", "Kind"}
	for round := range rounds {
		r := rand.New(rand.NewPCG(uint64(round), 18))
		dir := filepath.Join(t.TempDir(), "random")
		os.MkdirAll(filepath.Join(dir, "data"), 0o755)
		os.WriteFile(filepath.Join(dir, "brief.md"), []byte(randomBrief), 0o644)
		n := 1 + r.IntN(40)
		var rows [][]string
		for i := range n {
			rows = append(rows, randomRow(r, i*3))
		}
		writeCSV(t, filepath.Join(dir, "data", "things.csv"), rows)
		base := build(t, dir)

		// Edits.
		var want []string
		next := 3 * n
		var edited [][]string
		for _, row := range rows {
			switch r.IntN(6) {
			case 0: // removed
				want = append(want, "removed|"+row[0]+", "+row[1])
				continue
			case 1, 2: // revised: one or more cells other than the key
				row = slices.Clone(row)
				for _, col := range []int{2, 3, 4} {
					if r.IntN(2) == 0 {
						continue
					}
					old := row[col]
					for sameField(col, old, row[col]) {
						row[col] = randomCell(r, col)
					}
					want = append(want, "revised|"+row[0]+", "+row[1]+"|"+labels[col])
				}
			}
			edited = append(edited, row)
		}
		for range r.IntN(4) {
			row := randomRow(r, next)
			next += 3
			edited = append(edited, row)
			want = append(want, "added|"+row[0]+", "+row[1])
		}
		r.Shuffle(len(edited), func(i, j int) { edited[i], edited[j] = edited[j], edited[i] })
		if len(edited) == 0 {
			edited = append(edited, randomRow(r, next))
			want = append(want, "added|"+edited[0][0]+", "+edited[0][1])
		}
		writeCSV(t, filepath.Join(dir, "data", "things.csv"), edited)
		cur := build(t, dir)
		diff := compare(t, base.annex, cur)
		var got []string
		for _, c := range diff.Changes {
			s := string(c.Kind) + "|" + c.Key
			if c.Kind == doc.CellRevised {
				s += "|" + c.Column
			}
			got = append(got, s)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("round %d: changes\n%s\nwant\n%s", round, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Marks: one per row added or revised, none elsewhere.
		edition.Apply(cur.d, diff, edition.Options{Words: edition.English})
		marks := 0
		for _, m := range cur.d.Tables[0].Change {
			if m != "" {
				marks++
			}
		}
		rowsChanged := map[string]bool{}
		for _, w := range want {
			if kind, rest, _ := strings.Cut(w, "|"); kind != "removed" {
				key, _, _ := strings.Cut(rest, "|")
				rowsChanged[key] = true
			}
		}
		if marks != len(rowsChanged) {
			t.Errorf("round %d: %d rows marked, %d changed", round, marks, len(rowsChanged))
		}
		if self := compare(t, cur.annex, build(t, dir)); !self.Empty() {
			t.Errorf("round %d: an edition differs from its own annex:\n%s", round, lines(self.Changes))
		}
	}
}
