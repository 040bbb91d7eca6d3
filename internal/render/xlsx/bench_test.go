package xlsx_test

import (
	"io"
	"testing"

	"github.com/un-briefs/report/internal/render/xlsx"
	"github.com/un-briefs/report/internal/theme"
)

func BenchmarkBundled(b *testing.B) {
	d, _ := build(b, "../../../briefs/nk-2017")
	th, err := theme.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := xlsx.Render(io.Discard, d, th); err != nil {
			b.Fatal(err)
		}
	}
}
