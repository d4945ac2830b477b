package tfcli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
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
	ctx, cancel := context.WithTimeout(context.Background(), w.timeout())
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := w.Start(ctx, &stdout, &stderr, args...)
	res := w.Wait(cmd, &stdout, &stderr)
	res.TimedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
	return res
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

// Start starts terraform with args and returns at once, for tests that act
// while it runs (a signal, a server restart); finish with Wait. Cancelling
// ctx kills terraform.
func (w *Workspace) Start(ctx context.Context, stdout, stderr *bytes.Buffer, args ...string) *exec.Cmd {
	w.t.Helper()
	cmd := exec.CommandContext(ctx, w.h.Terraform, args...) //nolint:gosec // G204: running terraform with the test's arguments is the point
	cmd.Dir = w.Dir
	cmd.Env = append(inheritedEnv(),
		"TF_CLI_CONFIG_FILE="+w.h.CLIConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	)
	cmd.Env = append(cmd.Env, w.Env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// A signal a test sends must reach terraform only, and a timeout must not
	// leave it running.
	cmd.Cancel = func() error { return cmd.Process.Kill() }
	if err := cmd.Start(); err != nil {
		w.t.Fatalf("starting terraform %v: %v", args, err)
	}
	return cmd
}

// Wait waits for a command from Start and collects its result.
func (w *Workspace) Wait(cmd *exec.Cmd, stdout, stderr *bytes.Buffer) Result {
	w.t.Helper()
	err := cmd.Wait()
	res := Result{Args: cmd.Args[1:], Stdout: stdout.String(), Stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.ExitCode = exitErr.ExitCode()
	default:
		w.t.Fatalf("terraform %v: %v", res.Args, err)
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

// inheritedEnv is this process's environment less what would make a test
// depend on the machine it runs on: another CLI configuration, extra CLI
// arguments, a data directory or workspace, and the developer's own
// APIUSERS_* credentials.
func inheritedEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "APIUSERS_"),
			strings.HasPrefix(name, "TF_CLI_ARGS"),
			name == "TF_CLI_CONFIG_FILE", name == "TF_DATA_DIR", name == "TF_WORKSPACE":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// Tail is the end of s, for failure messages.
func Tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
