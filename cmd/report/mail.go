package main

import (
	"cmp"
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/un-briefs/report/internal/mail"
	"github.com/un-briefs/report/internal/outdir"
	"github.com/un-briefs/report/internal/send"
)

// listFlag collects repeated or comma-separated addresses; a comma inside a
// quoted name, as in "Doe, John" <jd@example.org>, belongs to the name.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	list, err := mail.ParseList(s)
	*l = append(*l, list...)
	return err
}

const mailSynopsis = `report mail [flags] BRIEF...

Sends each brief's built PDF and annex (from -o DIR) as one message.
Recipients come from --to/--cc/--bcc, else from the brief's distribution list.
Settings may come from REPORT_SMTP_HOST, _PORT, _USER and _FROM; the password
only from REPORT_SMTP_PASSWORD.`

// mail runs "report mail".
func (c *cli) mail(ctx context.Context, args []string) error {
	var o send.Options
	var to, cc, bcc listFlag
	var out, emlDir, caFile string
	var maxMB float64
	var quiet bool
	s := &o.Settings
	fs := flag.NewFlagSet("mail", flag.ContinueOnError)
	fs.StringVar(&out, "o", "out", "folder of the built outputs")
	fs.Var(&to, "to", "recipient (repeat or separate with commas)")
	fs.Var(&cc, "cc", "copy recipient")
	fs.Var(&bcc, "bcc", "blind copy recipient")
	fs.StringVar(&o.From, "from", c.getenv("REPORT_SMTP_FROM"), "sender")
	fs.StringVar(&s.Host, "host", c.getenv("REPORT_SMTP_HOST"), "SMTP server")
	fs.IntVar(&s.Port, "port", 0, "SMTP port (default: 587; 465 with --tls=implicit, 25 with --tls=none)")
	fs.StringVar(&s.User, "user", c.getenv("REPORT_SMTP_USER"), "SMTP user")
	fs.StringVar(&s.TLS, "tls", "starttls", "starttls (required), implicit or none")
	fs.BoolVar(&s.Insecure, "insecure", false, "allow a server without TLS (a local relay)")
	fs.StringVar(&caFile, "ca", "", "PEM file of the CA that signs the server's certificate")
	fs.BoolVar(&o.DryRun, "dry-run", false, "write .eml files instead of sending")
	fs.StringVar(&emlDir, "eml-dir", "", "where --dry-run writes (default: the output folder)")
	fs.BoolVar(&o.OnlyChanged, "only-changed", false, "send only briefs whose outputs changed since they were last sent")
	fs.Float64Var(&maxMB, "max-size", 10, "largest message in MB")
	fs.IntVar(&s.Retries, "retries", 3, "retries after a temporary (4xx) failure")
	fs.DurationVar(&s.Backoff, "backoff", 2*time.Second, "wait before the first retry; doubled each time")
	fs.DurationVar(&s.Timeout, "timeout", 30*time.Second, "give up on a silent server after this long")
	fs.BoolVar(&quiet, "q", false, "quiet")
	fs.StringVar(&o.Theme, "theme", "", "house style folder (for the subject line)")
	dirs, err := c.parse(fs, args, mailSynopsis)
	if err != nil || dirs == nil {
		return err
	}
	if p := c.getenv("REPORT_SMTP_PORT"); p != "" && s.Port == 0 {
		if s.Port, err = strconv.Atoi(p); err != nil {
			return usageError{fmt.Sprintf("REPORT_SMTP_PORT must be a number, not %q", p)}
		}
	}
	if err := o.Check(maxMB); err != nil {
		return usageError{err.Error()}
	}
	s.Password = c.getenv("REPORT_SMTP_PASSWORD")
	s.MaxBytes = int(maxMB * (1 << 20))
	if caFile != "" {
		pem, err := os.ReadFile(c.path(caFile))
		if err != nil {
			return err
		}
		s.RootCAs = x509.NewCertPool()
		if !s.RootCAs.AppendCertsFromPEM(pem) {
			return fmt.Errorf("%s: no PEM certificates", caFile)
		}
	}
	srcs, err := c.sources(dirs, quiet)
	if err != nil {
		return err
	}
	o.To, o.Cc, o.Bcc = to, cc, bcc
	o.Out = outdir.Dir{Path: c.path(out), Generator: "report " + version}
	o.EmlDir = c.path(cmp.Or(emlDir, out))
	o.Generator = "report " + version
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
		case quiet:
		case r.Skipped:
			fmt.Fprintf(c.stdout, "skipped %s: unchanged since it was last sent\n", r.Source.ID)
		case r.Eml != "":
			fmt.Fprintf(c.stdout, "wrote %s\n", filepath.ToSlash(filepath.Join(cmp.Or(emlDir, out), r.Source.ID+".eml")))
		default:
			fmt.Fprintf(c.stdout, "sent %s to %d recipient(s)%s\n", r.Source.ID, r.Sent, retried(r.Attempts))
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

func retried(attempts int) string {
	if attempts > 1 {
		return fmt.Sprintf(" after %d attempts", attempts)
	}
	return ""
}
