package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/textproto"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/un-briefs/report/internal/testkit"
)

// certFiles writes a self-signed certificate for 127.0.0.1 and its key, and
// returns their files and a pool that trusts the certificate.
func certFiles(t *testing.T) (string, string, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool.AddCert(c)
	return cert, keyFile, pool
}

// redirect is a Dial that records the address asked for and connects to
// the test server's port instead.
type redirect struct {
	port  int
	mu    sync.Mutex
	asked []string
}

func (r *redirect) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	r.mu.Lock()
	r.asked = append(r.asked, addr)
	r.mu.Unlock()
	var d net.Dialer
	return d.DialContext(ctx, network, "127.0.0.1:"+strconv.Itoa(r.port))
}

// TestDefaultPorts: with no port given, STARTTLS goes to 587 (submission)
// and implicit TLS to 465, as the help says; both went to 25. Plain text to
// a local relay goes to 25. The message is delivered over each.
func TestDefaultPorts(t *testing.T) {
	cert, key, pool := certFiles(t)
	for _, tc := range []struct {
		tls      string
		insecure bool
		server   []string
		want     string
	}{
		{"starttls", false, []string{"--tls", cert, key}, "127.0.0.1:587"},
		{"", false, []string{"--tls", cert, key}, "127.0.0.1:587"},
		{"implicit", false, []string{"--tls", cert, key, "--implicit"}, "127.0.0.1:465"},
		{"none", true, nil, "127.0.0.1:25"},
	} {
		t.Run(tc.tls, func(t *testing.T) {
			s := testkit.StartSMTP(t, tc.server...)
			r := &redirect{port: s.Port}
			set := Settings{Host: "127.0.0.1", TLS: tc.tls, Insecure: tc.insecure, RootCAs: pool, Timeout: 10 * time.Second, Dial: r.dial}
			if _, err := Send(context.Background(), set, message()); err != nil {
				t.Fatal(err)
			}
			if strings.Join(r.asked, " ") != tc.want {
				t.Errorf("dialled %v, want %s", r.asked, tc.want)
			}
			if log := s.Log(t); len(log) != 1 || log[0].TLS != (tc.tls != "none") || log[0].Answer != "250 OK" {
				t.Errorf("server log %+v", log)
			}
		})
	}
	// A port given is the port used.
	if p := (Settings{Port: 2525, TLS: "implicit"}).port(); p != 2525 {
		t.Errorf("port %d", p)
	}
}

// TestMessageIDDomain: the Message-ID's domain is the sender address's,
// even when the display name holds an "@"; it used to take what followed
// the name's "@", quotes and spaces included.
func TestMessageIDDomain(t *testing.T) {
	for from, want := range map[string]string{
		"Briefs <briefs@example.org>":                 "example.org",
		`"briefs@un" <briefs@example.org>`:            "example.org",
		`"a@b, c@d" <x@mail.example.org>`:             "mail.example.org",
		"briefs@example.org":                          "example.org",
		"not an address":                              "report.invalid",
		`"x" <"we ird"@[127.0.0.1]>`:                  "report.invalid",
		"=?utf-8?q?Br=C3=A9fs?= <briefs@example.org>": "example.org",
	} {
		m := message()
		m.From = from
		id := m.MessageID()
		if !strings.HasSuffix(id, "@"+want) || strings.ContainsAny(id, `" <>,`) || strings.Count(id, "@") != 1 {
			t.Errorf("From %s: Message-ID %q, want one ending @%s", from, id, want)
		}
	}
}

// TestParseList: addresses are split where net/mail splits them, not at
// every comma.
func TestParseList(t *testing.T) {
	got, err := ParseList(`"Doe, John" <jd@example.org>, desk@example.org,`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " | ") != `"Doe, John" <jd@example.org> | <desk@example.org>` {
		t.Errorf("got %q", got)
	}
	if got, err := ParseList(" "); err != nil || got != nil {
		t.Errorf("blank: %q %v", got, err)
	}
	if _, err := ParseList(`"Doe, John <jd@example.org>`); err == nil {
		t.Error("an unclosed quote was accepted")
	}
}

// TestSentDateIsNow: Send stamps the sending time; Write keeps m.Date.
func TestSentDateIsNow(t *testing.T) {
	s := testkit.StartSMTP(t)
	at := time.Date(2026, 12, 4, 15, 30, 0, 0, time.UTC)
	set := Settings{Host: "127.0.0.1", Port: s.Port, TLS: "none", Insecure: true, Timeout: 10 * time.Second, Now: func() time.Time { return at }}
	if _, err := Send(context.Background(), set, message()); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(s.Dir, "1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "Date: Fri, 04 Dec 2026 15:30:00 +0000") {
		t.Errorf("the sent message is not dated when it was sent:\n%.600s", raw)
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestClassify: what a failed attempt means. Before the final "." of DATA a
// broken connection is retried; after it, only an explicit 4xx answer is.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want verdict
	}{
		{"dial timeout", &dialError{&net.OpError{Op: "dial", Err: timeoutErr{}}}, retry},
		{"refused", &dialError{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}, retry},
		{"421 greeting", &dialError{&textproto.Error{Code: 421, Msg: "busy"}}, retry},
		{"535 login", &dialError{&textproto.Error{Code: 535, Msg: "bad login"}}, giveUp},
		{"certificate", &dialError{errors.New("x509: certificate signed by unknown authority")}, giveUp},
		{"mail from cut", &gomail.SendError{Reason: gomail.ErrSMTPMailFrom}, retry},
		{"data command cut", &gomail.SendError{Reason: gomail.ErrSMTPData}, retry},
		{"cut while writing", &gomail.SendError{Reason: gomail.ErrWriteContent}, retry},
		{"no answer after the dot", &gomail.SendError{Reason: gomail.ErrSMTPDataClose}, unknown},
		{"wrapped", fmt.Errorf("send: %w", &gomail.SendError{Reason: gomail.ErrSMTPDataClose}), unknown},
		{"no sender", &gomail.SendError{Reason: gomail.ErrGetSender}, giveUp},
		{"other", errors.New("boom"), giveUp},
	} {
		if got := classify(tc.err); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
