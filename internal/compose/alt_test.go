package compose_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
)

func figures(t *testing.T, dir string) map[string]*doc.Figure {
	t.Helper()
	b, err := data.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*doc.Figure{}
	for _, f := range compose.Compose(b, compose.Options{}).Figures {
		out[f.ID] = f
	}
	return out
}

// TestAltFromData checks the alternative text written from a chart's data:
// its type and axes, the range of its dates, its highest and lowest values
// where they are, and its flagged points; and that of a chart with events.
func TestAltFromData(t *testing.T) {
	fs := figures(t, "../../briefs/nk-2017")
	want := map[string]string{
		"distances": "Bar chart of Distance by Date; 12 February 2017 to 15 September 2017; highest 3,700\u00a0km on 15 September 2017 (Hwasong-12); lowest 60\u00a0km on 5 April 2017 (unconfirmed missile); 3 points marked failed; 1 point marked n/a",
		"timeline":  "Step chart of Missiles launched by Date; 12 February 2017 to 15 September 2017; highest 16 on 15 September 2017; lowest 1 on 12 February 2017; events marked: Resolution 2356, Resolution 2371, Hydrogen bomb, Resolution 2375",
	}
	for id, w := range want {
		if got := fs[id].Alt; got != w {
			t.Errorf("%s: alt\n%q, want\n%q", id, got, w)
		}
	}
	// Years are not grouped like numbers.
	for id, f := range figures(t, "../../examples/charts/year-axis") {
		if id != "plain" && !strings.Contains(f.Alt, "; 2006 to 2020; highest 1,980\u00a0t on 2017;") {
			t.Errorf("%s: alt %q", id, f.Alt)
		}
	}
	// Grouped bars name their series, and the series of the extremes.
	for id, f := range figures(t, "../../examples/charts/grouped-unequal") {
		if f.Chart.Type == doc.GroupedBarChart && (!strings.HasPrefix(f.Alt, "Grouped bar chart of ") || !strings.Contains(f.Alt, "; series: ")) {
			t.Errorf("%s: alt %q", id, f.Alt)
		}
	}
}

// TestAltFromBrief checks that a chart's alt: key replaces the text made
// from the data, in the figure and nowhere else.
func TestAltFromBrief(t *testing.T) {
	dir := t.TempDir()
	brief := `---
title: Alt
date: 2020-02-29
tables:
  - id: t
    file: t.csv
    caption: T
    annex: only
    columns:
      - {name: day, type: date}
      - {name: n, type: integer}
charts:
  - id: c
    type: line
    table: t
    x: day
    y: n
    caption: C
    alt: Exports doubled over three days.
  - id: d
    type: line
    table: t
    x: day
    y: n
    caption: D
---

Lead.

{{figure c}}

{{figure d}}
`
	if err := os.WriteFile(filepath.Join(dir, "brief.md"), []byte(brief), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte("day,n\n2020-01-01,1\n2020-01-02,2\n2020-01-03,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := figures(t, dir)
	if got := fs["c"].Alt; got != "Exports doubled over three days." {
		t.Errorf("alt %q, want the brief's", got)
	}
	if got, want := fs["d"].Alt, "Line chart of n by day; 1 January 2020 to 3 January 2020; highest 2 on 2 January 2020; lowest 1 on 1 January 2020"; got != want {
		t.Errorf("alt %q, want %q", got, want)
	}
}
