package theme

import "fmt"

// PDFOptions are the theme's choices about the PDF file itself.
type PDFOptions struct {
	// Standard is what the PDF declares and meets: "a2a" (tagged, PDF/A-2a
	// and PDF/UA-1), "ua1" (tagged, PDF/UA-1), "a2b" (PDF/A-2b, untagged)
	// or "none" (an untagged PDF as before issue 17).
	Standard string `yaml:"standard"`
	// TagCells is the most body cells a table of a tagged PDF is tagged
	// cell by cell (Table, TR, TD); a larger one is tagged as a Div of
	// paragraphs. 0: no limit.
	TagCells int `yaml:"tag_cells"`
}

// Standards are the values of pdf.standard.
var Standards = []string{"a2a", "ua1", "a2b", "none"}

// Tagged reports whether the PDF is tagged: a structure tree and marked
// content.
func (p PDFOptions) Tagged() bool { return p.Standard == "a2a" || p.Standard == "ua1" }

func (p PDFOptions) check() error {
	if p.TagCells < 0 {
		return fmt.Errorf("pdf.tag_cells: %d is negative", p.TagCells)
	}
	for _, s := range Standards {
		if p.Standard == s {
			return nil
		}
	}
	return fmt.Errorf("pdf.standard: %q is not a2a, ua1, a2b or none", p.Standard)
}
