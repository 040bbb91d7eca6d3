package data_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/un-briefs/report/internal/data"
)

// TestAnnexTextLimit: a text field longer than an Excel cell holds (32,767
// UTF-16 units) is an error with its position when the table goes to the
// annex, where it used to be cut short silently; a table kept out of the
// annex may hold it.
func TestAnnexTextLimit(t *testing.T) {
	brief, err := os.ReadFile("testdata/base/brief.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, field, annex, want string
	}{
		{"at the limit", strings.Repeat("x", 32767), "true", ""},
		{"one over", strings.Repeat("x", 32768), "true", "brief/data/t.csv:2:12: name: text of 32768 characters is too long for the annex"},
		{"astral characters count twice", strings.Repeat("😀", 16384), "only", "brief/data/t.csv:2:12: name: text of 32768 characters"},
		{"accented letters count once", strings.Repeat("é", 32767), "true", ""},
		{"not in the annex", strings.Repeat("x", 60000), "false", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := strings.Replace(string(brief), "annex: true", "annex: "+tc.annex, 1)
			if tc.annex == "only" {
				md = strings.Replace(md, "{{table t}}", "", 1)
			}
			fsys := fstest.MapFS{
				"brief.md":   {Data: []byte(md)},
				"data/t.csv": {Data: []byte("day,name,count,share,sure\n2020-01-01," + tc.field + ",1,0.5,yes\n2020-01-02,Beta,2,1.5,no\n")},
			}
			_, err := data.Load(fsys, "brief", "brief")
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestAnnexControlCharacters: a text field of an annex table with a
// character XML cannot hold is an error at its position; it became "�".
func TestAnnexControlCharacters(t *testing.T) {
	brief, err := os.ReadFile("testdata/base/brief.md")
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{
		"a\x01b": "U+0001", "\x0b": "U+000B", "x\x1f": "U+001F", "\ufffe": "U+FFFE", "a\uffffb": "U+FFFF",
		"tab\there": "", "\"line\nbreak\"": "", "del\x7f": "", "\ufffd\uffef": "",
	} {
		for _, annex := range []string{"true", "false"} {
			md := strings.Replace(string(brief), "annex: true", "annex: "+annex, 1)
			fsys := fstest.MapFS{
				"brief.md":   {Data: []byte(md)},
				"data/t.csv": {Data: []byte("day,name,count,share,sure\n2020-01-01," + field + ",1,0.5,yes\n2020-01-02,Beta,2,1.5,no\n")},
			}
			_, err := data.Load(fsys, "brief", "brief")
			switch {
			case want == "" || annex == "false":
				if err != nil {
					t.Errorf("%q, annex %s: %v", field, annex, err)
				}
			case err == nil || !strings.Contains(err.Error(), "brief/data/t.csv:2:12: name: text holds the character "+want):
				t.Errorf("%q: error %v, want %s at 2:12", field, err, want)
			}
		}
	}
}
