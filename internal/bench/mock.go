package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Mock is one bin/apiusers-mock process, started on a free port.
type Mock struct {
	URL string
	// Username and Password are the admin credentials terraform uses; the
	// password is random per mock and never printed.
	Username, Password string
	cmd                *exec.Cmd
}

// StartMock starts mockPath with -listen 127.0.0.1:0, no active-API-user
// limit and extra flags (faults), and reads the URL from the one line the
// mock prints on stdout.
func StartMock(ctx context.Context, mockPath string, extra ...string) (*Mock, error) {
	secret := make([]byte, 12)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	m := &Mock{Username: "admin", Password: "Bench-" + hex.EncodeToString(secret) + "-A1"}
	args := append([]string{"-listen", "127.0.0.1:0", "-max-active-api-users", "0"}, extra...)
	m.cmd = exec.CommandContext(ctx, mockPath, args...)
	m.cmd.Env = append(os.Environ(), "APIUSERS_MOCK_ADMIN_PASSWORD="+m.Password)
	m.cmd.Stderr = os.Stderr
	stdout, err := m.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := m.cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("reading the mock's address: %w", err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	_, url, found := strings.Cut(strings.TrimSpace(line), " on ")
	if !found || !strings.HasPrefix(url, "http://") {
		m.Close()
		return nil, fmt.Errorf("unexpected first line from the mock: %q", line)
	}
	m.URL = url
	return m, nil
}

// Requests scrapes the mock's /metrics.
func (m *Mock) Requests(ctx context.Context) (RequestCounts, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.URL+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	return ParseRequestCounts(resp.Body)
}

// Close stops the mock (SIGTERM, then SIGKILL after 5s).
func (m *Mock) Close() {
	if m.cmd.Process == nil {
		return
	}
	_ = m.cmd.Process.Signal(os.Interrupt)
	// The mock's exit status does not matter here: it was asked to stop.
	done := make(chan struct{})
	go func() { _ = m.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = m.cmd.Process.Kill()
		<-done
	}
}

// errNoMetric is returned when /metrics has no request counter at all.
var errNoMetric = errors.New("no apiusers_mock_requests_total samples in /metrics")
