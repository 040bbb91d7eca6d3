package send

import (
	"cmp"
	"crypto/x509"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/un-briefs/report/internal/mail"
	"github.com/un-briefs/report/internal/outdir"
)

// Flags are the settings of "report mail" as its command line and
// environment give them.
type Flags struct {
	o           Options
	to, cc, bcc addressList
	out, emlDir string
	caFile      string
	maxMB       float64
	Quiet       bool
	getenv      func(string) string
}

// addressList collects repeated or comma-separated addresses; a comma inside
// a quoted name, as in "Doe, John" <jd@example.org>, belongs to the name.
type addressList []string

func (l *addressList) String() string { return strings.Join(*l, ",") }
func (l *addressList) Set(s string) error {
	list, err := mail.ParseList(s)
	*l = append(*l, list...)
	return err
}

// Register defines the flags on fs, with defaults from the environment.
func (f *Flags) Register(fs *flag.FlagSet, getenv func(string) string) {
	f.getenv = getenv
	s := &f.o.Settings
	fs.StringVar(&f.out, "o", "out", "folder of the built outputs")
	fs.Var(&f.to, "to", "recipient (repeat or separate with commas)")
	fs.Var(&f.cc, "cc", "copy recipient")
	fs.Var(&f.bcc, "bcc", "blind copy recipient")
	fs.StringVar(&f.o.From, "from", getenv("REPORT_SMTP_FROM"), "sender")
	fs.StringVar(&s.Host, "host", getenv("REPORT_SMTP_HOST"), "SMTP server")
	fs.IntVar(&s.Port, "port", 0, "SMTP port (default: 587; 465 with --tls=implicit, 25 with --tls=none)")
	fs.StringVar(&s.User, "user", getenv("REPORT_SMTP_USER"), "SMTP user")
	fs.StringVar(&s.TLS, "tls", "starttls", "starttls (required), implicit or none")
	fs.BoolVar(&s.Insecure, "insecure", false, "allow a server without TLS (a local relay)")
	fs.StringVar(&f.caFile, "ca", "", "PEM file of the CA that signs the server's certificate")
	fs.BoolVar(&f.o.DryRun, "dry-run", false, "write .eml files instead of sending")
	fs.StringVar(&f.emlDir, "eml-dir", "", "where --dry-run writes (default: the output folder)")
	fs.BoolVar(&f.o.OnlyChanged, "only-changed", false, "send only briefs whose outputs changed since they were last sent")
	fs.Float64Var(&f.maxMB, "max-size", 10, "largest message in MB")
	fs.IntVar(&s.Retries, "retries", 3, "retries after a temporary (4xx) failure")
	fs.DurationVar(&s.Backoff, "backoff", 2*time.Second, "wait before the first retry; doubled each time")
	fs.DurationVar(&s.Timeout, "timeout", 30*time.Second, "give up on a silent server after this long")
	fs.BoolVar(&f.Quiet, "q", false, "quiet")
	fs.StringVar(&f.o.Theme, "theme", "", "house style folder (for the subject line)")
}

// UsageError is a setting that cannot work: the command's usage is wrong.
type UsageError struct{ error }

// Options checks the parsed flags and resolves relative paths against wd.
func (f *Flags) Options(wd, generator string) (Options, error) {
	o, s := f.o, &f.o.Settings
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(wd, p)
	}
	if p := f.getenv("REPORT_SMTP_PORT"); p != "" && s.Port == 0 {
		n, err := strconv.Atoi(p)
		if err != nil {
			return o, UsageError{fmt.Errorf("REPORT_SMTP_PORT must be a number, not %q", p)}
		}
		o.Settings.Port = n
	}
	if err := o.Check(f.maxMB); err != nil {
		return o, UsageError{err}
	}
	o.Settings.Password = f.getenv("REPORT_SMTP_PASSWORD")
	o.Settings.MaxBytes = int(f.maxMB * (1 << 20))
	if f.caFile != "" {
		pem, err := os.ReadFile(abs(f.caFile))
		if err != nil {
			return o, err
		}
		o.Settings.RootCAs = x509.NewCertPool()
		if !o.Settings.RootCAs.AppendCertsFromPEM(pem) {
			return o, fmt.Errorf("%s: no PEM certificates", f.caFile)
		}
	}
	o.To, o.Cc, o.Bcc = f.to, f.cc, f.bcc
	o.Out = outdir.Dir{Path: abs(f.out), Generator: generator}
	o.EmlDir = abs(cmp.Or(f.emlDir, f.out))
	o.Generator = generator
	return o, nil
}

// EmlName is where a dry run writes a brief's message, as the user named it.
func (f *Flags) EmlName(id string) string {
	return filepath.ToSlash(filepath.Join(cmp.Or(f.emlDir, f.out), id+".eml"))
}
