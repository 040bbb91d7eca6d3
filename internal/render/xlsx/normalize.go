package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"
)

// parts collects the package's parts as excelize writes them, so that the
// package can be assembled afterwards in an order and with times that depend
// only on its content. excelize orders some parts, and some entries of
// [Content_Types].xml, by Go map iteration.
type parts map[string]*bytes.Buffer

func (p parts) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	p[name] = b
	return b, nil
}

func (p parts) AddFS(fs.FS) error { return errors.New("xlsx: AddFS is not supported") }

func (p parts) Close() error { return nil }

var (
	defaultRE  = regexp.MustCompile(`<Default [^>]*?(?:/>|></Default>)`)
	overrideRE = regexp.MustCompile(`<Override [^>]*?(?:/>|></Override>)`)
	catAutoRE  = regexp.MustCompile(`(<catAx>.*?)<auto val="1">`)
)

// pack writes the parts as a zip: [Content_Types].xml first, then the rest by
// name, every entry dated date (clamped into the range zip holds), the content types' entries sorted.
func (p parts) pack(w io.Writer, date time.Time) error {
	names := make([]string, 0, len(p))
	for name := range p {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return order(names[i]) < order(names[j]) })
	// Clamped into the zip's range: a year such as 3000 would otherwise wrap.
	date = zipTime(date)
	zw := zip.NewWriter(w)
	for _, name := range names {
		b := p[name].Bytes()
		switch {
		case name == "[Content_Types].xml":
			b = sortRuns(sortRuns(b, defaultRE), overrideRE)
		case strings.HasPrefix(name, "xl/charts/chart"):
			b = textCategories(b)
		case name == "xl/workbook.xml":
			b = hideRecord(b)
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: date})
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			return err
		}
	}
	return zw.Close()
}

// textCategories makes a chart's category axis a text axis. excelize marks
// it "auto", and Excel and LibreOffice then space date categories by time,
// which turns the bars of irregular dates into slivers of uneven spacing.
func textCategories(b []byte) []byte {
	return catAutoRE.ReplaceAll(b, []byte(`${1}<auto val="0">`))
}

// order puts [Content_Types].xml first, as readers expect, then sorts by name.
func order(name string) string {
	if name == "[Content_Types].xml" {
		return ""
	}
	return name
}

// sortRuns sorts the matches of re in b among themselves, in place.
func sortRuns(b []byte, re *regexp.Regexp) []byte {
	locs := re.FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	items := make([]string, len(locs))
	for i, l := range locs {
		items[i] = string(b[l[0]:l[1]])
	}
	sort.Strings(items)
	var out bytes.Buffer
	prev := 0
	for i, l := range locs {
		out.Write(b[prev:l[0]])
		out.WriteString(items[i])
		prev = l[1]
	}
	out.Write(b[prev:])
	return out.Bytes()
}
