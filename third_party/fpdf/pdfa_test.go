package fpdf_test

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/un-briefs/report/internal/pdfcheck"
	"github.com/un-briefs/report/third_party/fpdf"
)

// report patch "PDF/A": PDF 1.7, XMP metadata equal to the Info
// dictionary, an sRGB output intent with a profile made in code, the
// trailer's /ID, printable links; each checked by a reader of its own.

func pdfaDoc(t *testing.T) []byte {
	return taggedDocWith(t, true, func(pdf *fpdf.Fpdf) {
		pdf.SetPDFA(2, "a")
		pdf.SetPDFUA(1)
		pdf.SetAuthor("Centre for Policy Studies", true)
		pdf.SetSubject("Résumé & <test>", true)
		pdf.SetKeywords("sanctions, tests", true)
		pdf.SetCreator("report test", true)
		pdf.SetProducer("report fpdf", true)
		zone := time.FixedZone("", 3*3600)
		pdf.SetCreationDate(time.Date(2017, 10, 3, 9, 30, 0, 0, zone))
		pdf.SetModificationDate(time.Date(2017, 10, 4, 9, 30, 0, 0, zone))
	})
}

type xmpPacket struct {
	Desc struct {
		Title       string `xml:"title>Alt>li"`
		Creator     string `xml:"creator>Seq>li"`
		Description string `xml:"description>Alt>li"`
		Keywords    string `xml:"Keywords"`
		Producer    string `xml:"Producer"`
		CreatorTool string `xml:"CreatorTool"`
		CreateDate  string `xml:"CreateDate"`
		ModifyDate  string `xml:"ModifyDate"`
		Part        []int  `xml:"part"`
		Conformance string `xml:"conformance"`
	} `xml:"RDF>Description"`
}

func TestPDFA(t *testing.T) {
	b := pdfaDoc(t)
	if !bytes.HasPrefix(b, []byte("%PDF-1.7\n")) {
		t.Errorf("header %q, want %%PDF-1.7", b[:9])
	}
	if !bytes.Equal(b, pdfaDoc(t)) {
		t.Error("the same document gave other bytes")
	}
	name := writePDF(t, b)
	run(t, "qpdf", "--check", name)

	// The Info dictionary, as poppler reads it, and the XMP metadata.
	info := map[string]string{}
	for _, ln := range strings.Split(run(t, "pdfinfo", "-isodates", name), "\n") {
		if k, v, ok := strings.Cut(ln, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	var x xmpPacket
	meta := run(t, "pdfinfo", "-meta", name)
	if err := xml.Unmarshal([]byte(meta), &x); err != nil {
		t.Fatalf("XMP: %v\n%s", err, meta)
	}
	d := x.Desc
	for _, c := range []struct{ info, xmp string }{
		{"Title", d.Title}, {"Author", d.Creator}, {"Subject", d.Description}, {"Keywords", d.Keywords},
		{"Producer", d.Producer}, {"Creator", d.CreatorTool},
	} {
		if info[c.info] == "" || info[c.info] != c.xmp {
			t.Errorf("%s: Info %q, XMP %q", c.info, info[c.info], c.xmp)
		}
	}
	// pdfinfo -isodates writes the zone as +03.
	for _, c := range []struct{ info, xmp string }{{"CreationDate", d.CreateDate}, {"ModDate", d.ModifyDate}} {
		i, err1 := time.Parse("2006-01-02T15:04:05-07", info[c.info])
		x, err2 := time.Parse(time.RFC3339, c.xmp)
		if err1 != nil || err2 != nil || !i.Equal(x) || i.Format("-07") != x.Format("-07") {
			t.Errorf("%s: Info %q, XMP %q", c.info, info[c.info], c.xmp)
		}
	}
	if d.CreateDate != "2017-10-03T09:30:00+03:00" {
		t.Errorf("XMP CreateDate %q", d.CreateDate)
	}
	if len(d.Part) != 2 || d.Part[0] != 2 || d.Part[1] != 1 || d.Conformance != "A" {
		t.Errorf("pdfaid:part, pdfuaid:part %v, conformance %q; want 2, 1, A", d.Part, d.Conformance)
	}
	if !strings.Contains(meta, "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>") {
		t.Error("no PDF/A extension schema for pdfuaid")
	}
	if info["Tagged"] != "yes" || info["PDF version"] != "1.7" {
		t.Errorf("pdfinfo: Tagged %q, PDF version %q", info["Tagged"], info["PDF version"])
	}

	doc, err := pdfcheck.Read(tool(t, "qpdf"), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Tagged() {
		t.Error(p)
	}
	for _, p := range doc.PDFA() {
		t.Error(p)
	}
	cat := doc.Catalog()
	if m := doc.Dict(cat["/Metadata"]); m["/Filter"] != nil || m["/Subtype"] != "/XML" {
		t.Errorf("metadata stream %v: want /Subtype /XML and no filter", m)
	}
	intents, _ := doc.Resolve(cat["/OutputIntents"]).([]any)
	if len(intents) != 1 {
		t.Fatalf("output intents %v", cat["/OutputIntents"])
	}
	oi := doc.Dict(intents[0])
	if oi["/S"] != "/GTS_PDFA1" || pdfcheck.Text(oi["/OutputConditionIdentifier"]) != "sRGB IEC61966-2.1" {
		t.Errorf("output intent %v", oi)
	}
	profile := doc.Dict(oi["/DestOutputProfile"])
	if profile["/N"] != 3.0 {
		t.Errorf("profile /N %v", profile["/N"])
	}
	icc, err := doc.StreamData(oi["/DestOutputProfile"])
	if err != nil || !bytes.Equal(icc, fpdf.SRGBProfile()) {
		t.Errorf("the embedded profile is not SRGBProfile (%v)", err)
	}
	id := doc.Trailer()["/ID"]
	ids, _ := id.([]any)
	if len(ids) != 2 || ids[0] != ids[1] || !regexp.MustCompile(`^b:[0-9a-f]{32}$`).MatchString(ids[0].(string)) {
		t.Errorf("trailer /ID %v; want two equal 16-byte strings", id)
	}
	for _, page := range doc.Pages() {
		annots, _ := doc.Resolve(doc.Dict(page)["/Annots"]).([]any)
		for _, a := range annots {
			if f := doc.Dict(a)["/F"]; f != 4.0 {
				t.Errorf("annotation %v: /F %v, want 4 (print)", a, f)
			}
		}
	}
	fonts := run(t, "pdffonts", name)
	for _, ln := range strings.Split(strings.TrimSpace(fonts), "\n")[2:] {
		if !strings.Contains(ln, " yes yes yes ") {
			t.Errorf("font not embedded as a tagged subset with ToUnicode: %s", ln)
		}
	}
}

// The sRGB profile is one that Little CMS (through Pillow) accepts and
// uses: it names itself, and converts sRGB colours to themselves.
func TestSRGBProfile(t *testing.T) {
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "from PIL import ImageCms").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 with Pillow's ImageCms is not installed (CI=true)")
		}
		t.Skip("python3 with Pillow's ImageCms is not installed")
	}
	script := `
import base64, io, sys
from PIL import Image, ImageCms
p = ImageCms.ImageCmsProfile(io.BytesIO(base64.b64decode(sys.argv[1])))
print(ImageCms.getProfileDescription(p).strip())
print(p.profile.version, p.profile.xcolor_space.strip(), p.profile.device_class)
im = Image.new("RGB", (3, 1))
im.putdata([(255, 0, 0), (18, 120, 200), (128, 128, 128)])
out = ImageCms.profileToProfile(im, ImageCms.createProfile("sRGB"), p)
print(list(out.getdata()))
`
	out, err := exec.Command(py, "-c", script, base64.StdEncoding.EncodeToString(fpdf.SRGBProfile())).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 || lines[0] != "sRGB IEC61966-2.1" || !strings.HasPrefix(lines[1], "2.1 RGB mntr") {
		t.Fatalf("Little CMS reads:\n%s", out)
	}
	// Within 2 levels of the input: the profile is sRGB.
	var got [3][3]int
	if _, err := fmtSscanf(lines[2], &got); err != nil {
		t.Fatal(err)
	}
	want := [3][3]int{{255, 0, 0}, {18, 120, 200}, {128, 128, 128}}
	for i := range want {
		for j := range want[i] {
			if d := got[i][j] - want[i][j]; d < -2 || d > 2 {
				t.Errorf("sRGB %v becomes %v through the profile", want[i], got[i])
				break
			}
		}
	}
}

func fmtSscanf(s string, v *[3][3]int) (int, error) {
	s = strings.NewReplacer("[", "", "]", "", "(", "", ")", "", ",", " ").Replace(s)
	f := strings.Fields(s)
	n := 0
	for i := range v {
		for j := range v[i] {
			if n >= len(f) {
				return n, os.ErrInvalid
			}
			var x int
			for _, c := range f[n] {
				x = x*10 + int(c-'0')
			}
			v[i][j] = x
			n++
		}
	}
	return n, nil
}
