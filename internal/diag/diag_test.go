package diag

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/un-briefs/report/internal/data"
)

// TestGitHubEscapes: a crafted folder name cannot end an annotation's
// properties or start another workflow command.
func TestGitHubEscapes(t *testing.T) {
	var l data.ErrorList
	l.Add(data.Pos{File: "x,line=1::forged\n::warning file=y/brief.md", Line: 2, Col: 3}, "title", "bad %s", "value\n::warning::x")
	var buf bytes.Buffer
	Print(&buf, GitHub, "x", l.Err())
	out := buf.String()
	if strings.Count(out, "\n") != 1 {
		t.Errorf("annotation is not one command:\n%s", out)
	}
	if !strings.HasPrefix(out, "::error file=x%2Cline=1%3A%3Aforged%0A%3A%3Awarning file=y/brief.md,line=2,col=3::title: bad value%0A::warning::x") {
		t.Errorf("got %q", out)
	}
	buf.Reset()
	Print(&buf, GitHub, "a\nb", errors.New("boom"))
	if strings.Count(buf.String(), "\n") != 1 {
		t.Errorf("plain error is not one line: %q", buf.String())
	}
}

func TestTextQuotesControlCharacters(t *testing.T) {
	var buf bytes.Buffer
	Print(&buf, Text, "brief\nwith newline", errors.New("boom"))
	if got := buf.String(); got != "\"brief\\nwith newline\": boom\n" {
		t.Errorf("got %q", got)
	}
}

func TestParseFormat(t *testing.T) {
	if _, err := ParseFormat("json"); err == nil {
		t.Error("json accepted")
	}
}
