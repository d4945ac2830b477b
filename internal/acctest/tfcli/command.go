package tfcli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
)

// Command is a terraform command started by Start and not yet waited for.
type Command struct {
	w              *Workspace
	cmd            *exec.Cmd
	ctx            context.Context
	cancel         context.CancelFunc
	stdout, stderr bytes.Buffer
}

// Start starts terraform with args and returns at once, for tests that act
// while it runs (a signal, a server restart); finish with Wait. The
// workspace's Timeout runs from here.
func (w *Workspace) Start(args ...string) *Command {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), w.timeout())
	c := &Command{w: w, ctx: ctx, cancel: cancel}
	c.cmd = exec.CommandContext(ctx, w.h.Terraform, args...) //nolint:gosec // G204: running terraform with the test's arguments is the point
	c.cmd.Dir = w.Dir
	c.cmd.Env = append(inheritedEnv(),
		"TF_CLI_CONFIG_FILE="+w.h.CLIConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	)
	c.cmd.Env = append(c.cmd.Env, w.Env...)
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	// A signal a test sends must reach terraform only, and a timeout must not
	// leave it running.
	c.cmd.Cancel = func() error { return c.cmd.Process.Kill() }
	if err := c.cmd.Start(); err != nil {
		cancel()
		w.t.Fatalf("starting terraform %v: %v", args, err)
	}
	return c
}

// Interrupt sends terraform SIGINT, as Ctrl-C in a terminal would: it stops
// starting new operations, lets those in flight finish and saves the state.
func (c *Command) Interrupt() error { return c.cmd.Process.Signal(os.Interrupt) }

// Wait waits for the command to end and returns what it did.
func (c *Command) Wait() Result {
	c.w.t.Helper()
	defer c.cancel()
	err := c.cmd.Wait()
	res := Result{
		Args:     c.cmd.Args[1:],
		Stdout:   c.stdout.String(),
		Stderr:   c.stderr.String(),
		TimedOut: errors.Is(c.ctx.Err(), context.DeadlineExceeded),
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.ExitCode = exitErr.ExitCode()
	default:
		c.w.t.Fatalf("terraform %v: %v", res.Args, err)
	}
	return res
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
