package doc_test

import (
	"os"
	"time"

	"github.com/un-briefs/report/internal/doc"
)

func ExampleDump() {
	t := &doc.Table{ID: "t", Label: "Table 1", Caption: "Tests", InBody: true,
		Columns: []doc.Column{{Name: "km", Label: "Distance (km)", Kind: doc.Integer, Align: doc.Right, Unit: "km"}},
		Rows: [][]doc.Cell{
			{{Value: doc.Value{Kind: doc.Integer, Int: 1000}, Text: "1,000"}},
			{{Value: doc.Value{Kind: doc.Integer, Null: true}, Text: "Failed attempt", Role: "status"}},
		}}
	d := &doc.Document{
		Meta:   doc.Meta{ID: "x", Title: "A brief", Lang: "en", Date: time.Date(2017, 10, 3, 0, 0, 0, 0, time.UTC), DateText: "3 October 2017"},
		Blocks: []doc.Block{&doc.Heading{Level: 1, Number: "1", Text: "Intro"}, &doc.Paragraph{Role: "body", Runs: []doc.Run{{Text: "Some "}, {Text: "words", Style: doc.Italic}}}, &doc.TableRef{Table: t}},
		Tables: []*doc.Table{t},
	}
	doc.Dump(os.Stdout, d)
	// Output:
	// meta id="x" lang="en" date=2017-10-03
	//   title "A brief"
	//   datetext "3 October 2017"
	//   subject ""
	// heading 1 "1" "Intro"
	// paragraph body
	//   run "Some "
	//   run [italic] "words"
	// place table t (Table 1)
	// table t label="Table 1" annex=false body=true
	//   caption "Tests"
	//   column km "Distance (km)" integer right unit="km"
	//   row 1 integer:1000="1,000"
	//   row 2 integer:null="Failed attempt"
}
