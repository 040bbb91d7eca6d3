package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/un-briefs/report/internal/testkit"
)

// smtpd is a running test SMTP server (testkit's, with the fields this
// package's tests name).
type smtpd struct {
	testkit.SMTPD
	port int
	dir  string
}

func (s smtpd) log(t *testing.T) []testkit.SMTPAttempt { return s.Log(t) }

// startSMTP starts testdata/smtpd.py (aiosmtpd) on a free port of 127.0.0.1
// in mode. With certFiles it offers STARTTLS; with auth it accepts any login.
func startSMTP(t *testing.T, mode string, certFiles []string, auth bool, extra ...string) smtpd {
	t.Helper()
	args := []string{"--mode", mode}
	if certFiles != nil {
		args = append(args, "--tls", certFiles[0], certFiles[1])
	}
	if auth {
		args = append(args, "--auth")
	}
	s := testkit.StartSMTP(t, append(args, extra...)...)
	return smtpd{SMTPD: s, port: s.Port, dir: s.Dir}
}

// selfSigned writes a certificate for 127.0.0.1 and its key; the
// certificate doubles as the CA file the client trusts.
func selfSigned(t *testing.T) []string {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
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
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	must(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
	kb, _ := x509.MarshalECPrivateKey(key)
	must(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600))
	return []string{certFile, keyFile}
}

// builtBrief builds a copy of the bundled brief and returns its folder and
// the output folder.
func builtBrief(t *testing.T) (string, string) {
	t.Helper()
	t.Setenv("SOURCE_DATE_EPOCH", "")
	tmp := t.TempDir()
	dir := briefCopies(t, tmp, 1)[0]
	out := filepath.Join(tmp, "out")
	if code, _, errs := runArgs(t, "build", "-q", "-o", out, dir); code != 0 {
		t.Fatal(errs)
	}
	return dir, out
}

func mailArgs(s smtpd, out string, extra ...string) []string {
	return append([]string{"mail", "-o", out, "--host", "127.0.0.1", "--port", strconv.Itoa(s.port),
		"--from", "Briefs <briefs@example.org>", "--to", "desk@example.org", "--backoff", "20ms"}, extra...)
}

// decoded is a stored message taken apart: its headers, its text and HTML
// alternatives and its attachments with their types.
type decoded struct {
	header     mail.Header
	text, html string
	files      map[string][]byte
	types      map[string]string
}

// decodeMail walks a stored message's MIME parts, decoding base64 and
// quoted-printable bodies.
func decodeMail(t *testing.T, raw []byte) decoded {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	d := decoded{header: msg.Header, files: map[string][]byte{}, types: map[string]string{}}
	var walk func(r io.Reader, ctype string)
	walk = func(r io.Reader, ctype string) {
		mt, params, _ := mime.ParseMediaType(ctype)
		if !strings.HasPrefix(mt, "multipart/") {
			return
		}
		mr := multipart.NewReader(r, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			ct := p.Header.Get("Content-Type")
			body, _ := io.ReadAll(p)
			switch strings.ToLower(p.Header.Get("Content-Transfer-Encoding")) {
			case "base64":
				body, _ = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), ""))
			case "quoted-printable":
				body, _ = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
			}
			switch {
			case strings.HasPrefix(ct, "multipart/"):
				walk(bytes.NewReader(body), ct)
			case p.FileName() != "":
				d.files[p.FileName()] = body
				d.types[p.FileName()] = strings.Split(ct, ";")[0]
			case strings.HasPrefix(ct, "text/plain"):
				d.text = string(body)
			case strings.HasPrefix(ct, "text/html"):
				d.html = string(body)
			}
		}
	}
	walk(msg.Body, msg.Header.Get("Content-Type"))
	return d
}

// parts decodes a stored message into its headers, text and attachments.
func parts(t *testing.T, raw []byte) (mail.Header, string, map[string][]byte, map[string]string) {
	t.Helper()
	d := decodeMail(t, raw)
	return d.header, d.text, d.files, d.types
}

func TestMailOverStartTLS(t *testing.T) {
	cert := selfSigned(t)
	s := startSMTP(t, "store", cert, true)
	dir, out := builtBrief(t)
	t.Setenv("REPORT_SMTP_PASSWORD", "s3cret-pass")
	code, stdout, stderr := runArgs(t, append(mailArgs(s, out, "--ca", cert[0], "--user", "analyst"), dir)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "s3cret-pass") {
		t.Error("the password was printed")
	}
	log := s.log(t)
	if len(log) != 1 || !log[0].TLS || log[0].From != "briefs@example.org" {
		t.Fatalf("server log %+v", log)
	}
	raw, err := os.ReadFile(filepath.Join(s.dir, "1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("s3cret-pass")) {
		t.Error("the password is in the message")
	}
	h, text, files, types := parts(t, raw)
	if got := h.Get("Subject"); got != "[Brief] Russia’s Position on the North Korea Crisis (3 October 2017)" {
		dec, _ := new(mime.WordDecoder).DecodeHeader(got)
		if dec != "[Brief] Russia’s Position on the North Korea Crisis (3 October 2017)" {
			t.Errorf("subject %q", dec)
		}
	}
	if d, err := h.Date(); err != nil || time.Since(d) > time.Minute {
		t.Errorf("Date %v (%v), want the sending time", d, err)
	}
	if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<b1.") || !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID %q", id)
	}
	if !strings.Contains(h.Get("From"), "briefs@example.org") || h.Get("To") != "<desk@example.org>" {
		t.Errorf("From %q To %q", h.Get("From"), h.Get("To"))
	}
	for _, name := range []string{"b1.pdf", "b1.xlsx"} {
		want, _ := os.ReadFile(filepath.Join(out, name))
		if !bytes.Equal(files[name], want) {
			t.Errorf("attachment %s differs from the output (%d bytes, want %d)", name, len(files[name]), len(want))
		}
	}
	if types["b1.pdf"] != "application/pdf" || types["b1.xlsx"] != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("types %v", types)
	}
	for _, want := range []string{"Russia’s Position on the North Korea Crisis", "3 October 2017", "North Korea’s missile and nuclear tests destabilise", "b1.pdf (4 pages,"} {
		if !strings.Contains(text, want) {
			t.Errorf("body lacks %q:\n%s", want, text)
		}
	}
	// --only-changed: the same outputs are not sent again.
	_, stdout, _ = runArgs(t, append(mailArgs(s, out, "--ca", cert[0], "--only-changed"), dir)...)
	if !strings.Contains(stdout, "skipped b1: unchanged") || len(s.log(t)) != 1 {
		t.Errorf("--only-changed sent again:\n%s", stdout)
	}
}

func TestMailRefusesPlainTextUnlessInsecure(t *testing.T) {
	s := startSMTP(t, "store", nil, false)
	dir, out := builtBrief(t)
	code, _, stderr := runArgs(t, append(mailArgs(s, out), dir)...)
	if code != 1 || len(s.log(t)) != 0 {
		t.Errorf("sent without STARTTLS: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runArgs(t, append(mailArgs(s, out, "--insecure"), dir)...)
	if code != 0 || len(s.log(t)) != 1 || s.log(t)[0].TLS {
		t.Errorf("--insecure: exit %d, log %+v\n%s", code, s.log(t), stderr)
	}
}

func TestMailPermanentFailure(t *testing.T) {
	s := startSMTP(t, "fail5", nil, false)
	dir, out := builtBrief(t)
	code, _, stderr := runArgs(t, append(mailArgs(s, out, "--insecure"), dir)...)
	if code != 1 || !strings.Contains(stderr, "not sent") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if n := len(s.log(t)); n != 1 {
		t.Errorf("%d attempts after a 550; want 1", n)
	}
}

func TestMailTemporaryFailureIsRetried(t *testing.T) {
	s := startSMTP(t, "temp4:2", nil, false)
	dir, out := builtBrief(t)
	code, stdout, stderr := runArgs(t, append(mailArgs(s, out, "--insecure"), dir)...)
	if code != 0 || !strings.Contains(stdout, "after 3 attempts") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	if n := len(s.log(t)); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
}

func TestMailDryRun(t *testing.T) {
	dir, out := builtBrief(t)
	code, stdout, stderr := runArgs(t, "mail", "-o", out, "--dry-run", "--from", "briefs@example.org", "--to", "a@example.org,b@example.org", "--cc", "c@example.org", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(out, "b1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	h, _, files, _ := parts(t, raw)
	if h.Get("To") != "<a@example.org>, <b@example.org>" || h.Get("Cc") != "<c@example.org>" || len(files) != 2 {
		t.Errorf("To %q Cc %q, %d files", h.Get("To"), h.Get("Cc"), len(files))
	}
	// The size limit refuses rather than bouncing later.
	code, _, stderr = runArgs(t, "mail", "-o", out, "--dry-run", "--max-size", "0.01", "--from", "briefs@example.org", "--to", "a@example.org", dir)
	if code != 1 || !strings.Contains(stderr, "over the limit") {
		t.Errorf("size limit: exit %d\n%s", code, stderr)
	}
}

func TestMailImplicitTLS(t *testing.T) {
	cert := selfSigned(t)
	s := startSMTP(t, "store", cert, false, "--implicit")
	dir, out := builtBrief(t)
	code, stdout, stderr := runArgs(t, append(mailArgs(s, out, "--ca", cert[0], "--tls", "implicit"), dir)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if log := s.log(t); len(log) != 1 || !log[0].TLS {
		t.Errorf("server log %+v", log)
	}
}
