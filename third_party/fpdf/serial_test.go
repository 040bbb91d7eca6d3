package fpdf_test

import (
	"bytes"
	"testing"

	"github.com/un-briefs/report/third_party/fpdf"
	"github.com/un-briefs/report/third_party/fpdf/internal/example"
)

// report patch "no encoding/gob": templates, with their images and child
// templates, survive serialisation with fpdf's own codec.

func serialTemplate(withChild bool) fpdf.Template {
	pdf := fpdf.New("P", "mm", "A4", "")
	return pdf.CreateTemplate(func(tpl *fpdf.Tpl) {
		tpl.Image(example.ImageFile("logo.png"), 6, 6, 30, 0, false, "", 0, "")
		tpl.SetFont("Arial", "B", 16)
		tpl.Text(40, 20, "Template")
		if !withChild {
			return
		}
		child := tpl.CreateTemplate(func(c *fpdf.Tpl) {
			c.Image(example.ImageFile("logo.jpg"), 0, 0, 20, 0, false, "", 0, "")
			c.SetLineWidth(2.5)
			c.Line(95, 12, 105, 22)
		})
		tpl.UseTemplate(child)
	})
}

func useTemplate(t *testing.T, tpl fpdf.Template) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.UseTemplate(tpl)
	pdf.UseTemplateScaled(tpl, fpdf.PointType{X: 0, Y: 30}, fpdf.SizeType{Wd: 100, Ht: 100})
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTemplateSerialization(t *testing.T) {
	tpl := serialTemplate(false)
	b, err := tpl.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := serialTemplate(false).Serialize(); !bytes.Equal(b, again) {
		t.Error("the same template serialises to other bytes")
	}
	back, err := fpdf.DeserializeTemplate(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.ID() != tpl.ID() || len(back.Images()) != len(tpl.Images()) {
		t.Errorf("deserialised: id %s, %d images; want %s, %d", back.ID(), len(back.Images()), tpl.ID(), len(tpl.Images()))
	}
	got := useTemplate(t, back)
	if !bytes.Equal(got, useTemplate(t, tpl)) {
		t.Error("a document using the deserialised template differs from one using the template")
	}
	run(t, "qpdf", "--check", writePDF(t, got))

	// With a child template: the child and the images come back, and
	// serialise again to the same bytes. (As upstream's gob code does, the
	// deserialised template also lists the child's copy of its parent's
	// image, and a document using it names an image twice in its
	// resources: upstream behaviour, not changed here.)
	tpl = serialTemplate(true)
	b, err = tpl.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	back, err = fpdf.DeserializeTemplate(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.ID() != tpl.ID() || len(back.Templates()) != 1 || back.Templates()[0].ID() != tpl.Templates()[0].ID() {
		t.Errorf("deserialised with child: id %s, %d templates", back.ID(), len(back.Templates()))
	}
	if again, err := back.Serialize(); err != nil || !bytes.Equal(again, b) {
		t.Errorf("serialised again: %d bytes, %v; want the same %d bytes", len(again), err, len(b))
	}

	// Damaged input is an error, never a panic.
	for n := 0; n < len(b); n += 1 + n/8 {
		if _, err := fpdf.DeserializeTemplate(b[:n]); err == nil {
			t.Errorf("%d of %d bytes deserialised without error", n, len(b))
		}
	}
	flipped := append([]byte(nil), b...)
	for i := 0; i < len(flipped); i += 97 {
		flipped[i] ^= 0xff
		fpdf.DeserializeTemplate(flipped) // must not panic
		flipped[i] ^= 0xff
	}
}
