package edition_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/edition"
	"github.com/un-briefs/report/internal/render/pdf"
	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/testkit"
	"github.com/un-briefs/report/internal/theme"
)

const bundled = "../../briefs/nk-2017"

// keys declares the bundled brief's tables' keys.
var keys = [][2]string{
	{"    annex: true\n", "    annex: true\n    key: [date, type]\n"},
	{"    annex: only\n", "    annex: only\n    key: [resolution]\n"},
}

// october is the bundled brief, the 3 October 2017 edition, with its keys.
func october(t testing.TB) string {
	return edit(t, bundled, "nk-2017", map[string][][2]string{"brief.md": keys})
}

// edit copies a brief's folder into a new folder named id under a
// temporary folder and replaces text in its files; every replacement must
// apply once.
func edit(t testing.TB, from, id string, repl map[string][][2]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), id)
	if err := os.CopyFS(dir, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
	for name, rs := range repl {
		p := filepath.Join(dir, filepath.FromSlash(name))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, r := range rs {
			if strings.Count(s, r[0]) != 1 {
				t.Fatalf("%s: %q occurs %d times", name, r[0], strings.Count(s, r[0]))
			}
			s = strings.Replace(s, r[0], r[1], 1)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// september makes the 5 September 2017 edition of the bundled brief: the
// tests up to 3 September, the 14 May distance as first reported (700 km),
// the resolutions up to 5 August, and a sentence not yet written.
func september(t testing.TB) string {
	return edit(t, bundled, "nk-2017", map[string][][2]string{
		"brief.md": append([][2]string{
			{"date: 2017-10-03", "date: 2017-09-05"},
			{", followed by another missile test on 15 September.", "."},
		}, keys...),
		"data/tests.csv": {
			{"2017-05-14,Hwasong-12,1,790,", "2017-05-14,Hwasong-12,1,700,"},
			{"2017-09-15,Hwasong-12,1,3700,success,confirmed\n", ""},
		},
		"data/resolutions.csv": {
			{"2017-09-11,Resolution 2375,\"Banned imports of North Korean textiles, oil exports to that country, and the employment of North Korean workers\"\n", ""},
		},
	})
}

type built struct {
	b     *data.Brief
	d     *doc.Document
	annex []byte
}

func build(t testing.TB, dir string) built {
	t.Helper()
	b, err := data.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	d := compose.Compose(b, compose.Options{Generator: "report test"})
	th, err := theme.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xlsx.Render(&buf, d, th); err != nil {
		t.Fatal(err)
	}
	return built{b, d, buf.Bytes()}
}

func read(t testing.TB, annex []byte) *xlsx.Annex {
	t.Helper()
	a, err := xlsx.Read(bytes.NewReader(annex))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func compare(t testing.TB, base []byte, cur built) *edition.Diff {
	t.Helper()
	a := read(t, base)
	if err := edition.Same(a, cur.b, false); err != nil {
		t.Fatal(err)
	}
	return edition.Compare(a, cur.b, cur.d)
}

// lines shows changes one a line, for comparing with what a test expects.
func lines(cs []doc.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(string(c.Kind) + "|" + c.Table + "|" + c.Key + "|" + c.Column + "|" + c.OldText + "|" + c.NewText + "\n")
	}
	return b.String()
}

// TestSeptemberToOctober compares the October edition with the September
// one and finds exactly the known difference.
func TestSeptemberToOctober(t *testing.T) {
	sept := build(t, september(t))
	oct := build(t, october(t))
	diff := compare(t, sept.annex, oct)
	secs := doc.Sections(oct.d)
	var crisis doc.Section
	for _, s := range secs {
		if s.Heading == "North Korea Crisis" {
			crisis = s
		}
	}
	var oldHash string
	for _, s := range doc.Sections(sept.d) {
		if s.Heading == "North Korea Crisis" {
			oldHash = s.Hash()
		}
	}
	want := "section||North Korea Crisis||" + oldHash + "|" + crisis.Hash() + "\n" +
		"revised|tests|2017-05-14, Hwasong-12|Distance (km)|700|790\n" +
		"added|tests|2017-09-15, Hwasong-12|||\n" +
		"added|resolutions|Resolution 2375|||\n"
	if got := lines(diff.Changes); got != want {
		t.Errorf("changes:\n%s\nwant:\n%s", got, want)
	}
	if len(diff.Notes) != 0 {
		t.Errorf("notes: %q", diff.Notes)
	}
	wantSum := "Text revised under “North Korea Crisis”; 1 test added (15 September); 1 distance revised (14 May: 700 → 790 km); 1 resolution added (Resolution 2375)."
	if got := diff.Summary(edition.English); got != wantSum {
		t.Errorf("summary:\n%s\nwant:\n%s", got, wantSum)
	}
	if diff.Base.DateText != "5 September 2017" || diff.Base.ID != "nk-2017" {
		t.Errorf("base %+v", diff.Base)
	}

	edition.Apply(oct.d, diff, edition.Options{BoxRole: "changes", Words: edition.English})
	if oct.d.Meta.Edition != 2 || oct.d.Meta.Since != "5 September 2017" {
		t.Errorf("edition %d since %q", oct.d.Meta.Edition, oct.d.Meta.Since)
	}
	box, ok := oct.d.Blocks[1].(*doc.Box)
	if !ok || box.Role != "changes" {
		t.Fatalf("block after the lead is %T", oct.d.Blocks[1])
	}
	tests := oct.d.Tables[0]
	if got := strings.Join(tests.Change, ","); got != ",,,,,,revised,,,,,,,new" {
		t.Errorf("row marks %s", got)
	}
	if tests.Rows[13][0].Text != "15 September†" || tests.Rows[6][3].Text != "790‡" || tests.Rows[6][0].Text != "14 May" {
		t.Errorf("marks: %q %q %q", tests.Rows[13][0].Text, tests.Rows[6][3].Text, tests.Rows[6][0].Text)
	}
	notes := strings.Join(tests.Notes, "\n")
	if !strings.Contains(notes, "†new in this edition") || !strings.Contains(notes, "‡revised since 5 September 2017; earlier: 14 May, distance 700 km") {
		t.Errorf("notes:\n%s", notes)
	}

	// The PDF shows the box after the lead.
	th, _ := theme.Default()
	var pb bytes.Buffer
	if _, err := pdf.Render(&pb, oct.d, th); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "oct.pdf")
	os.WriteFile(file, pb.Bytes(), 0o644)
	out, err := exec.Command(testkit.Need(t, "pdftotext"), "-f", "1", "-l", "1", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, w := range []string{"What changed since 5 September 2017", "1 distance revised (14 May: 700 → 790 km)", "1 test added (15 September)"} {
		if !strings.Contains(text, w) {
			t.Errorf("page 1 lacks %q:\n%s", w, text)
		}
	}
	if i, j := strings.Index(text, "rapprochement with China"), strings.Index(text, "What changed since"); i < 0 || j < i {
		t.Errorf("the box is not after the lead")
	}
	if os.Getenv("EDITION_PNG") != "" {
		exec.Command("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", file, os.Getenv("EDITION_PNG")).Run()
		exec.Command("cp", file, os.Getenv("EDITION_PNG")+".pdf").Run()
	}
}

// TestSelf compares an edition with its own annex: nothing changed.
func TestSelf(t *testing.T) {
	oct := build(t, october(t))
	diff := compare(t, oct.annex, oct)
	if !diff.Empty() {
		t.Errorf("changes with itself:\n%s", lines(diff.Changes))
	}
	if got := diff.Summary(edition.English); got != "Nothing changed in the data or the text." {
		t.Errorf("summary %q", got)
	}
	// Nothing changed: the same edition, not the next one.
	edition.Apply(oct.d, diff, edition.Options{Words: edition.English})
	if oct.d.Meta.Edition != 1 {
		t.Errorf("edition %d after no change, want 1", oct.d.Meta.Edition)
	}
}

// TestSame refuses a baseline of another brief unless forced.
func TestSame(t *testing.T) {
	oct := build(t, october(t))
	a := read(t, oct.annex)
	other := build(t, edit(t, bundled, "other", map[string][][2]string{"brief.md": keys}))
	if err := edition.Same(a, other.b, false); err == nil || !strings.Contains(err.Error(), `it is brief "nk-2017", not "other"`) {
		t.Errorf("another id: %v", err)
	}
	retitled := build(t, edit(t, bundled, "nk-2017", map[string][][2]string{"brief.md": append([][2]string{{"title: Russia’s Position", "title: Moscow’s Position"}}, keys...)}))
	if err := edition.Same(a, retitled.b, false); err == nil || !strings.Contains(err.Error(), "use --force") {
		t.Errorf("another title: %v", err)
	}
	if err := edition.Same(a, retitled.b, true); err != nil {
		t.Errorf("forced: %v", err)
	}
	diff := edition.Compare(a, retitled.b, retitled.d)
	if got := lines(diff.Changes); got != "front matter||title||Russia’s Position on the North Korea Crisis|Moscow’s Position on the North Korea Crisis\n" {
		t.Errorf("changes:\n%s", got)
	}
	if s := diff.Summary(edition.English); s != "Title changed (“Russia’s Position on the North Korea Crisis” → “Moscow’s Position on the North Korea Crisis”)." {
		t.Errorf("summary %q", s)
	}
}

// TestOpen reads a baseline from an annex and from an output folder.
func TestOpen(t *testing.T) {
	oct := build(t, october(t))
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "nk-2017.xlsx"), oct.annex, 0o644)
	if _, err := edition.Open(dir, "nk-2017"); err == nil || !strings.Contains(err.Error(), "manifest.json") {
		t.Errorf("a folder without a manifest: %v", err)
	}
	m := `{"generator": "report v0.1.0", "briefs": [{"id": "nk-2017", "build_date": "2017-10-03T00:00:00Z", "inputs": [], "outputs": [{"name": "nk-2017.pdf", "sha256": "x"}, {"name": "nk-2017.xlsx", "sha256": "y"}]}]}`
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(m), 0o644)
	for _, base := range []string{dir, filepath.Join(dir, "nk-2017.xlsx")} {
		a, err := edition.Open(base, "nk-2017")
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		if a.ID != "nk-2017" || len(a.Table("tests").Rows) != 14 {
			t.Errorf("%s: read %q with %d tests", base, a.ID, len(a.Table("tests").Rows))
		}
	}
	if _, err := edition.Open(dir, "other"); err == nil || !strings.Contains(err.Error(), `no brief "other" (it has nk-2017)`) {
		t.Errorf("another brief: %v", err)
	}
	if _, err := edition.Open(filepath.Join(dir, "missing.xlsx"), "nk-2017"); err == nil {
		t.Error("a missing baseline opened")
	}
}

// TestJSON checks report diff's JSON form of the September to October diff.
func TestJSON(t *testing.T) {
	sept := build(t, september(t))
	oct := build(t, october(t))
	diff := compare(t, sept.annex, oct)
	var buf bytes.Buffer
	if err := diff.WriteJSON(&buf, edition.English); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Base struct {
			ID, Title, Date string
		}
		Changed bool
		Counts  map[string]int
		Changes []struct {
			Kind, Table, Key, Column string
			Old, New                 any
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if !j.Changed || j.Base.Date != "2017-09-05" || j.Counts["added"] != 2 || j.Counts["revised"] != 1 || j.Counts["section"] != 1 {
		t.Errorf("json: %s", buf.String())
	}
	rev := j.Changes[1]
	if rev.Kind != "revised" || rev.Old != 700.0 || rev.New != 790.0 || rev.Column != "Distance (km)" {
		t.Errorf("revised: %+v", rev)
	}
	var again bytes.Buffer
	diff.WriteJSON(&again, edition.English)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("JSON differs between two writes")
	}
}

// TestWholeTableAndSections compares a table without a key as a whole, and
// finds sections added, removed and revised by heading.
func TestWholeTableAndSections(t *testing.T) {
	base := build(t, october(t))
	dir := edit(t, bundled, "nk-2017", map[string][][2]string{
		"brief.md": {
			keys[0], // tests keyed; resolutions not
			{"## Russia’s Reactions", "## Russia’s Responses"},
			{"## Conclusions\n", "## Outlook\n\nA new section.\n\n## Conclusions\n"},
			{"Russia has joined the Chinese side", "Russia has sided with China"},
		},
		"data/resolutions.csv": {{"Resolution 2356", "Resolution 2356 (2017)"}},
	})
	cur := build(t, dir)
	diff := compare(t, base.annex, cur)
	got := lines(diff.Changes)
	for _, want := range []string{
		"section||Russia’s Responses||",
		"section||Outlook||",
		"section||Conclusions||",
		"table changed|resolutions|||3 rows|3 rows\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("changes lack %q:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "section||Russia’s Reactions||") || strings.Count(got, "section|") != 4 {
		t.Errorf("the renamed section is not removed, or other sections changed:\n%s", got)
	}
	s := diff.Summary(edition.English)
	for _, want := range []string{"text revised under “Conclusions”", "new section “Russia’s Responses”, “Outlook”", "section “Russia’s Reactions” removed", "Table resolutions changed;"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q: %s", want, s)
		}
	}
}

// TestLegacyBaseline compares with an annex written before the edition
// record: the data are compared; the prose is not, and a note says so.
func TestLegacyBaseline(t *testing.T) {
	base := build(t, october(t))
	f, err := excelize.OpenReader(bytes.NewReader(base.annex))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteSheet("_edition"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	cur := build(t, edit(t, bundled, "nk-2017", map[string][][2]string{
		"brief.md":       append([][2]string{{"Russia has joined the Chinese side", "Russia has sided with China"}}, keys...),
		"data/tests.csv": {{"2017-05-14,Hwasong-12,1,790,", "2017-05-14,Hwasong-12,1,800,"}},
	}))
	diff := compare(t, buf.Bytes(), cur)
	if got := lines(diff.Changes); got != "revised|tests|2017-05-14, Hwasong-12|Distance (km)|790|800\n" {
		t.Errorf("changes:\n%s", got)
	}
	if len(diff.Notes) != 1 || !strings.Contains(diff.Notes[0], "no edition record") || diff.Base.DateText != "3 October 2017" {
		t.Errorf("notes %q, base %+v", diff.Notes, diff.Base)
	}
}
