// Package diag prints a brief's errors for people (file:line:col: field:
// message) or as GitHub workflow annotations, escaped so that no input can
// end an annotation or forge another.
package diag

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/un-briefs/report/internal/data"
)

// Format is how errors are printed.
type Format string

const (
	Text   Format = "text"
	GitHub Format = "github"
)

// ParseFormat checks a --error-format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, GitHub:
		return f, nil
	}
	return "", fmt.Errorf("--error-format must be text or github, not %q", s)
}

// Print writes err, which concerns the brief shown as dir, one error a line.
func Print(w io.Writer, f Format, dir string, err error) {
	PrintSource(w, f, dir, err, nil)
}

// PrintSource is Print that, in text format, shows each error's source line
// with a caret under its column (data.FormatText). read returns a file by the
// name error positions give it; nil shows no source lines.
func PrintSource(w io.Writer, f Format, dir string, err error, read func(name string) ([]byte, error)) {
	list := data.Errors(err)
	if list == nil {
		if f == GitHub {
			fmt.Fprintf(w, "::error::%s: %s\n", Data(dir), Data(err.Error()))
		} else {
			fmt.Fprintf(w, "%s: %v\n", Quote(dir), err)
		}
		return
	}
	if f != GitHub && read != nil {
		fmt.Fprint(w, data.FormatText(list, read))
		return
	}
	for _, e := range list {
		if f == GitHub {
			msg := e.Msg
			if e.Field != "" {
				msg = e.Field + ": " + msg
			}
			fmt.Fprintf(w, "::error file=%s,line=%d,col=%d::%s\n", Property(e.Pos.File), e.Pos.Line, e.Pos.Col, Data(msg))
		} else {
			fmt.Fprintln(w, e.Error())
		}
	}
}

// Data escapes a workflow command's message.
func Data(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// Property escapes a workflow command's property value.
func Property(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Quote shows a name as it is unless it holds control characters.
func Quote(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return strconv.Quote(s)
	}
	return s
}
