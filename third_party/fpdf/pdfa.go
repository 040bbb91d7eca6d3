package fpdf

// report patch "PDF/A": the document-level parts of PDF/A-2 (ISO 19005-2)
// and of PDF/UA-1's identification: PDF 1.7, XMP metadata that repeats
// the Info dictionary, an sRGB output intent, the trailer's /ID, and
// printable link annotations.

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
)

type standards struct {
	pdfaPart        int
	pdfaConformance string
	pdfuaPart       int
}

// SetPDFA declares the document to conform to PDF/A (ISO 19005) part
// (2 or 3) and conformance level ("B", "U" or "A"; "A" also needs a tagged
// document). The document is then written as PDF 1.7 with: XMP metadata
// made from the Info dictionary (unless SetXmpMetadata gave some), an sRGB
// output intent (unless AddOutputIntent gave one), dates with their time
// zone, the trailer's /ID, and the Print flag on link annotations. The
// rest of PDF/A (fonts embedded, no encryption, no JavaScript, colours
// within the output intent, ...) is the document's to respect.
func (f *Fpdf) SetPDFA(part int, conformance string) {
	f.standard().pdfaPart = part
	f.standard().pdfaConformance = strings.ToUpper(conformance)
}

// SetPDFUA declares the document to conform to PDF/UA part (1) in its XMP
// metadata (pdfuaid:part), which is then written, as for SetPDFA. PDF/UA
// also asks for a tagged document, a title and SetDisplayDocTitle.
func (f *Fpdf) SetPDFUA(part int) {
	f.standard().pdfuaPart = part
}

func (f *Fpdf) standard() *standards {
	if f.std == nil {
		f.std = &standards{}
	}
	if v := pdfVersionFrom(1, 7); f.pdfVersion < v {
		f.pdfVersion = v
	}
	return f.std
}

// stdBeforeDoc completes a PDF/A or PDF/UA document before it is written.
func (f *Fpdf) stdBeforeDoc() {
	if f.std == nil {
		return
	}
	// One time for the Info dictionary and the XMP metadata.
	if f.creationDate.IsZero() {
		f.creationDate = time.Now()
	}
	if f.modDate.IsZero() {
		f.modDate = f.creationDate
	}
	if f.std.pdfaPart > 0 && len(f.outputIntents) == 0 {
		f.AddOutputIntent(OutputIntentType{
			SubtypeIdent:              OutputIntent_GTS_PDFA1,
			OutputConditionIdentifier: "sRGB IEC61966-2.1",
			Info:                      "sRGB IEC61966-2.1",
			ICCProfile:                SRGBProfile(),
		})
	}
	if len(f.xmp) == 0 {
		f.xmp = f.xmpFromInfo()
	}
}

// infoDate formats a date of the Info dictionary with its time zone.
func infoDate(t time.Time) string {
	return "D:" + t.Format("20060102150405-07'00'")
}

// infoText decodes a string of the Info dictionary (UTF-16BE with its byte
// order mark, or single bytes) into UTF-8.
func infoText(s string) string {
	if strings.HasPrefix(s, "\xfe\xff") {
		b := []byte(s[2:])
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// xmpFromInfo returns an XMP packet with the Info dictionary's entries and
// the declared standards.
func (f *Fpdf) xmpFromInfo() []byte {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	w("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
	w("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
	w("<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
	w(" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"")
	if f.std.pdfaPart > 0 {
		w(" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"")
	}
	if f.std.pdfuaPart > 0 {
		w(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"")
	}
	if f.std.pdfaPart > 0 && f.std.pdfuaPart > 0 {
		w(" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"")
		w(" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"")
		w(" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"")
	}
	w(">\n<dc:format>application/pdf</dc:format>\n")
	if f.title != "" {
		w("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", xmlEscape(infoText(f.title)))
	}
	if f.author != "" {
		w("<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", xmlEscape(infoText(f.author)))
	}
	if f.subject != "" {
		w("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", xmlEscape(infoText(f.subject)))
	}
	if f.keywords != "" {
		w("<pdf:Keywords>%s</pdf:Keywords>\n", xmlEscape(infoText(f.keywords)))
	}
	if f.producer != "" {
		w("<pdf:Producer>%s</pdf:Producer>\n", xmlEscape(infoText(f.producer)))
	}
	if f.creator != "" {
		w("<xmp:CreatorTool>%s</xmp:CreatorTool>\n", xmlEscape(infoText(f.creator)))
	}
	w("<xmp:CreateDate>%s</xmp:CreateDate>\n", f.creationDate.Format(time.RFC3339))
	w("<xmp:ModifyDate>%s</xmp:ModifyDate>\n", f.modDate.Format(time.RFC3339))
	if f.std.pdfaPart > 0 {
		w("<pdfaid:part>%d</pdfaid:part>\n<pdfaid:conformance>%s</pdfaid:conformance>\n", f.std.pdfaPart, xmlEscape(f.std.pdfaConformance))
	}
	if f.std.pdfuaPart > 0 {
		w("<pdfuaid:part>%d</pdfuaid:part>\n", f.std.pdfuaPart)
	}
	if f.std.pdfaPart > 0 && f.std.pdfuaPart > 0 {
		// PDF/A admits only the schemas of XMP 2005 unless described.
		w("<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n")
		w("<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n")
		w("<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n")
		w("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n")
		w("<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n")
		w("<pdfaProperty:name>part</pdfaProperty:name>\n<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n")
		w("<pdfaProperty:category>internal</pdfaProperty:category>\n")
		w("<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n")
		w("</rdf:li></rdf:Seq></pdfaSchema:property>\n")
		w("</rdf:li></rdf:Bag></pdfaExtension:schemas>\n")
	}
	w("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String())
}

// stdTrailerID returns the trailer's /ID entry: twice the MD5 of the
// document's bytes so far, so the same document gets the same /ID.
func (f *Fpdf) stdTrailerID() string {
	sum := md5.Sum(f.buffer.Bytes())
	h := hex.EncodeToString(sum[:])
	return "/ID [<" + h + "> <" + h + ">]"
}
