package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/un-briefs/report/internal/doc"
)

// errScan means that a sheet holds something the fast scanner does not
// read, such as shared strings or rich text after Excel saved the file: the
// sheet is then read with excelize's streaming row reader.
var errScan = errors.New("xlsx: sheet not in the form report writes")

// sheetParts maps each sheet's name to its part in the package, from
// xl/workbook.xml and its relationships.
func sheetParts(z *zip.Reader) map[string]string {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if readXML(z, "xl/workbook.xml", &wb) != nil || readXML(z, "xl/_rels/workbook.xml.rels", &rels) != nil {
		return nil
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := target[s.RID]; ok {
			parts[s.Name] = t
		}
	}
	return parts
}

func readXML(z *zip.Reader, name string, v any) error {
	f, err := z.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(f).Decode(v)
}

// scanSheet reads the cells of a worksheet part as excelize's stream writer
// writes them: numbers in <v>, text as inline strings. It calls fn with each
// row's number and raw cell values (as excelize's RawCellValue gives them),
// and returns errScan at anything else.
func scanSheet(z *zip.Reader, part string, fn func(row int, cells []string) error) error {
	f, err := z.Open(part)
	if err != nil {
		return errScan
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return err
	}
	start := bytes.Index(b, []byte("<sheetData>"))
	end := bytes.LastIndex(b, []byte("</sheetData>"))
	if start < 0 || end < start {
		if bytes.Contains(b, []byte("<sheetData/>")) {
			return nil
		}
		return errScan
	}
	s := b[start+len("<sheetData>") : end]
	var cells []string
	for len(s) > 0 {
		if !bytes.HasPrefix(s, []byte("<row ")) {
			return errScan
		}
		tagEnd := bytes.IndexByte(s, '>')
		if tagEnd < 0 {
			return errScan
		}
		tag := s[:tagEnd]
		row, err := strconv.Atoi(attr(tag, "r"))
		if err != nil {
			return errScan
		}
		cells = cells[:0]
		if tag[len(tag)-1] == '/' { // <row .../>
			s = s[tagEnd+1:]
		} else {
			closeAt := bytes.Index(s, []byte("</row>"))
			if closeAt < 0 {
				return errScan
			}
			body := s[tagEnd+1 : closeAt]
			s = s[closeAt+len("</row>"):]
			if cells, err = scanCells(body, cells); err != nil {
				return err
			}
		}
		if err := fn(row, cells); err != nil {
			return err
		}
	}
	return nil
}

// scanCells reads a row's <c> elements into cells, by column.
func scanCells(body []byte, cells []string) ([]string, error) {
	for len(body) > 0 {
		if !bytes.HasPrefix(body, []byte("<c ")) && !bytes.HasPrefix(body, []byte("<c>")) {
			return nil, errScan
		}
		tagEnd := bytes.IndexByte(body, '>')
		if tagEnd < 0 {
			return nil, errScan
		}
		tag := body[:tagEnd]
		var content []byte
		if tag[len(tag)-1] == '/' {
			body = body[tagEnd+1:]
		} else {
			closeAt := bytes.Index(body, []byte("</c>"))
			if closeAt < 0 {
				return nil, errScan
			}
			content = body[tagEnd+1 : closeAt]
			body = body[closeAt+len("</c>"):]
		}
		col, _, err := excelize.CellNameToCoordinates(attr(tag, "r"))
		if err != nil || col < len(cells)+1 {
			return nil, errScan
		}
		var v []byte
		switch attr(tag, "t") {
		case "", "n":
			v, err = element(content, "<v>", "</v>")
		case "inlineStr":
			v, err = element(content, "<is>", "</is>")
			if err == nil && len(v) > 0 {
				v, err = textElement(v)
			}
		default: // shared strings, booleans, errors, formulas: excelize reads them
			return nil, errScan
		}
		if err != nil {
			return nil, err
		}
		val, err := unescape(v)
		if err != nil {
			return nil, err
		}
		for len(cells) < col-1 {
			cells = append(cells, "")
		}
		cells = append(cells, val)
	}
	return cells, nil
}

// element returns the content of the only element of content, which must be
// open…close or nothing at all.
func element(content []byte, open, close string) ([]byte, error) {
	if len(content) == 0 {
		return nil, nil
	}
	if !bytes.HasPrefix(content, []byte(open)) || !bytes.HasSuffix(content, []byte(close)) {
		return nil, errScan
	}
	return content[len(open) : len(content)-len(close)], nil
}

// textElement reads <t>…</t> or <t xml:space="preserve">…</t>.
func textElement(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, []byte("<t")) || !bytes.HasSuffix(b, []byte("</t>")) {
		return nil, errScan
	}
	gt := bytes.IndexByte(b, '>')
	if gt < 0 || (gt != 2 && !bytes.Equal(b[2:gt], []byte(` xml:space="preserve"`))) {
		return nil, errScan
	}
	return b[gt+1 : len(b)-len("</t>")], nil
}

// attr returns the value of attribute name in a start tag.
func attr(tag []byte, name string) string {
	key := []byte(" " + name + `="`)
	i := bytes.Index(tag, key)
	if i < 0 {
		return ""
	}
	rest := tag[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// unescape decodes XML character references and the five entities. Text with
// excelize's _xHHHH_ escapes, or any other markup, goes to excelize.
func unescape(b []byte) (string, error) {
	if bytes.IndexByte(b, '<') >= 0 || bytes.IndexByte(b, '\r') >= 0 || bytes.Contains(b, []byte("_x")) {
		return "", errScan
	}
	if bytes.IndexByte(b, '&') < 0 {
		return string(b), nil
	}
	var out strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		b = b[i:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 {
			return "", errScan
		}
		ent := string(b[1:semi])
		b = b[semi+1:]
		switch {
		case ent == "amp":
			out.WriteByte('&')
		case ent == "lt":
			out.WriteByte('<')
		case ent == "gt":
			out.WriteByte('>')
		case ent == "quot":
			out.WriteByte('"')
		case ent == "apos":
			out.WriteByte('\'')
		case strings.HasPrefix(ent, "#x"):
			n, err := strconv.ParseUint(ent[2:], 16, 32)
			if err != nil {
				return "", errScan
			}
			out.WriteRune(rune(n))
		case strings.HasPrefix(ent, "#"):
			n, err := strconv.ParseUint(ent[1:], 10, 32)
			if err != nil {
				return "", errScan
			}
			out.WriteRune(rune(n))
		default:
			return "", errScan
		}
	}
	return out.String(), nil
}

// scanTable reads a table's sheet with scanSheet.
func scanTable(z *zip.Reader, part string, t *AnnexTable, n int) error {
	ncol := len(t.Columns)
	vals := make([]doc.Value, n*ncol)
	t.Rows = make([][]doc.Value, n)
	for i := range n {
		t.Rows[i] = vals[i*ncol : (i+1)*ncol : (i+1)*ncol]
		for j, c := range t.Columns {
			t.Rows[i][j] = doc.Value{Kind: c.Kind, Null: true}
		}
	}
	head := false
	err := scanSheet(z, part, func(row int, cells []string) error {
		if row == 1 {
			head = true
			return checkHead(t, cells)
		}
		i := row - 2
		if i < 0 || i >= n {
			return nil
		}
		for j, c := range t.Columns {
			s := ""
			if j < len(cells) {
				s = cells[j]
			}
			v, err := typed(c, s)
			if err != nil {
				cell, _ := excelize.CoordinatesToCellName(j+1, row)
				return fmt.Errorf("%s!%s: %v", t.Sheet, cell, err)
			}
			t.Rows[i][j] = v
		}
		return nil
	})
	if err == nil && !head {
		return fmt.Errorf("sheet %q is empty", t.Sheet)
	}
	return err
}
