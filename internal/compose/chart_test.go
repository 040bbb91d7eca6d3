package compose_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
)

func gallery(t *testing.T, name string) map[string]doc.Chart {
	t.Helper()
	b, err := data.LoadDir("../../examples/charts/" + name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]doc.Chart{}
	for _, f := range compose.Compose(b, compose.Options{}).Figures {
		out[f.ID] = f.Chart
	}
	return out
}

func labels(ts []doc.Tick) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Label)
	}
	return strings.Join(s, "|")
}

// TestRowsInRandomOrder checks that points are sorted by x before they are
// drawn and before the running total is taken.
func TestRowsInRandomOrder(t *testing.T) {
	charts := gallery(t, "random-order")
	for _, id := range []string{"total", "line"} {
		pts := charts[id].Series[0].Points
		if !slices.IsSortedFunc(pts, func(a, b doc.Point) int { return int(a.X - b.X) }) {
			t.Errorf("%s: points not sorted by x", id)
		}
	}
	total := charts["total"].Series[0].Points
	for i := 1; i < len(total); i++ {
		if total[i].Y < total[i-1].Y {
			t.Errorf("the running total falls from %v to %v", total[i-1].Y, total[i].Y)
		}
	}
	bars := charts["bars"]
	if !strings.HasPrefix(bars.Categories[0], "10 Jan") || !strings.HasPrefix(bars.Categories[len(bars.Categories)-1], "25 May") {
		t.Errorf("bar categories not in date order: %q", bars.Categories)
	}
}

// TestGroupedBarsUnion checks that grouped bars take their categories from
// every series, not the first one only.
func TestGroupedBarsUnion(t *testing.T) {
	ch := gallery(t, "grouped-unequal")["mix"]
	if got := strings.Join(ch.Categories, "|"); got != "Coal|Gas|Nuclear|Wind|Solar|Hydro" {
		t.Errorf("categories %q", got)
	}
	for _, s := range ch.Series {
		for _, p := range s.Points {
			if ch.Categories[int(p.X)] != p.Label {
				t.Errorf("%s: point %q at category %q", s.Name, p.Label, ch.Categories[int(p.X)])
			}
		}
	}
}

// TestAxisTicks checks nice number ticks, years written whole, and date
// ticks at a granularity that fits the span.
func TestAxisTicks(t *testing.T) {
	for _, tc := range []struct{ brief, chart, x, y string }{
		{"year-axis", "line", "2005|2010|2015|2020", "1,200|1,400|1,600|1,800|2,000"},
		{"year-axis", "plain", "1000|2000|3000|4000|5000", ""},
		{"numeric-x", "line", "110|120|130|140|150", "4.0|4.5|5.0|5.5"},
		{"dates-10-days", "line", "3 Mar|5 Mar|7 Mar|9 Mar|11 Mar|13 Mar", ""},
		{"dates-1-year", "line", "Jan 2023|Mar|May|Jul|Sep|Nov|Jan 2024|Mar", ""},
		{"dates-15-years", "line", "2008|2010|2012|2014|2016|2018|2020|2022|2024", ""},
		{"dates-320-years", "line", "1700|1750|1800|1850|1900|1950|2000|2050", ""},
		{"negative-bars", "mixed", "", "-3|-2|-1|0|1|2"},
		{"negative-bars", "negative", "", "-25|-20|-15|-10|-5|0"},
	} {
		ch := gallery(t, tc.brief)[tc.chart]
		if tc.x != "" && labels(ch.XTicks) != tc.x {
			t.Errorf("%s/%s: x ticks %s, want %s", tc.brief, tc.chart, labels(ch.XTicks), tc.x)
		}
		if tc.y != "" && labels(ch.YTicks) != tc.y {
			t.Errorf("%s/%s: y ticks %s, want %s", tc.brief, tc.chart, labels(ch.YTicks), tc.y)
		}
	}
	if got := gallery(t, "year-axis")["bars"].Categories[0]; got != "2006" {
		t.Errorf("year category %q, want 2006", got)
	}
}

// TestMissingValues checks that a missing value is marked, never plotted
// as 0: a gap in a line, a flag on a bar.
func TestMissingValues(t *testing.T) {
	charts := gallery(t, "missing-values")
	missing := 0
	for _, p := range charts["line"].Series[0].Points {
		if p.Missing {
			missing++
			if p.Y != 0 {
				t.Errorf("missing point has y %v", p.Y)
			}
		}
	}
	if missing != 3 {
		t.Errorf("%d missing points on the line, want 3", missing)
	}
	flags := 0
	for _, p := range charts["bars"].Series[0].Points {
		if p.Missing && p.Flag != "" {
			flags++
		}
	}
	if flags != 3 {
		t.Errorf("%d flagged bars, want 3", flags)
	}
}

// TestLimitAfterWhere checks that limit counts the rows that meet where
// and have an x, and that compose plots the rows validation checked.
func TestLimitAfterWhere(t *testing.T) {
	dir := t.TempDir()
	brief := `---
title: Limits
date: 2020-02-29
tables:
  - id: t
    file: t.csv
    caption: T
    annex: only
    columns:
      - {name: day, type: date}
      - {name: n, type: integer}
      - {name: keep, type: text}
charts:
  - id: c
    type: line
    table: t
    x: day
    y: n
    where: {keep: "y"}
    limit: 2
    caption: C
---

Lead.

{{figure c}}
`
	csv := "day,n,keep\n2020-01-05,1,n\n,2,y\n2020-01-03,3,y\n2020-01-01,4,y\n2020-01-02,5,y\n"
	if err := os.WriteFile(filepath.Join(dir, "brief.md"), []byte(brief), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := data.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ch := compose.Compose(b, compose.Options{}).Figures[0]
	// Rows 2 and 3 of the file (n 3 and 4), sorted by date; the row without
	// a date does not count toward the limit.
	if got := ch.Chart.Rows; !slices.Equal(got, []int{3, 2}) {
		t.Errorf("rows %v, want [3 2]", got)
	}
	if ch.Chart.Limited != 1 || !strings.Contains(strings.Join(ch.Notes, " "), "first 2 rows of 3") {
		t.Errorf("limited %d, notes %q", ch.Chart.Limited, ch.Notes)
	}
	rows, limited := b.Charts[0].Select(b.Table("t"))
	if !slices.Equal(rows, ch.Chart.Rows) || limited != ch.Chart.Limited {
		t.Errorf("validation selects %v (%d left out), compose %v (%d)", rows, limited, ch.Chart.Rows, ch.Chart.Limited)
	}
}

// TestDateCategoriesAcrossYears checks that date categories carry their
// year when the bars span more than one, so that two 1 January bars can be
// told apart.
func TestDateCategoriesAcrossYears(t *testing.T) {
	if got := gallery(t, "random-order")["bars"].Categories[0]; got != "10 Jan" {
		t.Errorf("one year: category %q, want 10 Jan", got)
	}
	if got := gallery(t, "missing-values")["bars"].Categories; got[0] != "1 Jan" {
		t.Errorf("one year: categories %q", got)
	}
	dir := t.TempDir()
	brief := "---\ntitle: Years\ndate: 2020-02-29\ntables:\n  - id: t\n    file: t.csv\n    caption: T\n    annex: only\n    columns:\n      - {name: day, type: date}\n      - {name: n, type: integer}\ncharts:\n  - {id: c, type: bar, table: t, x: day, y: n, caption: C}\n---\n\nLead.\n\n{{figure c}}\n"
	csv := "day,n\n2019-01-01,1\n2020-01-01,2\n"
	if err := os.WriteFile(filepath.Join(dir, "brief.md"), []byte(brief), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := data.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	cats := compose.Compose(b, compose.Options{}).Figures[0].Chart.Categories
	if strings.Join(cats, "|") != "1 Jan 2019|1 Jan 2020" {
		t.Errorf("categories %q, want the years", cats)
	}
}
