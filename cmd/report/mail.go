package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/un-briefs/report/internal/mail"
	"github.com/un-briefs/report/internal/send"
)

const mailSynopsis = `report mail [flags] BRIEF...

Sends each brief's built PDF and annex (from -o DIR) as one message.
Recipients come from --to/--cc/--bcc, else from the brief's distribution list.
Settings may come from REPORT_SMTP_HOST, _PORT, _USER and _FROM; the password
only from REPORT_SMTP_PASSWORD.`

// mail runs "report mail".
func (c *cli) mail(ctx context.Context, args []string) error {
	var f send.Flags
	fs := flag.NewFlagSet("mail", flag.ContinueOnError)
	f.Register(fs, c.getenv)
	dirs, err := c.parse(fs, args, mailSynopsis)
	if err != nil || dirs == nil {
		return err
	}
	o, err := f.Options(c.wd, "report "+version)
	var ue send.UsageError
	if errors.As(err, &ue) {
		return usageError{ue.Error()}
	}
	if err != nil {
		return err
	}
	srcs, err := c.sources(dirs, f.Quiet)
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range send.Run(ctx, o, srcs) {
		switch {
		case r.Err != nil:
			failed++
			err := fmt.Errorf("not sent: %w", r.Err)
			if errors.Is(r.Err, mail.ErrDeliveryUnknown) {
				err = r.Err // it may have been sent
			}
			c.printErr("text", r.Source, err)
		case f.Quiet:
		case r.Skipped:
			fmt.Fprintf(c.stdout, "skipped %s: unchanged since it was last sent\n", r.Source.ID)
		case r.Eml != "":
			fmt.Fprintf(c.stdout, "wrote %s\n", f.EmlName(r.Source.ID))
		case r.Attempts > 1:
			fmt.Fprintf(c.stdout, "sent %s to %d recipient(s) after %d attempts\n", r.Source.ID, r.Sent, r.Attempts)
		default:
			fmt.Fprintf(c.stdout, "sent %s to %d recipient(s)\n", r.Source.ID, r.Sent)
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}
