package pdf_test

import (
	"io"
	"strconv"
	"testing"

	"github.com/un-briefs/report/internal/render/pdf"
)

func BenchmarkBundled(b *testing.B) {
	d, th := bundledDoc(b), defaultTheme(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.Render(io.Discard, d, th); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTable(b *testing.B) {
	th := defaultTheme(b)
	for _, n := range []int{1000, 10000, 100000} {
		d := longTable(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pdf.Render(io.Discard, d, th); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}
