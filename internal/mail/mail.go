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
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"syscall"
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
	// ChangesHeading and Changes say what changed since the last edition
	// ("What changed since 5 September 2017", "1 test added (15
	// September)."); empty when the brief was not compared with one.
	ChangesHeading string
	Changes        string
	Generator      string
	Date           time.Time // the build date: the message's Date header
	Attachments    []Attachment
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
	Host string
	// Port is the server's port; 0 means the default of the TLS mode: 587
	// (submission) for STARTTLS, 465 for implicit TLS, 25 for plain text.
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
	// Dial opens the TCP connection to the server's address when set: tests
	// see the address dialled through it. TLS, implicit or STARTTLS, is
	// still this package's.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Now is the clock for the Date header of a sent message; nil: time.Now.
	Now func() time.Time
}

// Default ports.
const (
	PortSubmission = 587 // STARTTLS
	PortImplicit   = 465 // TLS from the first byte
	PortPlain      = 25  // a local relay, plain text
)

// port is the port to connect to: Port, or the default of the TLS mode.
func (s Settings) port() int {
	switch {
	case s.Port > 0:
		return s.Port
	case s.TLS == "implicit":
		return PortImplicit
	case s.TLS == "none":
		return PortPlain
	}
	return PortSubmission
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
	return fmt.Sprintf("%s.%s@%s", SafeName(m.ID), hex.EncodeToString(h.Sum(nil))[:16], idDomain(m.From))
}

// idDomain is the domain of the sender's address, for the Message-ID: parsed
// as an address, so that a display name such as "briefs@un" does not count,
// and only if it is a plain domain name; else "report.invalid".
func idDomain(from string) string {
	const fallback = "report.invalid"
	a, err := mail.ParseAddress(from)
	if err != nil {
		return fallback
	}
	i := strings.LastIndexByte(a.Address, '@')
	if i < 0 {
		return fallback
	}
	d := a.Address[i+1:]
	for _, label := range strings.Split(d, ".") {
		if label == "" || strings.Trim(label, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
			return fallback
		}
	}
	return d
}

// ParseList parses a list of addresses such as the value of --to: addresses
// separated by commas, where a comma inside a quoted display name, as in
// "Doe, John" <jd@example.org>, is part of the name. Each address is returned
// as it goes into a header.
func ParseList(s string) ([]string, error) {
	s = strings.Trim(s, ", \t") // "a@x.org," as the old splitting allowed
	if s == "" {
		return nil, nil
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a list of e-mail addresses: %v", s, err)
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.String()
	}
	return out, nil
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

// The bodies' templates are parsed on first use, not at start-up.
var textBody = sync.OnceValue(func() *texttemplate.Template {
	return texttemplate.Must(texttemplate.New("text").Parse(`{{.Title}}
{{.DateText}}

{{.Lead}}

{{if .Changes}}{{.ChangesHeading}}: {{.Changes}}

{{end}}{{.Words.Attached}}
{{range .Files}}- {{.Name}} ({{.What}})
{{end}}
{{.Words.BuiltBy}}
`))
})

var htmlBody = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html><body style="font-family: {{.Look.Font}}; color: {{.Look.Text}}; max-width: 40em">
<h1 style="font-size: 1.3em; color: {{.Look.Title}}">{{.Title}}</h1>
<p style="color: {{.Look.Date}}">{{.DateText}}</p>
<p style="font-weight: bold">{{.Lead}}</p>
{{if .Changes}}<p><strong>{{.ChangesHeading}}:</strong> {{.Changes}}</p>
{{end}}<p>{{.Words.Attached}}</p>
<ul>{{range .Files}}<li>{{.Name}} ({{.What}})</li>{{end}}</ul>
<p style="color: {{.Look.Footer}}; font-size: 0.85em">{{.Words.BuiltBy}}</p>
</body></html>
`))
})

// bodies returns the plain-text summary and its HTML alternative.
func (m Message) bodies() (string, string, error) {
	var t, h bytes.Buffer
	s := m.summary()
	if err := textBody().Execute(&t, s); err != nil {
		return "", "", err
	}
	if err := htmlBody().Execute(&h, s); err != nil {
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

// ErrDeliveryUnknown marks a message that the server received whole but did
// not confirm: the connection failed or timed out after the final "." of
// DATA. It may have been delivered, so it is not sent again (RFC 5321,
// 4.1.1.4, on duplicates); the caller reports it and records nothing.
var ErrDeliveryUnknown = errors.New("delivery unknown")

// Send sends m, retrying temporary failures: a 4xx answer, and a connection
// that failed before the server had the whole message. A message the server
// had whole but did not answer is not sent again (see ErrDeliveryUnknown).
// The Date header is the sending time. It returns the number of attempts.
func Send(ctx context.Context, s Settings, m Message) (int, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	m.Date = now()
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
		err := sendOnce(ctx, client, msg)
		if err == nil {
			return attempt, nil
		}
		switch classify(err) {
		case unknown:
			return attempt, fmt.Errorf("%w: the server received the whole message but did not confirm it (%v); it may have been delivered, so it was not sent again: check with the recipients or the server's log before sending it again", ErrDeliveryUnknown, s.scrub(err))
		case retry:
			if attempt <= s.Retries && ctx.Err() == nil {
				break
			}
			fallthrough
		default:
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

// sendOnce connects, sends msg and says goodbye. Once the server has
// accepted the message, a failure to say goodbye is no failure.
func sendOnce(ctx context.Context, client *gomail.Client, msg *gomail.Msg) error {
	c, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return &dialError{err}
	}
	err = client.SendWithSMTPClient(c, msg)
	// A failed QUIT changes nothing: the send's own error says what happened.
	_ = client.CloseWithSMTPClient(c)
	return err
}

// dialError is a failure before any message was sent: connecting, greeting,
// STARTTLS or logging in.
type dialError struct{ err error }

func (e *dialError) Error() string { return "connect: " + e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// What to do after a failed attempt.
type verdict int

const (
	giveUp  verdict = iota // a 5xx answer, or a failure that will not pass
	retry                  // a 4xx answer, or the message was not sent whole
	unknown                // the message was sent whole but not confirmed
)

// classify decides what a failed attempt means. After the final "." of
// DATA, the server may have taken the message: only an explicit 4xx answer
// is retried then. Before it, a failing connection means that the server
// has not got the message, and retrying is safe.
func classify(err error) verdict {
	var de *dialError
	if errors.As(err, &de) {
		var te *textproto.Error
		if errors.As(err, &te) {
			if te.Code >= 400 && te.Code < 500 {
				return retry
			}
			return giveUp
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() || isConnFailure(err) {
			return retry
		}
		return giveUp
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return giveUp
	}
	code := se.ErrorCode()
	switch {
	case code >= 500:
		return giveUp
	case code >= 400 || se.IsTemp():
		return retry
	}
	switch se.Reason {
	case gomail.ErrSMTPDataClose:
		// The whole message and its final "." went out, and no answer came.
		// A reset (RST) is the exception: a server that closes its end with
		// our data unread resets the connection, while one that read the
		// final "." and then failed closes it (EOF) or falls silent
		// (timeout). go-mail keeps the cause only in the error's text.
		if strings.Contains(se.Error(), syscall.ECONNRESET.Error()) {
			return retry
		}
		return unknown
	case gomail.ErrConnCheck, gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrWriteContent:
		// The connection failed before the message was complete.
		return retry
	}
	return giveUp
}

// isConnFailure reports a connection refused, reset or cut short.
func isConnFailure(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// Temporary reports whether an SMTP failure may pass and the message may be
// sent again: a 4xx answer, or a connection that failed before the message
// was complete. A 5xx answer is final, and so is a message sent whole but
// not confirmed.
func Temporary(err error) bool { return classify(err) == retry }

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
	opts := []gomail.Option{gomail.WithTimeout(timeout), gomail.WithPort(s.port())}
	tlsConf := &tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}
	if s.Dial != nil {
		// go-mail leaves implicit TLS to a dial function of its own.
		implicit := s.TLS == "implicit"
		opts = append(opts, gomail.WithDialContextFunc(func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := s.Dial(ctx, network, addr)
			if err != nil || !implicit {
				return conn, err
			}
			tc := tls.Client(conn, tlsConf)
			if err := tc.HandshakeContext(ctx); err != nil {
				conn.Close()
				return nil, err
			}
			return tc, nil
		}))
	}
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
