package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/mail"
)

// errHelp means that -h printed the help.
var errHelp = errors.New("help shown")

// mailOptions are the flags of "report mail".
type mailOptions struct {
	out         string
	to, cc, bcc listFlag
	from        string
	host        string
	port        int
	user        string
	tls         string
	insecure    bool
	caFile      string
	dryRun      bool
	emlDir      string
	onlyChanged bool
	maxMB       float64
	retries     int
	backoff     time.Duration
	quiet       bool
	themeDir    string
}

// listFlag collects repeated or comma-separated addresses.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			*l = append(*l, a)
		}
	}
	return nil
}

const mailUsage = `usage: report mail [flags] BRIEF...

Sends each brief's built PDF and annex (from -o DIR) as one message.
Recipients come from --to/--cc/--bcc, else from the brief's distribution list.
Settings may come from REPORT_SMTP_HOST, _PORT, _USER and _FROM; the password
only from REPORT_SMTP_PASSWORD.`

func parseMail(args []string, stdout io.Writer) (mailOptions, []string, error) {
	o := mailOptions{}
	fs := flag.NewFlagSet("mail", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.out, "o", "out", "folder of the built outputs")
	fs.Var(&o.to, "to", "recipient (repeat or separate with commas)")
	fs.Var(&o.cc, "cc", "copy recipient")
	fs.Var(&o.bcc, "bcc", "blind copy recipient")
	fs.StringVar(&o.from, "from", getenv("REPORT_SMTP_FROM"), "sender")
	fs.StringVar(&o.host, "host", getenv("REPORT_SMTP_HOST"), "SMTP server")
	fs.IntVar(&o.port, "port", 0, "SMTP port (default: 587, or 465 with --tls=implicit)")
	fs.StringVar(&o.user, "user", getenv("REPORT_SMTP_USER"), "SMTP user")
	fs.StringVar(&o.tls, "tls", "starttls", "starttls (required), implicit or none")
	fs.BoolVar(&o.insecure, "insecure", false, "allow a server without TLS (a local relay)")
	fs.StringVar(&o.caFile, "ca", "", "PEM file of the CA that signs the server's certificate")
	fs.BoolVar(&o.dryRun, "dry-run", false, "write .eml files instead of sending")
	fs.StringVar(&o.emlDir, "eml-dir", "", "where --dry-run writes (default: the output folder)")
	fs.BoolVar(&o.onlyChanged, "only-changed", false, "send only briefs whose outputs changed since they were last sent")
	fs.Float64Var(&o.maxMB, "max-size", 10, "largest message in MB")
	fs.IntVar(&o.retries, "retries", 3, "retries after a temporary (4xx) failure")
	fs.DurationVar(&o.backoff, "backoff", 2*time.Second, "wait before the first retry; doubled each time")
	fs.BoolVar(&o.quiet, "q", false, "quiet")
	fs.StringVar(&o.themeDir, "theme", "", "house style folder (for the subject line)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, mailUsage+"\n\nFlags:")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return o, nil, errHelp
		}
		return o, nil, usageError{err.Error()}
	}
	if p := getenv("REPORT_SMTP_PORT"); p != "" && o.port == 0 {
		n, err := strconv.Atoi(p)
		if err != nil {
			return o, nil, usageError{fmt.Sprintf("REPORT_SMTP_PORT must be a number, not %q", p)}
		}
		o.port = n
	}
	if fs.NArg() == 0 {
		return o, nil, usageError{mailUsage}
	}
	if o.emlDir == "" {
		o.emlDir = o.out
	}
	return o, fs.Args(), nil
}

func mailCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, dirs, err := parseMail(args, stdout)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	settings := mail.Settings{Host: o.host, Port: o.port, User: o.user, Password: getenv("REPORT_SMTP_PASSWORD"),
		TLS: o.tls, Insecure: o.insecure, Timeout: 30 * time.Second, Retries: o.retries, Backoff: o.backoff,
		MaxBytes: int(o.maxMB * (1 << 20))}
	if o.caFile != "" {
		pem, err := os.ReadFile(o.caFile)
		if err != nil {
			return err
		}
		settings.RootCAs = x509.NewCertPool()
		if !settings.RootCAs.AppendCertsFromPEM(pem) {
			return fmt.Errorf("%s: no PEM certificates", o.caFile)
		}
	}
	if o.from == "" {
		return usageError{"no sender: set --from or REPORT_SMTP_FROM"}
	}
	manifestPath := filepath.Join(o.out, "manifest.json")
	man, err := readManifest(manifestPath)
	if err != nil {
		return err
	}
	t := newThemes()
	failed := 0
	var sent []manifestEntry
	for _, s := range sources(dirs) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		entry, msg, err := prepareMail(t, o, s, man)
		if err == nil && o.onlyChanged && entry.sentSame() {
			if !o.quiet {
				fmt.Fprintf(stdout, "skipped %s: unchanged since it was last sent\n", s.id)
			}
			continue
		}
		if err == nil {
			if o.dryRun {
				err = writeEml(filepath.Join(o.emlDir, s.id+".eml"), msg, settings.MaxBytes)
				if err == nil && !o.quiet {
					fmt.Fprintf(stdout, "wrote %s\n", filepath.ToSlash(filepath.Join(o.emlDir, s.id+".eml")))
				}
			} else {
				var attempts int
				attempts, err = mail.Send(ctx, settings, msg)
				if err == nil {
					entry.Sent = entry.Outputs
					sent = append(sent, entry)
					if !o.quiet {
						n := len(msg.To) + len(msg.Cc) + len(msg.Bcc)
						fmt.Fprintf(stdout, "sent %s to %d recipient(s)%s\n", s.id, n, retried(attempts))
					}
				}
			}
		}
		if err != nil {
			failed++
			printErr(stderr, "text", s, fmt.Errorf("not sent: %w", err))
		}
	}
	if len(sent) > 0 {
		m, err := readManifest(manifestPath)
		if err != nil {
			return err
		}
		m.merge(sent)
		if err := writeAtomic(manifestPath, m.bytes()); err != nil {
			return err
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

// sentSame reports whether the outputs are those last sent.
func (e manifestEntry) sentSame() bool {
	if len(e.Sent) != len(e.Outputs) {
		return false
	}
	for i := range e.Sent {
		if e.Sent[i].Name != e.Outputs[i].Name || e.Sent[i].SHA256 != e.Outputs[i].SHA256 {
			return false
		}
	}
	return true
}

// prepareMail loads a brief for its title, lead and distribution, and reads
// its built outputs, which must match the manifest.
func prepareMail(t *themes, o mailOptions, s source, man *manifest) (manifestEntry, mail.Message, error) {
	var entry manifestEntry
	b, err := s.load()
	if err != nil {
		return entry, mail.Message{}, err
	}
	th, err := t.themeFor(options{theme: o.themeDir}, s, b)
	if err != nil {
		return entry, mail.Message{}, err
	}
	found := false
	for _, e := range man.Briefs {
		if e.ID == s.id {
			entry, found = e, true
		}
	}
	if !found {
		return entry, mail.Message{}, fmt.Errorf("%s is not in %s; run report build first", s.id, filepath.Join(o.out, "manifest.json"))
	}
	meta := compose.Meta(b, compose.Options{Generator: "report " + version})
	msg := mail.Message{ID: s.id, From: o.from, To: o.to, Cc: o.cc, Bcc: o.bcc, Title: meta.Title,
		DateText: meta.DateText, Lead: meta.Lead, Generator: "report " + version}
	if len(msg.To)+len(msg.Cc)+len(msg.Bcc) == 0 {
		msg.To = b.Meta.Distribution
	}
	msg.Subject = strings.NewReplacer("{title}", meta.Title, "{date}", meta.DateText, "{id}", s.id).Replace(th.Mail.Subject)
	if msg.Date, err = time.Parse(time.RFC3339, entry.BuildDate); err != nil {
		return entry, msg, fmt.Errorf("manifest build date %q: %v", entry.BuildDate, err)
	}
	for _, out := range entry.Outputs {
		data, err := os.ReadFile(filepath.Join(o.out, out.Name))
		if err != nil {
			return entry, msg, err
		}
		if sha(data) != out.SHA256 {
			return entry, msg, fmt.Errorf("%s changed since the manifest was written; run report build", out.Name)
		}
		msg.Attachments = append(msg.Attachments, mail.Attachment{Name: out.Name, Data: data, Pages: out.Pages})
	}
	return entry, msg, nil
}

func writeEml(name string, m mail.Message, maxBytes int) error {
	var buf strings.Builder
	if err := mail.Write(&buf, m, maxBytes); err != nil {
		return err
	}
	return writeAtomic(name, []byte(buf.String()))
}
