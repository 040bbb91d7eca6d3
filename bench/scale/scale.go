// Package scale writes scaled copies of the bundled brief for benchmarks: the
// missile-test table grown to N deterministic rows in date order, with the
// seed's mix of types, quantities, outcomes and confidence.
package scale

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/un-briefs/report/briefs"
)

// seedRows is the seed's table: type, quantity, distance, outcome, confidence.
var seedRows = [][5]string{
	{"Pukguksong-2", "1", "500", "success", "confirmed"},
	{"Scud variant", "4", "1000", "success", "confirmed"},
	{"Hwasong-10", "1", "", "failed", "unconfirmed"},
	{"unconfirmed missile", "1", "60", "success", "unknown"},
	{"Hwasong-12", "1", "", "failed", "probable"},
	{"Hwasong-12", "1", "", "failed", "probable"},
	{"Hwasong-12", "1", "790", "success", "confirmed"},
	{"Pukguksong-2", "1", "500", "success", "confirmed"},
	{"Scud variant", "1", "450", "success", "confirmed"},
	{"Hwasong-14", "1", "930", "success", "confirmed"},
	{"Hwasong-14", "1", "1000", "success", "confirmed"},
	{"Hwasong-12", "1", "2700", "success", "confirmed"},
	{"Hydrogen bomb", "1", "", "none", "confirmed"},
	{"Hwasong-12", "1", "3700", "success", "confirmed"},
}

// Write writes the brief with rows tests into dir.
func Write(dir string, rows int) error {
	if rows < 2 {
		return fmt.Errorf("a scaled brief needs at least 2 rows, not %d", rows)
	}
	src, err := fs.Sub(briefs.FS, briefs.Bundled)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return err
	}
	brief, err := fs.ReadFile(src, "brief.md")
	if err != nil {
		return err
	}
	// The bar chart plots the first 40 tests; its caption note says so.
	text := strings.Replace(string(brief), "    y_step: 1000\n", "    y_step: 1000\n    limit: 40\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "brief.md"), []byte(text), 0o644); err != nil {
		return err
	}
	res, err := fs.ReadFile(src, "data/resolutions.csv")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "data/resolutions.csv"), res, 0o644); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("date,type,quantity,distance_km,outcome,confidence\n")
	day := time.Date(2017, 2, 12, 0, 0, 0, 0, time.UTC)
	x := uint32(2017)
	for i := 0; i < rows; i++ {
		r := seedRows[i%len(seedRows)]
		x = x*1664525 + 1013904223 // a fixed LCG: the same rows every run
		dist := r[2]
		if dist != "" {
			var d int
			fmt.Sscan(dist, &d)
			dist = fmt.Sprint(d + int(x>>24)%200 - 100)
			if strings.HasPrefix(dist, "-") {
				dist = "10"
			}
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\n", day.Format("2006-01-02"), r[0], r[1], dist, r[3], r[4])
		if x>>28 < 6 {
			day = day.AddDate(0, 0, 1)
		}
	}
	return os.WriteFile(filepath.Join(dir, "data/tests.csv"), []byte(b.String()), 0o644)
}
