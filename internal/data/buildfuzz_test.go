package data_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/un-briefs/report/internal/build"
	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
	"github.com/un-briefs/report/internal/starter"
	"github.com/un-briefs/report/internal/testkit"
)

// briefArchive packs a brief's folder into a txtar archive, the fuzz input
// of FuzzValidThenBuilds.
func briefArchive(t testing.TB, fsys fs.FS) []byte {
	t.Helper()
	var ar txtar.Archive
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		ar.Files = append(ar.Files, txtar.File{Name: p, Data: b})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return txtar.Format(&ar)
}

// realBriefs are whole briefs that build: the bundled brief, the starter
// brief, this package's base brief and every example of the format reference.
func realBriefs(t testing.TB) [][]byte {
	var out [][]byte
	dirs, _ := filepath.Glob("../../examples/*/brief.md")
	for i := range dirs {
		dirs[i] = filepath.Dir(dirs[i])
	}
	for _, dir := range append([]string{"../../briefs/nk-2017", "testdata/base"}, dirs...) {
		out = append(out, briefArchive(t, os.DirFS(dir)))
	}
	out = append(out, briefArchive(t, starter.FS))
	doc, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	var csvs []txtar.File
	var briefs []string
	for _, blk := range strings.Split(string(doc), "\n```")[1:] {
		head, body, _ := strings.Cut(blk, "\n")
		if name, ok := strings.CutPrefix(head, "csv "); ok {
			csvs = append(csvs, txtar.File{Name: name, Data: []byte(body + "\n")})
		} else if head == "brief" {
			briefs = append(briefs, body+"\n")
		}
	}
	for _, b := range briefs {
		ar := txtar.Archive{Files: append([]txtar.File{{Name: "brief.md", Data: []byte(b)}}, csvs...)}
		out = append(out, txtar.Format(&ar))
	}
	return out
}

// FuzzValidThenBuilds is the promise of report validate: a brief that
// validates builds, PDF and annex, without an error or a panic. The input is
// a brief's folder as a txtar archive; it is seeded with whole real briefs
// so that mutations start from briefs that validate.
func FuzzValidThenBuilds(f *testing.F) {
	for _, b := range realBriefs(f) {
		f.Add(b)
	}
	for seed := uint64(1); seed <= 8; seed++ {
		f.Add(randomArchive(seed))
	}
	// Real briefs changed at random (see TestMutatedBriefsBuild).
	real := realBriefs(f)
	for k := range 16 {
		files := map[string][]byte{}
		for _, file := range txtar.Parse(real[k%len(real)]).Files {
			files[file.Name] = file.Data
		}
		mutate(rand.New(rand.NewPCG(uint64(k), 15)), files)
		var ar txtar.Archive
		for _, name := range slices.Sorted(maps.Keys(files)) {
			ar.Files = append(ar.Files, txtar.File{Name: name, Data: files[name]})
		}
		f.Add(txtar.Format(&ar))
	}
	themes := build.NewThemes()
	f.Fuzz(func(t *testing.T, archive []byte) {
		if len(archive) > 256<<10 {
			return
		}
		fsys := fstest.MapFS{}
		for _, file := range txtar.Parse(archive).Files {
			name := path.Clean(file.Name)
			if !fs.ValidPath(name) || name == "." {
				continue
			}
			fsys[name] = &fstest.MapFile{Data: file.Data}
		}
		src := build.Source{ID: "fuzz", Dir: "fuzz", FS: fsys}
		if _, _, err := themes.Validate(build.Options{}, src); err != nil {
			return
		}
		res := themes.Build(context.Background(), build.Options{}, src)
		var ie *build.InternalError
		if errors.As(res.Err, &ie) {
			t.Fatalf("a brief that validates panics while %s: %v\n%s\nthe brief:\n%s", ie.Stage, ie.Value, ie.Stack, archive)
		}
		if res.Err != nil {
			t.Fatalf("a brief that validates does not build: %v\nthe brief:\n%s", res.Err, archive)
		}
		if len(res.Outputs) == 0 {
			t.Fatal("no outputs")
		}
	})
}

// randomArchive is the random brief of testkit for seed, as a txtar archive.
func randomArchive(seed uint64) []byte {
	files := testkit.RandomBrief(seed)
	names := slices.Sorted(maps.Keys(files))
	var ar txtar.Archive
	for _, n := range names {
		ar.Files = append(ar.Files, txtar.File{Name: n, Data: []byte(files[n])})
	}
	return txtar.Format(&ar)
}

// TestRandomBriefsBuild checks the promise of FuzzValidThenBuilds on
// testkit's random briefs: each that validates builds. A few run by default;
// REPORT_SWEEP=N runs N.
func TestRandomBriefsBuild(t *testing.T) {
	n := 4
	if s := os.Getenv("REPORT_SWEEP"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("REPORT_SWEEP=%q: %v", s, err)
		}
	}
	themes := build.NewThemes()
	valid := 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		fsys := fstest.MapFS{}
		for name, s := range testkit.RandomBrief(seed) {
			fsys[name] = &fstest.MapFile{Data: []byte(s)}
		}
		src := build.Source{ID: "random", Dir: "random", FS: fsys}
		if _, _, err := themes.Validate(build.Options{}, src); err != nil {
			t.Logf("seed %d does not validate: %v", seed, err)
			continue
		}
		valid++
		if res := themes.Build(context.Background(), build.Options{}, src); res.Err != nil {
			t.Errorf("seed %d validates but does not build: %v", seed, res.Err)
		}
	}
	if valid == 0 {
		t.Error("no random brief validates")
	}
}

// TestRealBriefsBuild keeps the fuzz seeds meaningful: each validates and
// builds.
func TestRealBriefsBuild(t *testing.T) {
	themes := build.NewThemes()
	for i, archive := range realBriefs(t) {
		fsys := fstest.MapFS{}
		for _, file := range txtar.Parse(archive).Files {
			fsys[file.Name] = &fstest.MapFile{Data: file.Data}
		}
		res := themes.Build(context.Background(), build.Options{}, build.Source{ID: "seed", Dir: "seed", FS: fsys})
		if res.Err != nil || len(res.Outputs) == 0 {
			t.Errorf("seed %d: %v", i, res.Err)
		}
	}
}

// TestEncodeRoundTrip writes each real brief back with data.Encode and loads
// it again: the two compose to the same document.
func TestEncodeRoundTrip(t *testing.T) {
	for i, archive := range realBriefs(t) {
		fsys := fstest.MapFS{}
		for _, file := range txtar.Parse(archive).Files {
			fsys[file.Name] = &fstest.MapFile{Data: file.Data}
		}
		b, err := data.Load(fsys, "b", "b")
		if err != nil {
			t.Fatalf("brief %d: %v", i, err)
		}
		files, err := data.Encode(b, fsys["brief.md"].Data)
		if err != nil {
			t.Fatal(err)
		}
		again := fstest.MapFS{}
		for name, d := range files {
			again[name] = &fstest.MapFile{Data: d}
		}
		b2, err := data.Load(again, "b", "b")
		if err != nil {
			t.Fatalf("brief %d written back does not load: %v\n%s", i, err, files["brief.md"])
		}
		b.Files, b2.Files = nil, nil
		var one, two bytes.Buffer
		doc.Dump(&one, compose.Compose(b, compose.Options{}))
		doc.Dump(&two, compose.Compose(b2, compose.Options{}))
		if one.String() != two.String() {
			t.Errorf("brief %d composes differently once written back:\n%s", i, files["brief.md"])
		}
		if i == 0 && !strings.Contains(string(files["brief.md"]), "cumulative: true") {
			t.Errorf("the bundled brief written back lacks its step chart:\n%s", files["brief.md"])
		}
	}
}

// TestEncodeWritesEveryKey fails when data.Encode drops a key the loader
// accepts: every key is used by an example of the format reference (see
// TestFormatDocKeys), so the examples written back must use them all.
func TestEncodeWritesEveryKey(t *testing.T) {
	var all strings.Builder
	for _, archive := range realBriefs(t) {
		fsys := fstest.MapFS{}
		for _, file := range txtar.Parse(archive).Files {
			fsys[file.Name] = &fstest.MapFile{Data: file.Data}
		}
		b, err := data.Load(fsys, "b", "b")
		if err != nil {
			t.Fatal(err)
		}
		files, err := data.Encode(b, fsys["brief.md"].Data)
		if err != nil {
			t.Fatal(err)
		}
		front, _, _ := strings.Cut(strings.TrimPrefix(string(files["brief.md"]), "---\n"), "\n---\n")
		all.WriteString(front + "\n")
	}
	for sec, keys := range loaderKeys(t) {
		for _, k := range keys {
			if !regexp.MustCompile(`(?m)(^|[\s{,-])` + regexp.QuoteMeta(k) + `:`).MatchString(all.String()) {
				t.Errorf("data.Encode never writes the key %s (section %q)", k, sec)
			}
		}
	}
}
