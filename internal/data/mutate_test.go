package data_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/un-briefs/report/internal/build"
)

// Values that are hard on layout, charts and the annex.
var (
	hardNumbers = []string{"0", "-1", "1e308", "-1e308", "1e-308", "5e-324", "9223372036854775807", "-9223372036854775808", "", "0.000001", "123456789012", "-0", "1e15", "3.14159265358979"}
	hardTexts   = []string{"", strings.Repeat("Überschallgeschwindigkeit ", 80), strings.Repeat("x", 600), "Ελληνικά и русский", "  spaced  ", "a\nb\nc", "=SUM(A1:A9)", "<b>not html</b>", "*not emphasis*", "tab\there", "https://example.org/" + strings.Repeat("long/", 60)}
	hardDates   = []string{"0001-01-01", "9999-12-31", "2000-02-29", "", "1970-01-01"}
	hardFront   = []struct{ re, repl string }{
		{`(?m)^(\s*y_min:).*$`, "$1 -1e300"},
		{`(?m)^(\s*y_max:).*$`, "$1 1e300"},
		{`(?m)^(\s*y_step:).*$`, "$1 0.001"},
		{`(?m)^(\s*limit:).*$`, "$1 2"},
		{`(?m)^(\s*decimals:).*$`, "$1 10"},
		{`(?m)^(\s*format: )d.*$`, "${1}EEEE d MMMM y"},
		{`(?m)^(title:).*$`, "$1 " + strings.Repeat("A very long title ", 30)},
		{`(?m)^(\s*caption:).*$`, "$1 " + strings.Repeat("caption ", 60)},
		{`(?m)^(lang:).*$`, "$1 pl"},
		{`(?m)^(lang:).*$`, "$1 ru"},
		{`(?m)^(\s*)cumulative: true`, "${1}cumulative: false"},
		{`(?m)^(\s*type: )bar$`, "${1}line"},
		{`(?m)^(\s*type: )step$`, "${1}scatter"},
		{`(?m)^(\s*type: )(step|line)$`, "${1}bar"},
		{`(?m)^(\s*annex: )(true|only)$`, "${1}false"},
		{`(?m)^(\s*hidden: )true$`, "${1}false"},
	}
)

// mutate changes a brief's folder at random in ways that keep it plausible.
func mutate(r *rand.Rand, files map[string][]byte) {
	var csvs []string
	for name := range files {
		if strings.HasSuffix(name, ".csv") {
			csvs = append(csvs, name)
		}
	}
	slices.Sort(csvs)
	for range 1 + r.IntN(4) {
		if len(csvs) == 0 || r.IntN(3) == 0 {
			fm := hardFront[r.IntN(len(hardFront))]
			re := regexp.MustCompile(fm.re)
			if locs := re.FindAllIndex(files["brief.md"], -1); len(locs) > 0 {
				l := locs[r.IntN(len(locs))]
				b := files["brief.md"]
				repl := re.ReplaceAll(b[l[0]:l[1]], []byte(fm.repl))
				files["brief.md"] = slices.Concat(b[:l[0]], repl, b[l[1]:])
			}
			continue
		}
		name := csvs[r.IntN(len(csvs))]
		recs, err := csv.NewReader(bytes.NewReader(files[name])).ReadAll()
		if err != nil || len(recs) < 2 {
			continue
		}
		switch r.IntN(4) {
		case 0: // many rows
			n := 50 + r.IntN(400)
			for i := 0; i < n; i++ {
				recs = append(recs, slices.Clone(recs[1+r.IntN(len(recs)-1)]))
			}
		case 1: // few rows
			recs = recs[:2+r.IntN(min(2, len(recs)-1))]
		default: // hard cells
			for range 1 + r.IntN(6) {
				i, j := 1+r.IntN(len(recs)-1), r.IntN(len(recs[0]))
				v := recs[i][j]
				switch {
				case regexp.MustCompile(`^\d{4}-\d\d-\d\d$`).MatchString(v):
					recs[i][j] = hardDates[r.IntN(len(hardDates))]
				case regexp.MustCompile(`^-?[\d.e+-]+$`).MatchString(v) || v == "":
					recs[i][j] = hardNumbers[r.IntN(len(hardNumbers))]
				default:
					recs[i][j] = hardTexts[r.IntN(len(hardTexts))]
				}
			}
		}
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		w.WriteAll(recs)
		files[name] = out.Bytes()
	}
}

// TestMutatedBriefsBuild checks Load ok ⇒ build ok on real briefs changed at
// random: extreme and empty numbers and dates, long and foreign text, many or
// few rows, other chart types, languages and formats. A brief that still
// validates must build. Sixty run by default; REPORT_SWEEP=N runs N.
func TestMutatedBriefsBuild(t *testing.T) {
	n := 60
	if s := os.Getenv("REPORT_SWEEP"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("REPORT_SWEEP=%q: %v", s, err)
		}
	}
	seeds := realBriefs(t)
	themes := build.NewThemes()
	valid := 0
	for k := range n {
		r := rand.New(rand.NewPCG(uint64(k), 15))
		files := map[string][]byte{}
		for _, f := range txtar.Parse(seeds[k%len(seeds)]).Files {
			files[f.Name] = f.Data
		}
		mutate(r, files)
		fsys := fstest.MapFS{}
		for name, d := range files {
			fsys[name] = &fstest.MapFile{Data: d}
		}
		src := build.Source{ID: "mutant", Dir: "mutant", FS: fsys}
		if _, _, err := themes.Validate(build.Options{}, src); err != nil {
			continue
		}
		valid++
		res := themes.Build(context.Background(), build.Options{}, src)
		if res.Err != nil {
			var ar txtar.Archive
			names := make([]string, 0, len(files))
			for name := range files {
				names = append(names, name)
			}
			slices.Sort(names)
			for _, name := range names {
				ar.Files = append(ar.Files, txtar.File{Name: name, Data: files[name]})
			}
			t.Errorf("mutant %d (seed brief %d) validates but does not build: %v\n%s", k, k%len(seeds), res.Err, fmt.Sprintf("%.3000s", txtar.Format(&ar)))
		}
	}
	t.Logf("%d of %d mutants validate", valid, n)
	if valid < n/10 {
		t.Errorf("only %d of %d mutants validate", valid, n)
	}
}
