package testkit

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// SMTPD is a running test SMTP server: cmd/report/testdata/smtpd.py on
// aiosmtpd, listening on 127.0.0.1 only.
type SMTPD struct {
	Port int
	Dir  string // where it stores N.eml and log.jsonl
}

// SMTPAttempt is a line of the server's log.
type SMTPAttempt struct {
	Attempt int      `json:"attempt"`
	TLS     bool     `json:"tls"`
	Answer  string   `json:"answer"`
	From    string   `json:"from"`
	Rcpt    []string `json:"rcpt"`
}

// StartSMTP starts the test SMTP server on a free port of 127.0.0.1 with
// smtpd.py's arguments (such as "--mode", "temp4:1" or "--tls", CERT, KEY),
// and stops it when the test ends.
func StartSMTP(t testing.TB, args ...string) SMTPD {
	t.Helper()
	py := Python(t, "aiosmtpd")
	_, self, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(self), "..", "..", "cmd", "report", "testdata", "smtpd.py")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir := t.TempDir()
	cmd := exec.Command(py, append([]string{script, "--port", strconv.Itoa(port), "--dir", dir}, args...)...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	})
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- strings.HasPrefix(line, "ready")
		io.Copy(io.Discard, stdout)
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatal("the SMTP server did not start")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the SMTP server did not start in 20 s")
	}
	return SMTPD{Port: port, Dir: dir}
}

// Log returns the attempts the server saw.
func (s SMTPD) Log(t testing.TB) []SMTPAttempt {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, "log.jsonl"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []SMTPAttempt
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if line == "" {
			continue
		}
		var a SMTPAttempt
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}
