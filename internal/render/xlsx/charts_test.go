package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"
)

// annexCharts reads the native charts of an annex back from its XML: each
// chart's title and XML, and the drawing's anchors, in order.
func annexCharts(t *testing.T, b []byte) (charts map[string]string, anchors [][2]int) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(f *zip.File) string {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		x, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(x)
	}
	charts = map[string]string{}
	title := regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	for _, f := range zr.File {
		switch {
		case strings.HasPrefix(f.Name, "xl/charts/chart"):
			x := read(f)
			m := title.FindStringSubmatch(x)
			if m == nil {
				t.Fatalf("%s has no title", f.Name)
			}
			charts[html.UnescapeString(m[1])] = x
		case strings.HasPrefix(f.Name, "xl/drawings/drawing") && strings.HasSuffix(f.Name, ".xml"):
			var d struct {
				Anchors []struct {
					From struct {
						Row int `xml:"row"`
					} `xml:"from"`
					To struct {
						Row int `xml:"row"`
					} `xml:"to"`
					Ext struct {
						Cy int64 `xml:"cy,attr"`
					} `xml:"ext"`
				} `xml:"oneCellAnchor"`
				TwoCell []struct {
					From struct {
						Row int `xml:"row"`
					} `xml:"from"`
					To struct {
						Row int `xml:"row"`
					} `xml:"to"`
				} `xml:"twoCellAnchor"`
			}
			if err := xml.Unmarshal([]byte(read(f)), &d); err != nil {
				t.Fatal(err)
			}
			for _, a := range d.TwoCell {
				anchors = append(anchors, [2]int{a.From.Row, a.To.Row})
			}
			for _, a := range d.Anchors {
				// One-cell anchors give a height in EMU; a row is 20 px
				// (190,500 EMU).
				anchors = append(anchors, [2]int{a.From.Row, a.From.Row + int((a.Ext.Cy+190499)/190500)})
			}
		}
	}
	return charts, anchors
}

// TestAnnexCharts reads the annex charts' XML back: each chart declared for
// the annex is there, its category axis shows the column's own format with
// labels at the low end, thinned beyond about 40 categories, and no chart
// covers another.
func TestAnnexCharts(t *testing.T) {
	for _, tc := range []struct {
		brief string
		want  map[string][]string // chart title → strings its XML holds
		not   map[string][]string
	}{
		{"negative-bars", map[string][]string{
			"Figure 1. Change in output by region (mixed signs)": {`numFmt formatCode="General"`, `tickLblPos val="low"`, "'growth-data'!$A$2:$A$8", "'growth-data'!$B$2:$B$8"},
			"Figure 2. Losses by region (every value negative)":  {`tickLblPos val="low"`, "'growth-data'!$C$2:$C$8"},
		}, nil},
		{"year-axis", map[string][]string{
			"Figure 2. Output by year (bars with years as categories)": {`numFmt formatCode="General"`},
		}, nil},
		{"missing-values", map[string][]string{
			"Figure 2. The same prices as bars: a flag where there is no value": {`numFmt formatCode="mmmm yyyy"`, `dispBlanksAs val="gap"`},
		}, nil},
		{"categories", map[string][]string{
			"Figure 3. 200 categories": {`tickLblSkip val="5"`, `rot="-5400000"`, "'many-data'!$A$2:$A$201"},
		}, nil},
	} {
		_, b := build(t, "../../../examples/charts/"+tc.brief)
		charts, anchors := annexCharts(t, b)
		if len(charts) != len(tc.want) {
			t.Errorf("%s: %d charts in the annex, want %d", tc.brief, len(charts), len(tc.want))
		}
		for title, wants := range tc.want {
			x, ok := charts[title]
			if !ok {
				t.Errorf("%s: no chart %q in the annex", tc.brief, title)
				continue
			}
			for _, w := range wants {
				if !strings.Contains(strings.ReplaceAll(html.UnescapeString(x), "<c:", "<"), w) {
					t.Errorf("%s: chart %q lacks %s", tc.brief, title, w)
				}
			}
			if strings.Contains(x, `formatCode="d mmm"`) {
				t.Errorf("%s: chart %q formats its categories as dates", tc.brief, title)
			}
		}
		// Charts stack: each starts below the one before ends.
		for i := 1; i < len(anchors); i++ {
			if anchors[i][0] < anchors[i-1][1] {
				t.Errorf("%s: chart %d (rows %v) overlaps chart %d (rows %v)", tc.brief, i+1, anchors[i], i, anchors[i-1])
			}
		}
		if len(anchors) != len(tc.want) {
			t.Errorf("%s: %d anchors for %d charts: %v", tc.brief, len(anchors), len(tc.want), anchors)
		}
	}
}
