package faults_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// workspace is one terraform working directory with its own state.
type workspace struct {
	t   *testing.T
	dir string
	env []string // extra environment, e.g. the admin password or TF_LOG
}

// tfResult is what one terraform command did.
type tfResult struct {
	args     []string
	exitCode int
	stdout   string
	stderr   string
}

func (r tfResult) output() string { return r.stdout + r.stderr }

// newWorkspace writes main.tf and returns a workspace whose commands reach
// host with the admin's credentials passed by environment, never in a file.
func newWorkspace(t *testing.T, host *mockHost, config string) *workspace {
	t.Helper()
	return newWorkspaceFor(t, host.URL(), host.server(), config)
}

// newWorkspaceFor is newWorkspace for a server reached at endpoint.
func newWorkspaceFor(t *testing.T, endpoint string, srv *mockserver.Server, config string) *workspace {
	t.Helper()
	requireHarness(t)
	w := &workspace{t: t, dir: t.TempDir()}
	w.env = []string{
		"APIUSERS_ENDPOINT=" + endpoint,
		"APIUSERS_USERNAME=" + srv.AdminUsername(),
		"APIUSERS_PASSWORD=" + srv.AdminPassword(),
	}
	w.writeConfig(config)
	return w
}

func (w *workspace) writeConfig(config string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// commandTimeout bounds one terraform command so that a hang fails the
// scenario instead of the whole suite.
const commandTimeout = 4 * time.Minute

// start starts terraform with args; wait on the returned command.
func (w *workspace) start(ctx context.Context, stdout, stderr *bytes.Buffer, args ...string) *exec.Cmd {
	w.t.Helper()
	cmd := exec.CommandContext(ctx, harness.terraform, args...)
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+harness.cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	)
	cmd.Env = append(cmd.Env, w.env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// A SIGINT sent by a test must reach terraform only, and a timeout must
	// not leave it running.
	cmd.Cancel = func() error { return cmd.Process.Kill() }
	if err := cmd.Start(); err != nil {
		w.t.Fatalf("starting terraform %v: %v", args, err)
	}
	return cmd
}

// run runs one terraform command to its end.
func (w *workspace) run(args ...string) tfResult {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := w.start(ctx, &stdout, &stderr, args...)
	return w.finish(cmd, args, &stdout, &stderr)
}

func (w *workspace) finish(cmd *exec.Cmd, args []string, stdout, stderr *bytes.Buffer) tfResult {
	w.t.Helper()
	err := cmd.Wait()
	res := tfResult{args: args, stdout: stdout.String(), stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.exitCode = exitErr.ExitCode()
	default:
		w.t.Fatalf("terraform %v: %v", args, err)
	}
	return res
}

func (w *workspace) apply(extra ...string) tfResult {
	return w.run(append([]string{"apply", "-auto-approve", "-no-color", "-parallelism=10"}, extra...)...)
}

// mustApply applies and fails the test when terraform does.
func (w *workspace) mustApply(extra ...string) tfResult {
	w.t.Helper()
	res := w.apply(extra...)
	if res.exitCode != 0 {
		w.t.Fatalf("terraform apply failed (exit %d):\n%s", res.exitCode, tail(res.output(), 4000))
	}
	return res
}

// applyUntilConverged applies up to attempts times: a fault may make an
// apply fail with a readable error, after which a re-run must converge. It
// returns the results of every attempt.
func (w *workspace) applyUntilConverged(attempts int) []tfResult {
	w.t.Helper()
	var results []tfResult
	for range attempts {
		res := w.apply()
		results = append(results, res)
		if res.exitCode == 0 {
			return results
		}
		w.t.Logf("apply failed (exit %d), applying again:\n%s", res.exitCode, tail(res.output(), 2000))
	}
	w.t.Fatalf("terraform apply did not converge in %d attempts", attempts)
	return results
}

// requireEmptyPlan checks that terraform plan -detailed-exitcode exits 0:
// the server matches the configuration and the state.
func (w *workspace) requireEmptyPlan() {
	w.t.Helper()
	res := w.run("plan", "-detailed-exitcode", "-no-color", "-parallelism=10")
	if res.exitCode != 0 {
		w.t.Fatalf("the plan after apply is not empty (exit %d):\n%s", res.exitCode, tail(res.output(), 4000))
	}
}

// stateList is `terraform state list`.
func (w *workspace) stateList() []string {
	w.t.Helper()
	res := w.run("state", "list")
	if res.exitCode != 0 {
		w.t.Fatalf("terraform state list: %s", res.output())
	}
	return strings.Fields(res.stdout)
}

// showJSON is `terraform show -json [file]`, checked to be JSON.
func (w *workspace) showJSON(args ...string) string {
	w.t.Helper()
	res := w.run(append([]string{"show", "-json"}, args...)...)
	if res.exitCode != 0 || !json.Valid([]byte(res.stdout)) {
		w.t.Fatalf("terraform show -json %v: exit %d\n%s", args, res.exitCode, tail(res.output(), 2000))
	}
	return res.stdout
}

// tail is the end of s, for failure messages.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
