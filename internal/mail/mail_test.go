package mail

import (
	"bytes"
	"context"
	"errors"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/un-briefs/report/internal/testkit"
)

func message() Message {
	return Message{
		ID: "nk-2017", From: "Briefs <briefs@example.org>", To: []string{"desk@example.org"},
		Subject: "[Brief] A & B", Title: "A <b> & “quotes”", DateText: "3 October 2017", Lead: "The lead.",
		Generator: "report test", Date: time.Date(2017, 10, 3, 0, 0, 0, 0, time.UTC),
		Attachments: []Attachment{{Name: "nk 2017 ä.pdf", Data: []byte("%PDF-1.7"), Pages: 4}, {Name: "nk-2017.xlsx", Data: []byte("PK")}},
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{"nk-2017.pdf": "nk-2017.pdf", "nk 2017 ä.pdf": "nk_2017__.pdf", "": "file", "../x": ".._x"} {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrite(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, message(), 0); err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := m.Header.Date(); !d.Equal(message().Date) {
		t.Errorf("Date %v", d)
	}
	if m.Header.Get("Message-Id") != "<"+message().MessageID()+">" {
		t.Errorf("Message-ID %q, want %q", m.Header.Get("Message-Id"), message().MessageID())
	}
	var raw bytes.Buffer
	Write(&raw, message(), 0)
	s := raw.String()
	for _, want := range []string{`filename="nk_2017__.pdf"`, "application/pdf", "text/html", "A &lt;b&gt; &amp; ", "nk_2017__.pdf (4 pages, 8 bytes)"} {
		if !strings.Contains(s, want) {
			t.Errorf("message lacks %q", want)
		}
	}
}

func TestMessageIDFollowsContent(t *testing.T) {
	a, b := message(), message()
	if a.MessageID() != b.MessageID() {
		t.Error("the same content gives different ids")
	}
	b.Attachments[0].Data = []byte("%PDF-1.7 changed")
	if a.MessageID() == b.MessageID() {
		t.Error("different content gives the same id")
	}
}

func TestSizeLimit(t *testing.T) {
	err := Write(&bytes.Buffer{}, message(), 100)
	if err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("err = %v", err)
	}
}

func TestNoRecipients(t *testing.T) {
	m := message()
	m.To = nil
	if err := Write(&bytes.Buffer{}, m, 0); err == nil {
		t.Error("a message without recipients was built")
	}
}

// TestPlainTextNeedsInsecure: plain text is refused without Insecure, and
// with it the message reaches a plain-text server whole.
func TestPlainTextNeedsInsecure(t *testing.T) {
	s := testkit.StartSMTP(t, "--mode", "store")
	set := Settings{Host: "127.0.0.1", Port: s.Port, TLS: "none", Timeout: 10 * time.Second}
	if _, err := Send(context.Background(), set, message()); err == nil {
		t.Error("--tls=none without --insecure was accepted")
	}
	if n := len(s.Log(t)); n != 0 {
		t.Errorf("%d attempts reached the server without --insecure", n)
	}
	set.Insecure = true
	if _, err := Send(context.Background(), set, message()); err != nil {
		t.Fatal(err)
	}
	log := s.Log(t)
	if len(log) != 1 || log[0].TLS || log[0].Answer != "250 OK" || log[0].From != "briefs@example.org" || strings.Join(log[0].Rcpt, ",") != "desk@example.org" {
		t.Fatalf("server log %+v", log)
	}
	raw, err := os.ReadFile(filepath.Join(s.Dir, "1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Header.Get("Message-Id"); got != "<"+message().MessageID()+">" {
		t.Errorf("delivered Message-ID %q", got)
	}
	if !bytes.Contains(raw, []byte(`filename="nk_2017__.pdf"`)) || !bytes.Contains(raw, []byte("nk_2017__.pdf (4 pages, 8 bytes)")) {
		t.Errorf("the delivered message lacks its attachment:\n%s", raw)
	}
}

func TestScrub(t *testing.T) {
	s := Settings{Password: "hunter2"}
	if err := s.scrub(errors.New("auth failed for hunter2")); strings.Contains(err.Error(), "hunter2") {
		t.Error(err)
	}
}
