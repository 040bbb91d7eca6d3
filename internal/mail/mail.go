// Package mail builds and sends the e-mail that carries a brief: a plain-text
// summary with an HTML alternative, the PDF and the annex attached. It sends
// over SMTP with STARTTLS required unless told otherwise, retries temporary
// (4xx) failures with backoff and gives up at once on permanent (5xx) ones.
// It is the only package that imports go-mail.
package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"strings"
	texttemplate "text/template"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Attachment is a built output to attach.
type Attachment struct {
	Name  string // file name; made ASCII-safe when attached
	Data  []byte
	Pages int // for PDFs
}

// Message is one brief's e-mail.
type Message struct {
	ID          string // the brief's id
	From        string
	To, Cc, Bcc []string
	Subject     string
	Title       string
	DateText    string
	Lead        string
	Generator   string
	Date        time.Time // the build date: the message's Date header
	Attachments []Attachment
	// Words are the body's fixed words in the brief's language, from its
	// message catalogue; a zero Words gives English.
	Words Words
	// Look is the HTML alternative's font and colours, from the theme.
	Look Look
}

// Words are the fixed words of a message's body.
type Words struct {
	Attached string                    // "Attached:"
	BuiltBy  string                    // "Built by report v1."
	Describe func(a Attachment) string // "4 pages, 120 KB"
}

// Look is the HTML alternative's font (a CSS font list) and colours
// (#rrggbb): of the text, the title, the date and the closing line.
type Look struct {
	Font, Text, Title, Date, Footer string
}

// Settings say how to reach the SMTP server.
type Settings struct {
	Host     string
	Port     int
	User     string
	Password string // only ever from the environment; never printed
	// TLS is "starttls" (the default: required, refused if the server does
	// not offer it), "implicit" (TLS from the first byte), or "none", which
	// needs Insecure as well.
	TLS      string
	Insecure bool
	RootCAs  *x509.CertPool // nil: the system's
	Timeout  time.Duration
	Retries  int           // further attempts after a temporary failure
	Backoff  time.Duration // wait before the first retry; doubled each time
	MaxBytes int           // the largest message to send
}

// SafeName makes a file name that every mail client shows the same way:
// ASCII letters, digits, '.', '-' and '_' only.
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "file"
	}
	return b.String()
}

func contentType(name string) gomail.ContentType {
	switch {
	case strings.HasSuffix(name, ".pdf"):
		return "application/pdf"
	case strings.HasSuffix(name, ".xlsx"):
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return gomail.TypeAppOctetStream
}

// MessageID is stable for the same brief and outputs, so that a resent
// unchanged brief can be recognised.
func (m Message) MessageID() string {
	h := sha256.New()
	for _, a := range m.Attachments {
		h.Write(a.Data)
	}
	domain := "report.invalid"
	if _, d, ok := strings.Cut(m.From, "@"); ok {
		domain = strings.Trim(d, "<> ")
	}
	return fmt.Sprintf("%s.%s@%s", SafeName(m.ID), hex.EncodeToString(h.Sum(nil))[:16], domain)
}

// Size formats a byte count for people.
func Size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

type summary struct {
	Message
	Files []fileLine
}

type fileLine struct {
	Name, What string
}

func (m Message) summary() summary {
	s := summary{Message: m}
	if s.Words.Attached == "" {
		s.Words.Attached = "Attached:"
	}
	if s.Words.BuiltBy == "" {
		s.Words.BuiltBy = "Built by " + m.Generator + "."
	}
	for _, a := range m.Attachments {
		what := Size(len(a.Data))
		if a.Pages > 0 {
			what = fmt.Sprintf("%d pages, %s", a.Pages, what)
		}
		if m.Words.Describe != nil {
			what = m.Words.Describe(a)
		}
		s.Files = append(s.Files, fileLine{SafeName(a.Name), what})
	}
	return s
}

var textBody = texttemplate.Must(texttemplate.New("text").Parse(`{{.Title}}
{{.DateText}}

{{.Lead}}

{{.Words.Attached}}
{{range .Files}}- {{.Name}} ({{.What}})
{{end}}
{{.Words.BuiltBy}}
`))

var htmlBody = template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html><body style="font-family: {{.Look.Font}}; color: {{.Look.Text}}; max-width: 40em">
<h1 style="font-size: 1.3em; color: {{.Look.Title}}">{{.Title}}</h1>
<p style="color: {{.Look.Date}}">{{.DateText}}</p>
<p style="font-weight: bold">{{.Lead}}</p>
<p>{{.Words.Attached}}</p>
<ul>{{range .Files}}<li>{{.Name}} ({{.What}})</li>{{end}}</ul>
<p style="color: {{.Look.Footer}}; font-size: 0.85em">{{.Words.BuiltBy}}</p>
</body></html>
`))

// bodies returns the plain-text summary and its HTML alternative.
func (m Message) bodies() (string, string, error) {
	var t, h bytes.Buffer
	s := m.summary()
	if err := textBody.Execute(&t, s); err != nil {
		return "", "", err
	}
	if err := htmlBody.Execute(&h, s); err != nil {
		return "", "", err
	}
	return t.String(), h.String(), nil
}

func (m Message) build() (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("from %q: %w", m.From, err)
	}
	if len(m.To)+len(m.Cc)+len(m.Bcc) == 0 {
		return nil, errors.New("no recipients: give --to or a distribution list in the brief")
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	if len(m.Cc) > 0 {
		if err := msg.Cc(m.Cc...); err != nil {
			return nil, fmt.Errorf("cc: %w", err)
		}
	}
	if len(m.Bcc) > 0 {
		if err := msg.Bcc(m.Bcc...); err != nil {
			return nil, fmt.Errorf("bcc: %w", err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(m.Date)
	msg.SetMessageIDWithValue(m.MessageID())
	text, html, err := m.bodies()
	if err != nil {
		return nil, err
	}
	msg.SetBodyString(gomail.TypeTextPlain, text)
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	for _, a := range m.Attachments {
		name := SafeName(a.Name)
		if err := msg.AttachReader(name, bytes.NewReader(a.Data), gomail.WithFileContentType(contentType(name))); err != nil {
			return nil, err
		}
	}
	return msg, nil
}

// Write writes m as an .eml file's content, checking the size limit.
func Write(w io.Writer, m Message, maxBytes int) error {
	msg, err := m.build()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return err
	}
	if maxBytes > 0 && buf.Len() > maxBytes {
		return fmt.Errorf("the message is %s, over the limit of %s; raise --max-size or send the files another way", Size(buf.Len()), Size(maxBytes))
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Send sends m, retrying temporary failures. It returns the number of
// attempts made.
func Send(ctx context.Context, s Settings, m Message) (int, error) {
	var size bytes.Buffer
	if err := Write(&size, m, s.MaxBytes); err != nil {
		return 0, err
	}
	msg, err := m.build()
	if err != nil {
		return 0, err
	}
	client, err := s.client()
	if err != nil {
		return 0, err
	}
	wait := s.Backoff
	for attempt := 1; ; attempt++ {
		err := client.DialAndSendWithContext(ctx, msg)
		if err == nil {
			return attempt, nil
		}
		if !Temporary(err) || attempt > s.Retries || ctx.Err() != nil {
			return attempt, s.scrub(err)
		}
		select {
		case <-ctx.Done():
			return attempt, ctx.Err()
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// Temporary reports whether an SMTP failure may pass: a 4xx answer, or a
// network timeout. A 5xx answer is final.
func Temporary(err error) bool {
	var se *gomail.SendError
	if errors.As(err, &se) {
		if code := se.ErrorCode(); code >= 400 && code < 500 {
			return true
		}
		if code := se.ErrorCode(); code >= 500 {
			return false
		}
		if se.IsTemp() {
			return true
		}
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// scrub makes sure that no error message carries the password.
func (s Settings) scrub(err error) error {
	if err == nil || s.Password == "" || !strings.Contains(err.Error(), s.Password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), s.Password, "[password]"))
}

func (s Settings) client() (*gomail.Client, error) {
	if s.Host == "" {
		return nil, errors.New("no SMTP host: set --host or REPORT_SMTP_HOST")
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(timeout)}
	if s.Port > 0 {
		opts = append(opts, gomail.WithPort(s.Port))
	}
	tlsConf := &tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}
	switch s.TLS {
	case "", "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory), gomail.WithTLSConfig(tlsConf))
	case "implicit":
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSConfig(tlsConf))
	case "none":
		if !s.Insecure {
			return nil, errors.New("--tls=none sends in plain text; add --insecure if the relay is local")
		}
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("--tls must be starttls, implicit or none, not %q", s.TLS)
	}
	if s.Insecure && s.TLS != "none" {
		// --insecure allows a server without STARTTLS; TLS is still used when offered.
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.User), gomail.WithPassword(s.Password))
	}
	return gomail.NewClient(s.Host, opts...)
}
