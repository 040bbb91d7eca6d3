package compose_test

import (
	"bytes"
	"os"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/data"
	"github.com/un-briefs/report/internal/doc"
)

// FuzzBrief takes a whole brief, front matter, body and tables, through load
// and compose: whatever loads must compose and dump without panicking, the
// same input must dump the same way twice, and the brief makes a round trip:
// written back with data.Encode (front matter and tables from the loaded
// model, the body as it is) and loaded again, it dumps the same way.
func FuzzBrief(f *testing.F) {
	brief, _ := os.ReadFile("../../briefs/nk-2017/brief.md")
	tests, _ := os.ReadFile("../../briefs/nk-2017/data/tests.csv")
	res, _ := os.ReadFile("../../briefs/nk-2017/data/resolutions.csv")
	f.Add(brief, tests, res)
	f.Add(brief, []byte("date,type,quantity,distance_km,outcome,confidence\n2017-01-01,x,1,,none,unknown\n2017-01-02,y,2,5,failed,probable\n"), res)
	f.Fuzz(func(t *testing.T, brief, tests, res []byte) {
		fsys := fstest.MapFS{"brief.md": {Data: brief}, "data/tests.csv": {Data: tests}, "data/resolutions.csv": {Data: res}}
		b, err := data.Load(fsys, "nk", "nk")
		if err != nil {
			return
		}
		var one, two bytes.Buffer
		if err := doc.Dump(&one, compose.Compose(b, compose.Options{})); err != nil {
			t.Fatal(err)
		}
		doc.Dump(&two, compose.Compose(b, compose.Options{}))
		if !bytes.Equal(one.Bytes(), two.Bytes()) {
			t.Fatal("two composes differ")
		}
		files, err := data.Encode(b, brief)
		if err != nil {
			t.Fatal(err)
		}
		again := fstest.MapFS{}
		for name, data := range files {
			again[name] = &fstest.MapFile{Data: data}
		}
		b2, err := data.Load(again, "nk", "nk")
		if err != nil {
			t.Fatalf("the brief written back does not load: %v\n%s", err, files["brief.md"])
		}
		// The files written back differ from the input's, and so do their hashes.
		b.Files, b2.Files = nil, nil
		one.Reset()
		var three bytes.Buffer
		doc.Dump(&one, compose.Compose(b, compose.Options{}))
		doc.Dump(&three, compose.Compose(b2, compose.Options{}))
		if !bytes.Equal(one.Bytes(), three.Bytes()) {
			t.Fatalf("the brief written back composes differently:\n%s\nfrom\n%s", three.Bytes(), files["brief.md"])
		}
	})
}
