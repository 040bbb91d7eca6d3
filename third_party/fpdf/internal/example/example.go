// Copyright (c) 2015 Kurt Jung (Gmail: kurt.w.jung)
//
// Permission to use, copy, modify, and distribute this software for any purpose
// with or without fee is hereby granted, provided that the above copyright notice
// and this permission notice appear in all copies.
//
// THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
// REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
// FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
// INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM
// LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR
// OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
// PERFORMANCE OF THIS SOFTWARE.

// Package example provides some helper routines for the test packages of
// gofpdf and its various contributed packages located beneath the contrib
// directory.
package example

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"

	"github.com/un-briefs/report/third_party/fpdf"
)

// report: the tests read their inputs from testdata (read-only) and write
// every output, the PDFs and the fonts that MakeFont generates, into a
// temporary folder, so that they never write into the source tree. The
// DejaVu fonts of upstream's tests (2.5 MB) are replaced by Liberation
// fonts, which report's module already requires.

var (
	testdataDir string // the read-only inputs
	outDir      string // temporary: holds pdf/ and font/
)

// UTF8Fonts maps the names of the TrueType fonts the tests use to the
// bundled Liberation fonts that stand in for them.
var UTF8Fonts = map[string][]byte{
	"LiberationSans-Regular.ttf":    liberationsansregular.TTF,
	"LiberationSans-Bold.ttf":       liberationsansbold.TTF,
	"LiberationSans-Italic.ttf":     liberationsansitalic.TTF,
	"LiberationSans-BoldItalic.ttf": liberationsansbolditalic.TTF,
}

func init() {
	setRoot()
	fpdf.SetDefaultCompression(false)
	fpdf.SetDefaultCatalogSort(true)
	fpdf.SetDefaultCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	fpdf.SetDefaultModificationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
}

// setRoot finds the testdata folder from the current working directory
// (the package being tested lies at or below the folder named fpdf), and
// makes the temporary output folder.
func setRoot() {
	wdStr, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	root := ""
	list := strings.Split(filepath.ToSlash(wdStr), "/")
	for j := len(list) - 1; j >= 0 && list[j] != "fpdf"; j-- {
		root = filepath.Join(root, "..")
	}
	testdataDir = filepath.Join(root, "testdata")
	tmp, err := os.MkdirTemp("", "fpdf-test-")
	if err != nil {
		panic(err)
	}
	// Relative to the working folder, as upstream's paths are: fpdf joins
	// a font's file name to its font folder, "." by default, even when the
	// name is absolute.
	outDir, err = filepath.Rel(wdStr, tmp)
	if err != nil {
		outDir = tmp
	}
	for _, dir := range []string{"pdf", "font"} {
		if err := os.Mkdir(filepath.Join(outDir, dir), 0o755); err != nil {
			panic(err)
		}
	}
	// The font folder is a copy, since MakeFont writes into it.
	entries, err := os.ReadDir(filepath.Join(testdataDir, "font"))
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(testdataDir, "font", e.Name()))
		if err != nil {
			panic(err)
		}
		if err := os.WriteFile(filepath.Join(outDir, "font", e.Name()), b, 0o644); err != nil {
			panic(err)
		}
	}
	for name, b := range UTF8Fonts {
		if err := os.WriteFile(filepath.Join(outDir, "font", name), b, 0o644); err != nil {
			panic(err)
		}
	}
}

// Cleanup removes the temporary output folder. The test packages call it
// from TestMain once the tests have run.
func Cleanup() {
	os.RemoveAll(outDir)
}

// ImageFile returns a qualified filename in which the path to the image
// directory is prepended to the specified filename.
func ImageFile(fileStr string) string {
	return filepath.Join(testdataDir, "image", fileStr)
}

// FontDir returns the path to the font directory (a temporary copy).
func FontDir() string {
	return filepath.Join(outDir, "font")
}

// FontFile returns a qualified filename in which the path to the font
// directory is prepended to the specified filename.
func FontFile(fileStr string) string {
	return filepath.Join(FontDir(), fileStr)
}

// TextFile returns a qualified filename in which the path to the text
// directory is prepended to the specified filename.
func TextFile(fileStr string) string {
	return filepath.Join(testdataDir, "text", fileStr)
}

// PdfDir returns the path to the PDF output directory (temporary).
func PdfDir() string {
	return filepath.Join(outDir, "pdf")
}

// ICCFile returns a qualified filename in which the path to the ICC file
// directory is prepended to the specified filename.
func ICCFile(fileStr string) string {
	return filepath.Join(testdataDir, "icc", fileStr)
}

// PdfFile returns a qualified filename in which the path to the PDF output
// directory is prepended to the specified filename.
func PdfFile(fileStr string) string {
	return filepath.Join(PdfDir(), fileStr)
}

// Filename returns a qualified filename in which the example PDF directory
// path is prepended and the suffix ".pdf" is appended to the specified
// filename.
func Filename(baseStr string) string {
	return PdfFile(baseStr + ".pdf")
}

// referenceCompare compares the specified file with the file's reference copy
// in testdata/reference. All bytes of the two files are compared except for
// the value of the /CreationDate field in the PDF. This function succeeds if
// both files are equivalent except for their /CreationDate values or if the
// reference file does not exist.
//
// report: with -update, an existing reference is replaced by the file
// (after a patch that changes the output on purpose, e.g. the font ids).
func referenceCompare(fileStr string) error {
	refFileStr := filepath.Join(testdataDir, "reference", filepath.Base(fileStr))
	if *update {
		if _, err := os.Stat(refFileStr); err == nil {
			b, err := os.ReadFile(fileStr)
			if err != nil {
				return err
			}
			return os.WriteFile(refFileStr, b, 0o644)
		}
	}
	return fpdf.ComparePDFFiles(fileStr, refFileStr, false)
}

var update = flag.Bool("update", false, "replace the existing reference PDFs in testdata/reference by the outputs")

// shortName gives the name of an output file relative to the temporary
// folder, e.g. pdf/basic.pdf, as the examples' expected output shows it.
func shortName(fileStr string) string {
	if rel, err := filepath.Rel(outDir, fileStr); err == nil {
		fileStr = rel
	}
	return filepath.ToSlash(fileStr)
}

// Summary generates a predictable report for use by test examples. If the
// specified error is nil, the filename delimiters are normalized and the
// filename printed to standard output with a success message. If the specified
// error is not nil, its String() value is printed to standard output.
func Summary(err error, fileStr string) {
	if err == nil {
		fmt.Printf("Successfully generated %s\n", shortName(fileStr))
	} else {
		fmt.Println(err)
	}
}

// SummaryCompare generates a predictable report for use by test examples. If
// the specified error is nil, the generated file is compared with a reference
// copy for byte-for-byte equality. If the files match, then the filename
// delimiters are normalized and the filename printed to standard output with a
// success message. If the files do not match, this condition is reported on
// standard output. If the specified error is not nil, its String() value is
// printed to standard output.
func SummaryCompare(err error, fileStr string) {
	if err == nil {
		err = referenceCompare(fileStr)
	}
	if err == nil {
		fmt.Printf("Successfully generated %s\n", shortName(fileStr))
	} else {
		fmt.Println(err)
	}
}
