// Package send mails built briefs: for each brief it reads the output
// folder's manifest, checks that the built files are those the manifest
// names, prepares one message with the PDF and the annex, sends it (or writes
// an .eml file) and records in the manifest what was sent.
package send

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/un-briefs/report/internal/build"
	"github.com/un-briefs/report/internal/compose"
	"github.com/un-briefs/report/internal/mail"
	"github.com/un-briefs/report/internal/manifest"
	"github.com/un-briefs/report/internal/outdir"
	"github.com/un-briefs/report/internal/render/xlsx"
)

// Options say what to send and how.
type Options struct {
	Out         outdir.Dir // the folder of the built outputs
	To, Cc, Bcc []string   // recipients; none: the brief's distribution list
	From        string
	Theme       string // a house style folder, for the subject line
	DryRun      bool   // write .eml files instead of sending
	EmlDir      string // where DryRun writes
	// OnlyChanged skips briefs whose outputs were sent already, and briefs
	// built --since an earlier edition in which nothing changed, as the
	// comparison sees it, once something was sent.
	OnlyChanged bool
	Generator   string
	Settings    mail.Settings
}

// Check refuses settings that cannot work; maxMB is --max-size.
func (o *Options) Check(maxMB float64) error {
	s := o.Settings
	switch {
	case s.Port < 0 || s.Port > 65535:
		return fmt.Errorf("--port must be from 1 to 65535, not %d", s.Port)
	case math.IsNaN(maxMB) || maxMB <= 0 || maxMB > 1<<10:
		return fmt.Errorf("--max-size must be a size in MB above 0 and at most 1024, not %v", maxMB)
	case s.TLS != "starttls" && s.TLS != "implicit" && s.TLS != "none":
		return fmt.Errorf("--tls must be starttls, implicit or none, not %q", s.TLS)
	case s.Timeout <= 0:
		return errors.New("--timeout must be above 0")
	case s.Retries < 0:
		return errors.New("--retries must be 0 or more")
	case o.From == "":
		return errors.New("no sender: set --from or REPORT_SMTP_FROM")
	case s.Host == "" && !o.DryRun:
		return errors.New("no SMTP server: set --host or REPORT_SMTP_HOST")
	}
	return nil
}

// Outcome is what happened to one brief.
type Outcome struct {
	Source   build.Source
	Skipped  bool   // unchanged since last sent
	Eml      string // the file written by a dry run
	Sent     int    // recipients
	Attempts int
	Err      error
}

// Run sends each brief in turn and records what was sent.
func Run(ctx context.Context, o Options, srcs []build.Source) []Outcome {
	manifestPath := filepath.Join(o.Out.Path, manifest.Name)
	man, err := manifest.Read(manifestPath)
	out := make([]Outcome, 0, len(srcs))
	if err != nil {
		for _, s := range srcs {
			out = append(out, Outcome{Source: s, Err: err})
		}
		return out
	}
	t := build.NewThemes()
	var sent []manifest.Entry
	for _, s := range srcs {
		res := Outcome{Source: s}
		if ctx.Err() != nil {
			res.Err = ctx.Err()
			out = append(out, res)
			continue
		}
		entry, msg, same, err := prepare(t, o, s, man)
		switch {
		case err != nil:
			res.Err = err
		case o.OnlyChanged && (entry.SentSame() || same && len(entry.Sent) > 0):
			res.Skipped = true
		case o.DryRun:
			res.Eml = filepath.Join(o.EmlDir, s.ID+".eml")
			res.Err = writeEml(res.Eml, msg, o.Settings.MaxBytes)
		default:
			res.Attempts, res.Err = mail.Send(ctx, o.Settings, msg)
			if res.Err == nil {
				res.Sent = len(msg.To) + len(msg.Cc) + len(msg.Bcc)
				entry.Sent = entry.Outputs
				sent = append(sent, entry)
			}
		}
		out = append(out, res)
	}
	if len(sent) > 0 {
		// Under the folder's lock, so that a concurrent build or mail run
		// loses nothing; only the record of what was sent changes.
		err := o.Out.Record(func(m *manifest.Manifest) []manifest.Entry {
			var upd []manifest.Entry
			for _, s := range sent {
				if cur, ok := m.Find(s.ID); ok {
					cur.Sent = s.Sent
					upd = append(upd, cur)
				}
			}
			return upd
		})
		if err != nil {
			for i := range out {
				if out[i].Sent > 0 {
					out[i].Err = fmt.Errorf("sent, but the record of it was not saved: %w", err)
				}
			}
		}
	}
	return out
}

// prepare loads a brief for its title, lead and distribution, and reads its
// built outputs, which must match the manifest. When the annex was built
// --since an earlier edition, the message says what changed, and same
// reports that nothing did, as the comparison sees it.
func prepare(t *build.Themes, o Options, s build.Source, man *manifest.Manifest) (manifest.Entry, mail.Message, bool, error) {
	entry, msg, err := prepareMsg(t, o, s, man)
	if err != nil {
		return entry, msg, false, err
	}
	for _, a := range msg.Attachments {
		if !strings.HasSuffix(a.Name, ".xlsx") {
			continue
		}
		ed, err := xlsx.Read(bytes.NewReader(a.Data))
		if err != nil || !ed.Compared {
			break // an annex that does not read back is still sent
		}
		msg.ChangesHeading, msg.Changes = ed.SinceHeading, ed.ChangesText
		return entry, msg, ed.Changes == 0, nil
	}
	return entry, msg, false, nil
}

func prepareMsg(t *build.Themes, o Options, s build.Source, man *manifest.Manifest) (manifest.Entry, mail.Message, error) {
	b, err := s.Load()
	if err != nil {
		return manifest.Entry{}, mail.Message{}, err
	}
	th, err := t.For(build.Options{Theme: o.Theme}, s, b)
	if err != nil {
		return manifest.Entry{}, mail.Message{}, err
	}
	entry, found := man.Find(s.ID)
	if !found {
		return entry, mail.Message{}, fmt.Errorf("%s is not in %s; run report build first", s.ID, filepath.Join(o.Out.Path, manifest.Name))
	}
	cat, err := th.Catalog(b.Meta.Lang)
	if err != nil {
		return entry, mail.Message{}, err
	}
	meta := compose.Meta(b, compose.Options{Generator: o.Generator, Catalog: cat})
	msg := mail.Message{ID: s.ID, From: o.From, To: o.To, Cc: o.Cc, Bcc: o.Bcc, Title: meta.Title,
		DateText: meta.DateText, Lead: meta.Lead, Generator: o.Generator}
	if len(msg.To)+len(msg.Cc)+len(msg.Bcc) == 0 {
		msg.To = b.Meta.Distribution
	}
	localise(&msg, th, cat, s.ID)
	if msg.Date, err = time.Parse(time.RFC3339, entry.BuildDate); err != nil {
		return entry, msg, fmt.Errorf("manifest build date %q: %v", entry.BuildDate, err)
	}
	for _, f := range entry.Outputs {
		data, err := os.ReadFile(filepath.Join(o.Out.Path, f.Name))
		if err != nil {
			return entry, msg, err
		}
		if manifest.SHA256(data) != f.SHA256 {
			return entry, msg, fmt.Errorf("%s changed since the manifest was written; run report build", f.Name)
		}
		msg.Attachments = append(msg.Attachments, mail.Attachment{Name: f.Name, Data: data, Pages: f.Pages})
	}
	return entry, msg, nil
}

func writeEml(name string, m mail.Message, maxBytes int) error {
	var buf strings.Builder
	if err := mail.Write(&buf, m, maxBytes); err != nil {
		return err
	}
	return outdir.WriteAtomic(name, []byte(buf.String()))
}
