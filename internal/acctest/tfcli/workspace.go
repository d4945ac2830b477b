package tfcli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// DefaultTimeout bounds one terraform command, so that a hang fails the
// test that ran it instead of the whole test binary.
const DefaultTimeout = 4 * time.Minute

// Workspace is one terraform working directory with its own state.
type Workspace struct {
	t       testing.TB
	h       *Harness
	Dir     string
	Env     []string      // extra KEY=VALUE for every command, after the harness's own
	Timeout time.Duration // per command; DefaultTimeout unless changed
}

// NewWorkspace returns a workspace in a fresh t.TempDir().
func (h *Harness) NewWorkspace(t testing.TB) *Workspace {
	t.Helper()
	return &Workspace{t: t, h: h, Dir: t.TempDir(), Timeout: DefaultTimeout}
}

// UseServer makes every command reach endpoint with the given administrator
// credentials, passed by environment (APIUSERS_*) and never written to a
// file in the workspace.
func (w *Workspace) UseServer(endpoint, username, password string) {
	w.Env = append(w.Env,
		"APIUSERS_ENDPOINT="+endpoint,
		"APIUSERS_USERNAME="+username,
		"APIUSERS_PASSWORD="+password,
	)
}

// WriteFile writes content to name, relative to the workspace.
func (w *Workspace) WriteFile(name, content string) {
	w.t.Helper()
	path := filepath.Join(w.Dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// ReadFile reads name, relative to the workspace.
func (w *Workspace) ReadFile(name string) string {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.Dir, name)) //nolint:gosec // G304: a file of the test's own workspace
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}

// Result is what one terraform command did.
type Result struct {
	Args     []string
	ExitCode int  // -1 when terraform was killed
	TimedOut bool // killed by the workspace's Timeout
	Stdout   string
	Stderr   string
}

// Output is stdout followed by stderr, for failure messages.
func (r Result) Output() string { return r.Stdout + r.Stderr }

// Run runs one terraform command to its end and returns what it did; a
// non-zero exit is not a test failure (see MustRun).
func (w *Workspace) Run(args ...string) Result {
	w.t.Helper()
	return w.Start(args...).Wait()
}

// MustRun is Run that fails the test unless terraform exits 0.
func (w *Workspace) MustRun(args ...string) Result {
	w.t.Helper()
	res := w.Run(args...)
	if res.TimedOut {
		w.t.Fatalf("terraform %s: killed after %s\n%s", strings.Join(args, " "), w.timeout(), Tail(res.Output(), 4000))
	}
	if res.ExitCode != 0 {
		w.t.Fatalf("terraform %s: exit %d\n%s", strings.Join(args, " "), res.ExitCode, Tail(res.Output(), 4000))
	}
	return res
}

// timeout is w.Timeout, shortened to end before the test's own deadline so
// that a hang is reported with terraform's output rather than a panic.
func (w *Workspace) timeout() time.Duration {
	d := w.Timeout
	if d <= 0 {
		d = DefaultTimeout
	}
	if dl, ok := w.t.(interface{ Deadline() (time.Time, bool) }); ok {
		if end, ok := dl.Deadline(); ok {
			d = min(d, time.Until(end)-10*time.Second)
		}
	}
	return max(d, time.Second)
}

// Tail is the end of s, for failure messages.
func Tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// LogFile is the file, relative to the workspace, that CaptureLog makes
// terraform log to.
const LogFile = "terraform.log"

// LogPath is the absolute path of LogFile.
func (w *Workspace) LogPath() string { return filepath.Join(w.Dir, LogFile) }

// CaptureLog makes every later command log to LogPath: variable is TF_LOG
// (terraform and providers) or TF_LOG_PROVIDER (providers only), level one
// of TRACE, DEBUG, INFO, WARN, ERROR. Commands append to the same file.
func (w *Workspace) CaptureLog(variable, level string) {
	w.Env = append(w.Env, variable+"="+level, "TF_LOG_PATH="+w.LogPath())
}
