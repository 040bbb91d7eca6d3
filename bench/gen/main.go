// Command gen writes a scaled copy of the bundled brief for benchmarks: the
// missile-test table grown to N deterministic rows in date order, with the
// seed's mix of types, quantities, outcomes and confidence.
//
//	go run ./bench/gen -rows 100000 DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/un-briefs/report/bench/scale"
)

func main() {
	fl := flag.NewFlagSet("gen", flag.ContinueOnError)
	rows := fl.Int("rows", 1000, "rows of the missile-test table")
	if err := fl.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/gen -rows N DIR")
		os.Exit(2)
	}
	if err := scale.Write(fl.Arg(0), *rows); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
