package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMailNoAnswerAfterDataIsNotResent: a server that takes the whole
// message and then says nothing may have delivered it. It used to be sent 4
// times (the timeout counted as temporary); now once, reported as
// "delivery unknown", and not recorded as sent.
func TestMailNoAnswerAfterDataIsNotResent(t *testing.T) {
	s := startSMTP(t, "silent:9", nil, false)
	dir, out := builtBrief(t)
	start := time.Now()
	code, stdout, stderr := runArgs(t, append(mailArgs(s, out, "--insecure", "--timeout", "1s", "--retries", "3"), dir)...)
	if code != 1 || !strings.Contains(stderr, "b1: delivery unknown: ") || !strings.Contains(stderr, "not sent again") || strings.Contains(stderr, "not sent:") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	if log := s.log(t); len(log) != 1 {
		t.Errorf("%d attempts, want 1: %+v", len(log), log)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	// Not recorded as sent: --only-changed would offer it again.
	man, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(man), `"sent"`) {
		t.Errorf("the manifest records an unconfirmed message as sent:\n%s", man)
	}
}

// TestMailResetInDataIsRetried: a connection reset in the middle of DATA
// means the server has not got the message: it is sent again.
func TestMailResetInDataIsRetried(t *testing.T) {
	for i := 0; i < 3; i++ { // the reset races with the client's writes; each order must retry
		s := startSMTP(t, "reset:1", nil, false)
		dir, out := builtBrief(t)
		code, stdout, stderr := runArgs(t, append(mailArgs(s, out, "--insecure"), dir)...)
		if code != 0 || !strings.Contains(stdout, "after 2 attempts") {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		log := s.log(t)
		if len(log) != 2 || log[0].Answer != "(reset)" || log[1].Answer != "250 OK" {
			t.Errorf("server log %+v", log)
		}
		if _, err := os.Stat(filepath.Join(s.dir, "2.eml")); err != nil {
			t.Error("the second attempt was not delivered")
		}
	}
}

// TestMailAddressWithComma: --to '"Doe, John" <jd@example.org>' is one
// address; it was split at the comma into two invalid ones.
func TestMailAddressWithComma(t *testing.T) {
	s := startSMTP(t, "store", nil, false)
	dir, out := builtBrief(t)
	args := []string{"mail", "-o", out, "--host", "127.0.0.1", "--port", strconv.Itoa(s.port), "--insecure",
		"--from", `"Briefs, UN" <briefs@example.org>`, "--to", `"Doe, John" <jd@example.org>, desk@example.org`, "--cc", `"Roe, Jane" <jr@example.org>`, dir}
	code, stdout, stderr := runArgs(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	log := s.log(t)
	if len(log) != 1 || strings.Join(log[0].Rcpt, " ") != "jd@example.org desk@example.org jr@example.org" {
		t.Fatalf("server log %+v", log)
	}
	raw, err := os.ReadFile(filepath.Join(s.dir, "1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	h, _, _, _ := parts(t, raw)
	to, err := h.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Name != "Doe, John" || to[0].Address != "jd@example.org" {
		t.Errorf("To %q: %v %v", h.Get("To"), to, err)
	}
	// A malformed list is a usage error.
	if code, _, stderr := runArgs(t, "mail", "-o", out, "--dry-run", "--from", "briefs@example.org", "--to", `"Doe, John <jd@example.org>`, dir); code != 2 {
		t.Errorf("a malformed --to: exit %d\n%s", code, stderr)
	}
}

// TestMailDateIsSendingTime: a sent message carries the time it was sent,
// not the brief's build date (3 October 2017), which sorted it years down
// in every inbox; a --dry-run .eml keeps the reproducible build date.
func TestMailDateIsSendingTime(t *testing.T) {
	s := startSMTP(t, "store", nil, false)
	dir, out := builtBrief(t)
	before := time.Now().Add(-time.Second)
	if code, stdout, stderr := runArgs(t, append(mailArgs(s, out, "--insecure"), dir)...); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	after := time.Now().Add(time.Second)
	raw, err := os.ReadFile(filepath.Join(s.dir, "1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	h, _, _, _ := parts(t, raw)
	if d, err := h.Date(); err != nil || d.Before(before) || d.After(after) {
		t.Errorf("Date %v (%v), want the sending time", d, err)
	}
	if code, _, stderr := runArgs(t, "mail", "-o", out, "--dry-run", "--from", "briefs@example.org", "--to", "a@example.org", dir); code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, stderr)
	}
	raw, err = os.ReadFile(filepath.Join(out, "b1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	h, _, _, _ = parts(t, raw)
	if d, err := h.Date(); err != nil || !d.Equal(time.Date(2017, 10, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("dry-run Date %v (%v), want the build date", d, err)
	}
}
