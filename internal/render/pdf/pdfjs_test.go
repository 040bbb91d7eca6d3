package pdf_test

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/un-briefs/report/internal/testkit"
)

// pdfjsTree is the structure tree as Mozilla's pdf.js reads it
// (testdata/pdfjs/structtree.mjs, run with node): an element a line with
// its role and alt text, and the text of its marked content quoted.
// .ci/run installs pdf.js there with npm ci.
func pdfjsTree(t *testing.T, file string) string {
	t.Helper()
	node := testkit.Need(t, "node")
	if _, err := os.Stat("testdata/pdfjs/node_modules/pdfjs-dist"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdf.js is not installed; .ci/run must run npm ci in internal/render/pdf/testdata/pdfjs")
		}
		t.Skip("pdf.js is not installed (npm ci in internal/render/pdf/testdata/pdfjs)")
	}
	out, err := exec.Command(node, "testdata/pdfjs/structtree.mjs", file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdf.js: %v\n%s", err, out)
	}
	return string(out)
}

var pdfjsQuoted = regexp.MustCompile(`(?m)^\s*"(.*)"$`)

// letters are the letters and digits of s: the two readers put spaces at
// line ends differently, and pdf.js escapes quotes as JSON.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// roles are the element roles a tree dump names, each once.
func roles(tree string) map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(tree, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, `"`) || strings.HasPrefix(line, "/") || strings.HasPrefix(line, "--") {
			continue
		}
		role := strings.TrimRight(strings.Fields(line)[0], ":")
		// Object is a link annotation (OBJR), not an element; pdf.js lists
		// it only where it resolves the annotation (not in every brief here).
		if role != "Root" && role != "Object" {
			out[role] = true
		}
	}
	return out
}

// checkPDFJS reads file's structure tree with pdf.js and, when poppler's
// dump is given, checks that both readers find the same text in the same
// order and the same roles; every Figure has its alternative text.
func checkPDFJS(t *testing.T, file, poppler string) {
	t.Helper()
	tree := pdfjsTree(t, file)
	if !strings.Contains(tree, "Document") {
		t.Fatalf("pdf.js finds no Document element:\n%.2000s", tree)
	}
	for _, line := range strings.Split(tree, "\n") {
		if f := strings.TrimSpace(line); f == "Figure" || strings.HasPrefix(f, "Figure ") && !strings.Contains(f, "alt=") {
			t.Errorf("pdf.js: a Figure without alt text")
		}
	}
	if poppler == "" {
		return
	}
	var js strings.Builder
	for _, m := range pdfjsQuoted.FindAllStringSubmatch(tree, -1) {
		js.WriteString(m[1])
	}
	if a, b := letters(structText(poppler)), letters(js.String()); a != b {
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		t.Errorf("poppler and pdf.js read different text from the tree; from byte %d:\npoppler %.120q\npdf.js  %.120q", i, a[i:], b[i:])
	}
	pr, jr := roles(poppler), roles(tree)
	for r := range pr {
		if !jr[r] {
			t.Errorf("poppler finds a %s element, pdf.js none", r)
		}
	}
	for r := range jr {
		if !pr[r] {
			t.Errorf("pdf.js finds a %s element, poppler none", r)
		}
	}
}
