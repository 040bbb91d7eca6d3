package theme

import "fmt"

// PDFOptions are the theme's choices about the PDF file itself.
type PDFOptions struct {
	// Standard is what the PDF declares and meets: "a2a" (tagged, PDF/A-2a
	// and PDF/UA-1), "ua1" (tagged, PDF/UA-1), "a2b" (PDF/A-2b, untagged)
	// or "none" (an untagged PDF as before issue 17).
	Standard string `yaml:"standard"`
}

// Standards are the values of pdf.standard.
var Standards = []string{"a2a", "ua1", "a2b", "none"}

// Tagged reports whether the PDF is tagged: a structure tree and marked
// content.
func (p PDFOptions) Tagged() bool { return p.Standard == "a2a" || p.Standard == "ua1" }

func (p PDFOptions) check() error {
	for _, s := range Standards {
		if p.Standard == s {
			return nil
		}
	}
	return fmt.Errorf("pdf.standard: %q is not a2a, ua1, a2b or none", p.Standard)
}
