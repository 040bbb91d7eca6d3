package pdfcheck

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// Version returns the PDF version of the file's header.
func (d *Doc) Version() string { return d.version }

type xmpDesc struct {
	Title       string `xml:"title>Alt>li"`
	Creator     string `xml:"creator>Seq>li"`
	Description string `xml:"description>Alt>li"`
	Keywords    string `xml:"Keywords"`
	Producer    string `xml:"Producer"`
	CreatorTool string `xml:"CreatorTool"`
	CreateDate  string `xml:"CreateDate"`
	ModifyDate  string `xml:"ModifyDate"`
	Parts       []struct {
		XMLName xml.Name
		Value   string `xml:",chardata"`
	} `xml:"part"`
	Conformance string `xml:"conformance"`
}

// XMP returns the catalog's XMP metadata packet.
func (d *Doc) XMP() (string, error) {
	ref := d.Catalog()["/Metadata"]
	b, err := d.StreamData(ref)
	return string(b), err
}

// PDFA checks the document-level requirements of PDF/A-2 (ISO 19005-2)
// that can be read from the file's objects, one by one, and returns what
// is wrong: the version, the trailer's /ID, no encryption or JavaScript,
// unfiltered XMP metadata declaring pdfaid part 2 and repeating the Info
// dictionary, one PDF/A output intent with an RGB ICC profile, printable
// annotations, embedded fonts. It is no validation: veraPDF checks far
// more (fonts' programs, colour use, content operators...).
func (d *Doc) PDFA() []string {
	var bad []string
	fail := func(format string, a ...any) { bad = append(bad, fmt.Sprintf(format, a...)) }
	if d.version != "1.7" {
		fail("header: PDF %s, want 1.7", d.version)
	}
	tr := d.Trailer()
	if tr["/Encrypt"] != nil {
		fail("trailer: encrypted")
	}
	if ids, _ := d.Resolve(tr["/ID"]).([]any); len(ids) != 2 {
		fail("trailer: no /ID of two strings")
	}
	cat := d.Catalog()
	if names := d.Dict(cat["/Names"]); names != nil && names["/JavaScript"] != nil {
		fail("catalog: JavaScript")
	}
	if cat["/AA"] != nil || cat["/OpenAction"] != nil && strings.Contains(fmt.Sprint(d.Resolve(cat["/OpenAction"])), "JavaScript") {
		fail("catalog: actions")
	}

	// XMP metadata
	meta := d.Dict(cat["/Metadata"])
	if meta == nil {
		fail("catalog: no /Metadata")
	} else {
		if meta["/Filter"] != nil {
			fail("metadata stream: filtered")
		}
		if meta["/Type"] != "/Metadata" || meta["/Subtype"] != "/XML" {
			fail("metadata stream: not /Type /Metadata /Subtype /XML")
		}
		packet, err := d.XMP()
		var x struct {
			Desc xmpDesc `xml:"RDF>Description"`
		}
		if err == nil {
			err = xml.Unmarshal([]byte(packet), &x)
		}
		if err != nil {
			fail("XMP: %v", err)
		} else {
			bad = append(bad, d.checkXMP(x.Desc, packet)...)
		}
	}

	// Output intent
	intents, _ := d.Resolve(cat["/OutputIntents"]).([]any)
	pdfa := 0
	for _, oi := range intents {
		o := d.Dict(oi)
		if o["/S"] != "/GTS_PDFA1" {
			continue
		}
		pdfa++
		p := d.Dict(o["/DestOutputProfile"])
		if p == nil || p["/N"] != 3.0 {
			fail("output intent: no RGB ICC profile (/N 3)")
			continue
		}
		icc, err := d.StreamData(o["/DestOutputProfile"])
		if err != nil || len(icc) < 128 || string(icc[36:40]) != "acsp" || string(icc[16:20]) != "RGB " {
			fail("output intent: the profile is not an RGB ICC profile")
		}
	}
	if pdfa != 1 {
		fail("catalog: %d PDF/A output intents, want 1", pdfa)
	}

	// Annotations
	for i, page := range d.pages {
		annots, _ := d.Resolve(d.Dict(page)["/Annots"]).([]any)
		for _, a := range annots {
			flags, _ := d.Dict(a)["/F"].(float64)
			if f := int(flags); f&4 == 0 || f&(1|2|32) != 0 {
				fail("page %d: annotation %v: flags %d, want Print and not Hidden, Invisible or NoView", i+1, a, f)
			}
		}
	}

	// Fonts: each with its program embedded.
	for ref, v := range d.objs {
		f, ok := v.(map[string]any)
		if !ok || f["/Type"] != "/Font" || f["/Subtype"] == "/Type0" || f["/Subtype"] == "/Type3" {
			continue
		}
		fd := d.Dict(f["/FontDescriptor"])
		if fd == nil || fd["/FontFile"] == nil && fd["/FontFile2"] == nil && fd["/FontFile3"] == nil {
			fail("font %s (%v): not embedded", ref, f["/BaseFont"])
		}
	}
	return bad
}

func (d *Doc) checkXMP(x xmpDesc, packet string) []string {
	var bad []string
	fail := func(format string, a ...any) { bad = append(bad, fmt.Sprintf(format, a...)) }
	part, conf := "", x.Conformance
	for _, p := range x.Parts {
		if p.XMLName.Space == "http://www.aiim.org/pdfa/ns/id/" {
			part = strings.TrimSpace(p.Value)
		}
	}
	if part != "2" || (conf != "A" && conf != "B" && conf != "U") {
		fail("XMP: pdfaid:part %q, conformance %q; want 2 and A, B or U", part, conf)
	}
	if strings.Contains(packet, "http://www.aiim.org/pdfua/ns/id/") && !strings.Contains(packet, "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>") {
		fail("XMP: pdfuaid used without a PDF/A extension schema")
	}
	info := d.Dict(d.Trailer()["/Info"])
	for _, c := range []struct{ key, xmp, name string }{
		{"/Title", x.Title, "dc:title"}, {"/Author", x.Creator, "dc:creator"}, {"/Subject", x.Description, "dc:description"},
		{"/Keywords", x.Keywords, "pdf:Keywords"}, {"/Producer", x.Producer, "pdf:Producer"}, {"/Creator", x.CreatorTool, "xmp:CreatorTool"},
	} {
		if v := Text(info[c.key]); v != c.xmp {
			fail("Info %s %q, XMP %s %q", c.key, v, c.name, c.xmp)
		}
	}
	for _, c := range []struct{ key, xmp, name string }{{"/CreationDate", x.CreateDate, "xmp:CreateDate"}, {"/ModDate", x.ModifyDate, "xmp:ModifyDate"}} {
		v := Text(info[c.key])
		if v == "" && c.xmp == "" {
			continue
		}
		a, err1 := infoDate(v)
		b, err2 := time.Parse(time.RFC3339, c.xmp)
		if err1 != nil || err2 != nil || !a.Equal(b) {
			fail("Info %s %q, XMP %s %q", c.key, v, c.name, c.xmp)
		}
	}
	return bad
}

// infoDate parses a PDF date with its time zone, D:YYYYMMDDHHmmSS+hh'mm'.
func infoDate(s string) (time.Time, error) {
	s = strings.TrimPrefix(s, "D:")
	s = strings.ReplaceAll(s, "'", "")
	if strings.HasSuffix(s, "Z") {
		s = strings.TrimSuffix(s, "Z") + "+0000"
	}
	return time.Parse("20060102150405-0700", s)
}
