package faults_test

import (
	"slices"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// workspace is a tfcli workspace that counts its applies for the fault
// matrix and can apply until a fault stops getting in the way.
type workspace struct {
	*tfcli.Workspace
	t       *testing.T
	applies int // terraform apply runs so far
	// converged is the last checkConvergence, for the fault matrix; nil
	// when the scenario ended before checking.
	converged *convergence
}

// applyArgs apply without a prompt. -parallelism=10 is terraform's default,
// spelled out because the scenarios' limits (the storm's first wave) assume it.
var applyArgs = []string{"apply", "-auto-approve", "-no-color", "-parallelism=10"}

// newWorkspace writes main.tf and returns a workspace whose commands reach
// host with the admin's credentials passed by environment, never in a file.
func newWorkspace(t *testing.T, host *mockHost, config string) *workspace {
	t.Helper()
	return newWorkspaceFor(t, host.URL(), host.server(), config)
}

// newWorkspaceFor is newWorkspace for a server reached at endpoint.
func newWorkspaceFor(t *testing.T, endpoint string, srv *mockserver.Server, config string) *workspace {
	t.Helper()
	w := &workspace{Workspace: tfcli.Shared(t).NewWorkspace(t), t: t}
	w.UseServer(endpoint, srv.AdminUsername(), srv.AdminPassword())
	w.WriteFile("main.tf", config)
	return w
}

// apply runs terraform apply to its end; a failure is a result.
func (w *workspace) apply(extra ...string) tfcli.Result {
	w.t.Helper()
	w.applies++
	return w.Run(slices.Concat(applyArgs, extra)...)
}

// mustApply applies and fails the test when terraform does.
func (w *workspace) mustApply(extra ...string) tfcli.Result {
	w.t.Helper()
	w.applies++
	return w.MustRun(slices.Concat(applyArgs, extra)...)
}

// startApply starts terraform apply and returns at once, for a scenario
// that acts on terraform itself while it runs.
func (w *workspace) startApply() *tfcli.Command {
	w.t.Helper()
	w.applies++
	return w.Start(applyArgs...)
}

// applyUntilConverged applies up to attempts times: a fault may make an
// apply fail with a readable error, after which a re-run must converge. It
// returns the results of every attempt.
func (w *workspace) applyUntilConverged(attempts int) []tfcli.Result {
	w.t.Helper()
	var results []tfcli.Result
	for range attempts {
		res := w.apply()
		results = append(results, res)
		if res.ExitCode == 0 {
			return results
		}
		w.t.Logf("apply failed (exit %d), applying again:\n%s", res.ExitCode, tfcli.Tail(res.Output(), 2000))
	}
	w.t.Fatalf("terraform apply did not converge in %d attempts", attempts)
	return results
}
