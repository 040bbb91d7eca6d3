package xlsx

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/un-briefs/report/internal/doc"
)

// Excel's limits, which the annex respects instead of letting excelize cut
// text short or write a workbook that readers refuse.
const (
	// MaxCellChars is the most text a cell holds, in UTF-16 code units, as
	// Excel counts. excelize silently truncates longer text; the annex
	// refuses it instead (the loader reports it first, with a position).
	MaxCellChars = 32767
	// maxHeaderChars is the most a print header or footer holds, its
	// formatting codes included.
	maxHeaderChars = 255
	// maxTableName is the longest name of an Excel table.
	maxTableName = 255
)

// CellChars is the length of s as Excel counts it: UTF-16 code units.
func CellChars(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// tooLong reports whether s is longer than a cell holds. UTF-8 takes at least
// as many bytes as UTF-16 takes code units, so short strings are not counted.
func tooLong(s string) bool {
	return len(s) > MaxCellChars && CellChars(s) > MaxCellChars
}

// badChar returns the first character of s that XML, and so a cell, cannot
// hold: a control character other than tab, line feed and carriage return,
// U+FFFE or U+FFFF. excelize would write "�" in its place.
func badChar(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0xef && i+2 < len(s) && s[i+1] == 0xbf && s[i+2] >= 0xbe {
			r, _ := utf8.DecodeRuneInString(s[i:])
			return r, true
		}
	}
	return 0, false
}

// errTooLong says where a text too long for a cell is: excelize would cut it
// short, and the annex never loses text silently.
func errTooLong(s, format string, args ...any) error {
	return fmt.Errorf("%s: the text is %d characters; an Excel cell holds at most %d", fmt.Sprintf(format, args...), CellChars(s), MaxCellChars)
}

// TableName makes a valid Excel table name for a table id that no other
// table of the workbook has: "T_" and the id with every character but ASCII
// letters and digits made '_', at most 255 characters, and a suffix "_2",
// "_3", … when another table already took it (compared without case, as
// Excel does). Ids such as "a-b" and "a_b" thus get "T_a_b" and "T_a_b_2".
func TableName(id string, used map[string]bool) string {
	clean := "T_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, id)
	name := truncate(clean, maxTableName)
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf("_%d", i)
		name = truncate(clean, maxTableName-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

// excelEpoch is the first day a date cell can hold in Excel's 1900 date
// system, the one the annex uses.
var excelEpoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// dateValue is what the annex stores for a date: the date itself from 1900
// on, and before 1900, which Excel cannot store as a date, the date as ISO
// 8601 text (YYYY-MM-DD), which sorts and filters in date order. The Notes
// sheet says so for each column that holds such dates.
func dateValue(d time.Time) (v any, isDate bool) {
	d = d.UTC()
	if d.Before(excelEpoch) {
		return isoDate(d), false
	}
	return d, true
}

// isoDate formats a date as YYYY-MM-DD for every year from 0 to 9999.
func isoDate(d time.Time) string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), int(d.Month()), d.Day())
}

// Excel keeps 15 significant digits of a number.
const (
	excelDigits = 15
	maxExactInt = 999_999_999_999_999 // the largest whole number of 15 digits
)

// intValue is what the annex stores for a whole number: the number itself
// up to 15 digits, and past them, which Excel would silently round (to
// 9223372036854770000 for the largest int64), its digits as text.
func intValue(n int64) (v any, isNumber bool) {
	if n > maxExactInt || n < -maxExactInt {
		return strconv.FormatInt(n, 10), false
	}
	return n, true
}

// numValue is a number rounded to the 15 significant digits Excel keeps, as
// Excel rounds what is typed into it. (excelize would cut the digits past
// the 15th off instead of rounding.) rounded says whether it changed.
func numValue(f float64) (v float64, rounded bool) {
	if f == math.Trunc(f) && math.Abs(f) <= maxExactInt {
		return f, false // the common case, and cheap
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', excelDigits, 64), 64)
	if err != nil {
		return f, false
	}
	return r, r != f
}

// excelRemark is what the Notes sheet adds to the description of column col
// when some of its values are not stored as they are: dates before 1900 and
// whole numbers past 15 digits written as text, numbers rounded to 15
// significant digits.
func excelRemark(kind doc.Kind, rows [][]doc.Cell, col int) string {
	for _, r := range rows {
		v := r[col].Value
		if v.Null {
			continue
		}
		switch kind {
		case doc.Date:
			if _, ok := dateValue(v.Date); !ok {
				return "; dates before 1900 are text (YYYY-MM-DD), as Excel cannot store them as dates"
			}
		case doc.Integer:
			if _, ok := intValue(v.Int); !ok {
				return "; whole numbers of more than 15 digits are text, as Excel keeps only 15"
			}
		case doc.Number:
			if _, rounded := numValue(v.Num); rounded {
				return "; numbers are rounded to 15 significant digits, as Excel keeps them"
			}
		}
	}
	return ""
}

// The range of times a zip entry's date can hold: the MS-DOS date fields run
// from 1980 to 2107, and the extended timestamp that archive/zip also writes
// holds Unix seconds in 32 bits, up to February 2106.
var (
	minZipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	maxZipTime = time.Unix(1<<32-2, 0).UTC()
)

// zipTime is date clamped into the range a zip entry holds, so that a build
// date outside it gives the nearest date instead of one that wrapped around.
func zipTime(date time.Time) time.Time {
	date = date.UTC()
	switch {
	case date.Before(minZipTime):
		return minZipTime
	case date.After(maxZipTime):
		return maxZipTime
	}
	return date
}

// The range of the document properties' dates: readers parse them as ISO
// 8601 date-times with four-digit years from 1 to 9999.
var (
	minPropTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxPropTime = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// propDate formats date for the document properties, clamped into the years
// 1 to 9999 that an ISO 8601 date-time can carry.
func propDate(date time.Time) string {
	date = date.UTC()
	switch {
	case date.Before(minPropTime):
		date = minPropTime
	case date.After(maxPropTime):
		date = maxPropTime
	}
	return date.Format(time.RFC3339)
}

// hfEscape doubles the ampersands that Excel's header codes would read.
func hfEscape(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// hfFit escapes s for a header or footer in at most n characters (as Excel
// counts them, escapes included), ending it with "…" when it had to be cut.
// It never splits an escaped "&&".
func hfFit(s string, n int) string {
	if e := hfEscape(s); CellChars(e) <= n {
		return e
	}
	if n <= 0 {
		return ""
	}
	var b strings.Builder
	used := 1 // the ellipsis
	for _, r := range s {
		w := max(utf16.RuneLen(r), 1)
		if r == '&' {
			w = 2
		}
		if used+w > n {
			break
		}
		used += w
		if r == '&' {
			b.WriteString("&&")
		} else {
			b.WriteRune(r)
		}
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

// hfPair fits a left and a right text into the room a header or footer leaves
// after its codes. When both do not fit, the shorter keeps its whole text if
// it takes no more than half the room, and the longer is cut to the rest;
// otherwise each is cut to half. The full texts are on the Notes sheet.
func hfPair(left, right string, room int) (string, string) {
	l, r := CellChars(hfEscape(left)), CellChars(hfEscape(right))
	if l+r <= room {
		return hfEscape(left), hfEscape(right)
	}
	half := room / 2
	switch {
	case l <= half:
		return hfEscape(left), hfFit(right, room-l)
	case r <= half:
		return hfFit(left, room-r), hfEscape(right)
	}
	return hfFit(left, half), hfFit(right, room-half)
}
