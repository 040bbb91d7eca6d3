package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/un-briefs/report/internal/build"
)

// errTrouble is a failure of report diff, which exits 2 like diff(1): exit 1
// means that something changed.
var errTrouble = errors.New("trouble")

// diff runs "report diff [--format=text|json] [--force] BASE DIR".
func (c *cli) diff(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	format := fs.String("format", "text", `"text" or "json" (for scripts)`)
	force := fs.Bool("force", false, "compare with a baseline of another brief (other id or title)")
	theme := fs.String("theme", "", "house style folder, for the words of the brief's language")
	pos, err := c.parse(fs, args, "report diff [flags] BASE DIR\n\nBASE is an earlier edition's annex (.xlsx) or output folder; DIR holds the brief.\nExit status: 0 nothing changed, 1 something changed, 2 trouble.")
	if err != nil || pos == nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{"report diff: name the baseline and one brief folder"}
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Sprintf("--format must be text or json, not %q", *format)}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	src := build.Folder(pos[1], c.wd)
	d, words, err := build.NewThemes().Diff(build.Options{Theme: c.path(*theme), ThemeName: *theme, Since: c.path(pos[0]), Force: *force}, src)
	if err != nil {
		c.printErr("text", src, err)
		return errTrouble
	}
	if *format == "json" {
		err = d.WriteJSON(c.stdout, words)
	} else {
		err = d.WriteText(c.stdout, words)
	}
	if err != nil {
		return err
	}
	if !d.Empty() {
		return errReported
	}
	return nil
}
