package data_test

import (
	"fmt"
	"testing/fstest"

	"github.com/un-briefs/report/internal/data"
)

// ExampleLoad shows that every problem is reported at once, sorted, each at
// its file, line and column.
func ExampleLoad() {
	fsys := fstest.MapFS{
		"brief.md": {Data: []byte(`---
titel: A brief
date: 2017-10-03
tables:
  - id: tests
    file: tests.csv
    caption: Tests
    columns:
      - {name: date, type: date}
      - {name: quantity, type: integer}
---

The lead.

{{table tests}}
`)},
		"tests.csv": {Data: []byte("date,quantity\n2017-02-30,1\n2017-03-06,four\n")},
	}
	_, err := data.Load(fsys, "nk", "nk")
	fmt.Println(err)
	// Output:
	// nk/brief.md:2:1: titel: unknown key; did you mean "title"? (see docs/brief-format.md#front-matter)
	// nk/brief.md:2:1: title: is required
	// nk/tests.csv:2:1: date: "2017-02-30" is not a valid date (2017-02 has 28 days)
	// nk/tests.csv:3:12: quantity: "four" is not a whole number
}
