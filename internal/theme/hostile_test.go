package theme_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifregular"

	"github.com/un-briefs/report/internal/theme"
)

// TestPageBounds: values that made layouts that never end, or an annex
// Excel cannot open, were accepted. Each is now refused at its line.
func TestPageBounds(t *testing.T) {
	for name, tc := range map[string]struct{ old, new, want string }{
		"negative leading":   {"body:         {font: serif, size: 10.5, leading: 1.38", "body:         {font: serif, size: 10.5, leading: -1", ":@:52: styles.body.leading: -1 is not between 0.8 and 3"},
		"huge line":          {"body:         {font: serif, size: 10.5, leading: 1.38", "body:         {font: serif, size: 40, leading: 2.5", ":@:17: styles.body: lines are 100 pt high (size × leading); at most 71.389 pt let 10 lines fit on the page"},
		"size 60 leading 4":  {"h1:           {font: sans, size: 13, leading: 1.25", "h1:           {font: sans, size: 60, leading: 3", ":@:17: styles.h1: lines are 180 pt high"},
		"size too big":       {"title:        {font: sans, size: 21,", "title:        {font: sans, size: 200,", ":@:36: styles.title.size: 200 is not between 4 and 72"},
		"size NaN":           {"title:        {font: sans, size: 21,", "title:        {font: sans, size: .nan,", "styles.title.size: NaN is not between 4 and 72"},
		"negative margin":    {"margins: {top: 62, right: 62, bottom: 66, left: 62}", "margins: {top: 62, right: -5, bottom: 66, left: 62}", ":@:29: page.margins.right: -5 is not between 0 and the page's size"},
		"huge margins":       {"margins: {top: 62, right: 62, bottom: 66, left: 62}", "margins: {top: 400, right: 62, bottom: 400, left: 62}", "page.margins: the text area is 41.89 pt high; at least 144 pt must remain"},
		"no top band":        {"margins: {top: 62,", "margins: {top: 10,", "page.margins.top: 10 is not between 36 and the page's size"},
		"negative padding":   {"padding: 4", "padding: -4", ":@:12: table.padding: -4 is not between 0 and 36"},
		"negative rule":      {"rule_width: 0.6", "rule_width: -1", "table.rule_width: -1 is not between 0 and 10"},
		"figure height 0":    {"figure_height: 210", "figure_height: 0", ":@:16: figure_height: 0 is not above 0"},
		"figure height -1":   {"figure_height: 210", "figure_height: -1", "figure_height: -1 is not above 0"},
		"figure too high":    {"figure_height: 210", "figure_height: 1000", "figure_height: 1000 is not above 0 and at most 428.334"},
		"negative before":    {"caption:      {font: sans, size: 9, leading: 1.3, bold: true, before: 8", "caption:      {font: sans, size: 9, leading: 1.3, bold: true, before: -8", "styles.caption.before: -8 is not between 0 and 71.389"},
		"huge indent":        {"indent: 18", "indent: 300", "styles.quote.indent: 300 is not between 0 and 20.455"},
		"header fill":        {`header_fill: "#1f3b57"`, `header_fill: "#zzzzzz"`, `:@:16: xlsx.header_fill: "#zzzzzz" is not a #rrggbb colour`},
		"header colour":      {`header_color: "#ffffff"`, `header_color: white`, `xlsx.header_color: "white" is not a #rrggbb colour`},
		"table style":        {"table_style: TableStyleMedium2", "table_style: Fancy", `:@:16: xlsx.table_style: "Fancy" is not one of Excel's table styles`},
		"table style number": {"table_style: TableStyleMedium2", "table_style: TableStyleMedium29", `"TableStyleMedium29" is not one of Excel's table styles`},
		"date format":        {`date_format: "d mmmm yyyy"`, `date_format: "hello"`, `:@:16: xlsx.date_format: "hello": "h" is not a day`},
		"date format empty":  {`date_format: "d mmmm yyyy"`, `date_format: ""`, `xlsx.date_format: "": write day, month and year codes`},
		"two problems": {"padding: 4\n  rule_width: 0.6", "padding: -4\n  rule_width: -1",
			"theme.yaml:@:12: table.padding: -4 is not between 0 and 36\n" + "DIR/theme.yaml:@+1:15: table.rule_width: -1 is not between 0 and 10"},
	} {
		t.Run(name, func(t *testing.T) {
			line := 0 // the line of the edit, for @ in want
			dir := copyDefault(t, func(s string) string {
				i := strings.Index(s, tc.old)
				if i < 0 {
					t.Fatalf("the default theme has no %q", tc.old)
				}
				line = 1 + strings.Count(s[:i], "\n")
				return strings.Replace(s, tc.old, tc.new, 1)
			})
			_, err := theme.LoadDir(dir)
			want := strings.ReplaceAll(tc.want, "DIR", dir)
			want = strings.ReplaceAll(want, "@+1", strconv.Itoa(line+1))
			want = strings.ReplaceAll(want, "@", strconv.Itoa(line))
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v\nwant %q", err, want)
			}
		})
	}
}

// TestDateFormats accepts the formats a house style would use.
func TestDateFormats(t *testing.T) {
	for _, f := range []string{"d mmmm yyyy", "yyyy-mm-dd", "dd/mm/yy", "mmm yyyy", "d.m.yyyy", "dddd, d mmmm yyyy"} {
		dir := copyDefault(t, func(s string) string {
			return strings.Replace(s, `date_format: "d mmmm yyyy"`, `date_format: "`+f+`"`, 1)
		})
		if _, err := theme.LoadDir(dir); err != nil {
			t.Errorf("%q: %v", f, err)
		}
	}
}

// loadSoon loads a theme, failing instead of hanging.
func loadSoon(t *testing.T, dir string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := theme.LoadDir(dir)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("loading the theme hangs")
		return nil
	}
}

// TestFIFO: a named pipe as theme.yaml, a font or the logo hung build and
// validate.
func TestFIFO(t *testing.T) {
	for name, tc := range map[string]struct{ old, new, fifo, want string }{
		"theme.yaml": {"", "", "theme.yaml", `theme.yaml: "theme.yaml" is not a regular file`},
		"font":       {`regular: "liberation:mono-regular"`, `regular: "pipe.ttf"`, "pipe.ttf", `fonts.mono.regular: font "pipe.ttf": "pipe.ttf" is not a regular file`},
		"logo":       {`logo: ""`, `logo: "pipe.png"`, "pipe.png", `masthead.logo: "pipe.png" is not a regular file`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := copyDefault(t, func(s string) string { return strings.Replace(s, tc.old, tc.new, 1) })
			p := filepath.Join(dir, tc.fifo)
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("no named pipes:", err)
			}
			err := loadSoon(t, dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant %q", err, tc.want)
			}
		})
	}
}

// TestFileLimits: theme files had no size limit.
func TestFileLimits(t *testing.T) {
	t.Run("theme.yaml", func(t *testing.T) {
		dir := copyDefault(t, func(s string) string { return s + "# " + strings.Repeat("x", theme.MaxThemeBytes) + "\n" })
		err := loadSoon(t, dir)
		if err == nil || !strings.Contains(err.Error(), "the limit is 262144") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("font", func(t *testing.T) {
		dir := copyDefault(t, func(s string) string {
			return strings.Replace(s, `regular: "liberation:mono-regular"`, `regular: "big.ttf"`, 1)
		})
		writeSparse(t, filepath.Join(dir, "big.ttf"), theme.MaxFontBytes+1)
		err := loadSoon(t, dir)
		if err == nil || !strings.Contains(err.Error(), `"big.ttf" is 33554433 bytes; the limit is 33554432`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("logo", func(t *testing.T) {
		dir := copyDefault(t, func(s string) string { return strings.Replace(s, `logo: ""`, `logo: "big.png"`, 1) })
		writeSparse(t, filepath.Join(dir, "big.png"), theme.MaxLogoBytes+1)
		err := loadSoon(t, dir)
		if err == nil || !strings.Contains(err.Error(), `masthead.logo: "big.png" is 4194305 bytes; the limit is 4194304`) {
			t.Errorf("err = %v", err)
		}
	})
}

func writeSparse(t *testing.T, name string, size int64) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// pngHeader returns a PNG of w×h pixels whose image data is one empty
// deflate block: enough for DecodeConfig, which reads only the header.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

// TestLogo: a 560 KB PNG of 21,000×21,000 pixels took 1.86 GB to decode.
// Its dimensions are now checked before anything decodes it.
func TestLogo(t *testing.T) {
	for name, tc := range map[string]struct {
		file string
		data []byte
		want string
	}{
		"bomb":       {"logo.png", pngHeader(21000, 21000), `masthead.logo: "logo.png" is 21000×21000 pixels; the limit is 16777216 pixels, at most 8192 on a side`},
		"long":       {"logo.png", pngHeader(100000, 10), `is 100000×10 pixels`},
		"not image":  {"logo.png", []byte("hello"), `masthead.logo: "logo.png" is not a PNG or JPEG image`},
		"wrong ext":  {"logo.gif", pngHeader(10, 10), `masthead.logo: "logo.gif" is not a .png, .jpg or .jpeg file`},
		"png as jpg": {"logo.jpg", pngHeader(10, 10), `masthead.logo: "logo.jpg" holds a PNG image`},
		"escape":     {"../logo.png", nil, `masthead.logo: "../logo.png" is not a path inside the theme's folder`},
		"ok":         {"logo.png", pngHeader(400, 100), ""},
	} {
		t.Run(name, func(t *testing.T) {
			dir := copyDefault(t, func(s string) string { return strings.Replace(s, `logo: ""`, `logo: "`+tc.file+`"`, 1) })
			if tc.data != nil {
				os.WriteFile(filepath.Join(dir, tc.file), tc.data, 0o644)
			}
			th, err := theme.LoadDir(dir)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if b, typ, err := th.Logo(); err != nil || !bytes.Equal(b, tc.data) || typ != "PNG" {
					t.Errorf("logo %d bytes, %q, %v", len(b), typ, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant %q", err, tc.want)
			}
		})
	}
}

// TestBrokenFonts: a truncated or garbage font was read at load but parsed
// only when the brief's text was checked, so every field of the brief was
// reported as "character not in the theme's fonts". It is now one theme
// error, at the font's key.
func TestBrokenFonts(t *testing.T) {
	good := liberationserifregular.TTF
	nameTable := append([]byte(nil), good...)
	breakNameTable(t, nameTable)
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"truncated":  {good[:len(good)/2], `:8:20: fonts.serif.regular: "house.ttf" is not a TrueType font that can be read: invalid source data`},
		"garbage":    {bytes.Repeat([]byte("garbage!"), 1000), `fonts.serif.regular: "house.ttf" is not a TrueType font that can be read`},
		"empty":      {[]byte{}, `fonts.serif.regular: "house.ttf" is not a TrueType font that can be read`},
		"header":     {good[:12], `fonts.serif.regular: "house.ttf" is not a TrueType font that can be read`},
		"name table": {nameTable, `fonts.serif.regular: "house.ttf" has a damaged name table`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := copyDefault(t, func(s string) string {
				return strings.Replace(s, `regular: "liberation:serif-regular"`, `regular: "house.ttf"`, 1)
			})
			os.WriteFile(filepath.Join(dir, "house.ttf"), tc.data, 0o644)
			_, err := theme.LoadDir(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("err = %v\nwant one error %q", err, tc.want)
			}
		})
	}
}

// breakNameTable points the name table's strings outside the file: Go's
// sfnt parser accepts the font, and fpdf's parseNAMETable panicked on it.
func breakNameTable(t *testing.T, b []byte) {
	t.Helper()
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := range n {
		rec := b[12+16*i:]
		if string(rec[:4]) == "name" {
			off := binary.BigEndian.Uint32(rec[8:])
			binary.BigEndian.PutUint16(b[off+4:], 0xffff)
			return
		}
	}
	t.Fatal("no name table")
}

// TestNoOpenFiles: each brief's own theme folder kept an os.Root open for
// the whole run, so 300 briefs under ulimit -n 256 failed.
func TestNoOpenFiles(t *testing.T) {
	dir := copyDefault(t, func(s string) string {
		return strings.Replace(s, `regular: "liberation:sans-regular"`, `regular: "fonts/sans.ttf"`, 1)
	})
	os.Mkdir(filepath.Join(dir, "fonts"), 0o755)
	os.WriteFile(filepath.Join(dir, "fonts", "sans.ttf"), liberationsansregular.TTF, 0o644)
	before := openFiles(t)
	var keep []*theme.Theme
	for range 300 {
		th, err := theme.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		keep = append(keep, th)
	}
	if after := openFiles(t); after > before+5 {
		t.Errorf("%d files open before loading 300 themes, %d after", before, after)
	}
	// The fonts stay readable after the folder is closed.
	if b, err := keep[299].FontBytes("fonts/sans.ttf"); err != nil || len(b) != len(liberationsansregular.TTF) {
		t.Errorf("font after load: %d bytes, %v", len(b), err)
	}
}

func openFiles(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(fds)
}

// TestCatalogFIFO: a named pipe among the theme's message catalogues must
// not hang the load either.
func TestCatalogFIFO(t *testing.T) {
	dir := copyDefault(t, func(s string) string { return s })
	os.Mkdir(filepath.Join(dir, "i18n"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "i18n", "pl.yaml"), 0o644); err != nil {
		t.Skip("no named pipes:", err)
	}
	err := loadSoon(t, dir)
	if err == nil || !strings.Contains(err.Error(), `i18n/pl.yaml: "i18n/pl.yaml" is not a regular file`) {
		t.Errorf("err = %v", err)
	}
}

// TestCatalogAfterLoad: the theme folder is closed after load, and a
// catalogue asked for later is still read.
func TestCatalogAfterLoad(t *testing.T) {
	dir := copyDefault(t, func(s string) string { return s })
	os.Mkdir(filepath.Join(dir, "i18n"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "i18n", "de.yaml"), []byte("messages:\n  series.default: \"Hausanalyse\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	th, err := theme.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := th.Catalog("de-AT") // not read at load
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T("series.default"); got != "Hausanalyse" {
		t.Errorf("series.default = %q", got)
	}
}
