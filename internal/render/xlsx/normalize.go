package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
)

var (
	defaultRE  = regexp.MustCompile(`<Default [^>]*?(?:/>|></Default>)`)
	overrideRE = regexp.MustCompile(`<Override [^>]*?(?:/>|></Override>)`)
)

// Normalize rewrites an xlsx package so that its bytes depend only on its
// content: entries sorted by name, [Content_Types].xml's Default entries
// sorted, and every timestamp set to date. excelize orders some of these by
// Go map iteration.
func Normalize(src []byte, date time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return order(files[i].Name) < order(files[j].Name) })
	if date.IsZero() || date.Year() < 1980 {
		date = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		hdr := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: date.UTC()}
		chart := strings.HasPrefix(f.Name, "xl/charts/chart")
		if f.Name != "[Content_Types].xml" && !chart {
			// Copy the compressed bytes as they are: only the header changes.
			hdr.Method, hdr.CRC32 = f.Method, f.CRC32
			hdr.CompressedSize64, hdr.UncompressedSize64 = f.CompressedSize64, f.UncompressedSize64
			raw, err := f.OpenRaw()
			if err != nil {
				return nil, err
			}
			w, err := zw.CreateRaw(hdr)
			if err != nil {
				return nil, err
			}
			if _, err := io.Copy(w, raw); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if chart {
			b = textCategories(b)
		} else {
			b = sortRuns(sortRuns(b, defaultRE), overrideRE)
		}
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var catAutoRE = regexp.MustCompile(`(<catAx>.*?)<auto val="1">`)

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
