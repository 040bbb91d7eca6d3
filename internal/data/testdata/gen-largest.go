//go:build ignore

// gen-largest writes the largest briefs the loader accepts, the ones
// measured in docs/limits.md, into a folder (never into the repository):
//
//	go run internal/data/testdata/gen-largest.go /tmp/largest
//	/usr/bin/time -v report build -o /tmp/largest/out /tmp/largest/*
//
// annex: 64 columns × 31,250 rows = 2,000,000 values, annex only, ~66 MB
// body:  10 columns × 100,000 rows placed in the PDF and the annex
// both:  the body table plus an annex-only table of 64 × 15,600
// charts: the body table (annex only) drawn by 20 line charts
package main

import (
	"bufio"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

type table struct {
	id         string
	cols, rows int
	width      int // characters of each text value
	annex      string
	placed     bool
}

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run gen-largest.go FOLDER")
	}
	out := os.Args[1]
	body := table{"b", 10, 100_000, 8, "true", true}
	briefs := map[string][]table{
		"annex": {{"a", 64, 31_250, 58, "only", false}},
		"body":  {body},
		"both":  {body, {"a", 64, 15_600, 58, "only", false}},
	}
	for name, tables := range briefs {
		write(filepath.Join(out, name), tables, 0)
	}
	charted := body
	charted.annex, charted.placed = "only", false
	write(filepath.Join(out, "charts"), []table{charted}, 20)
}

func write(dir string, tables []table, charts int) {
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		log.Fatal(err)
	}
	var fm, text strings.Builder
	fm.WriteString("---\ntitle: Largest\ndate: 2020-01-01\ntables:\n")
	text.WriteString("The lead.\n\n## Section\n\nText.\n\n")
	for _, t := range tables {
		fmt.Fprintf(&fm, "  - id: %s\n    file: data/%s.csv\n    caption: Big\n    source: generated.\n    annex: %s\n    columns:\n", t.id, t.id, t.annex)
		for c := range t.cols {
			typ := "text"
			if c%2 == 1 {
				typ = "number"
			}
			fmt.Fprintf(&fm, "      - {name: c%d, type: %s}\n", c, typ)
		}
		if t.placed {
			fmt.Fprintf(&text, "{{table %s}}\n\n", t.id)
		}
		csv(filepath.Join(dir, "data", t.id+".csv"), t)
	}
	if charts > 0 {
		fm.WriteString("charts:\n")
		for i := range charts {
			fmt.Fprintf(&fm, "  - {id: c%d, type: line, table: %s, x: c1, y: c3, caption: Many points}\n", i, tables[0].id)
			fmt.Fprintf(&text, "{{figure c%d}}\n\n", i)
		}
	}
	fm.WriteString("---\n\n")
	if err := os.WriteFile(filepath.Join(dir, "brief.md"), []byte(fm.String()+text.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

func csv(name string, t table) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for c := range t.cols {
		if c > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, "c%d", c)
	}
	w.WriteByte('\n')
	for r := range t.rows {
		for c := range t.cols {
			if c > 0 {
				w.WriteByte(',')
			}
			if c%2 == 1 {
				fmt.Fprintf(w, "%d.5", r+c)
			} else {
				s := fmt.Sprintf("w%d", r*7+c)
				w.WriteString(s + strings.Repeat("x", max(t.width-len(s), 0)))
			}
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	f.Close()
}
