package tfcli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

const rolesConfig = tfcli.RequiredProviders + `
data "apiusers_roles" "all" {}

output "role_ids" {
  value = data.apiusers_roles.all.role_ids
}
`

// serverWorkspace is a workspace whose main.tf is config and whose
// commands reach a fresh mock started with opts.
func serverWorkspace(t *testing.T, opts mockserver.Options, config string) (*tfcli.Workspace, *mockserver.Server) {
	t.Helper()
	h := tfcli.Shared(t)
	srv := mockserver.Start(t, opts)
	w := h.NewWorkspace(t)
	w.UseServer(srv.URL(), srv.AdminUsername(), srv.AdminPassword())
	w.WriteFile("main.tf", config)
	return w, srv
}

// The provider terraform runs is the one built from this checkout, reached
// without init or download, and the credentials come from the environment.
func TestWorkspaceAppliesWithTheBuiltProvider(t *testing.T) {
	t.Parallel()
	w, srv := serverWorkspace(t, mockserver.Options{}, rolesConfig)
	providerDir := tfcli.Shared(t).ProviderDir
	w.CaptureLog("TF_LOG_PROVIDER", "DEBUG")

	apply := w.MustRun("apply", "-auto-approve", "-no-color")
	if !strings.Contains(apply.Output(), providerDir) {
		t.Errorf("terraform did not report the dev override for %s:\n%s", providerDir, apply.Output())
	}
	var roleIDs []string
	if err := json.Unmarshal([]byte(w.MustRun("output", "-json", "role_ids").Stdout), &roleIDs); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(roleIDs, "api_default") {
		t.Fatalf("role_ids = %v, want the mock's catalogue", roleIDs)
	}
	if n := srv.Requests("GET", mockserver.RouteRoles); n == 0 {
		t.Fatal("the provider never asked the mock for roles")
	}
	w.RequireNoChanges()
	if got := w.StateList(); !slices.Equal(got, []string{"data.apiusers_roles.all"}) {
		t.Errorf("state list = %v", got)
	}
	if state := w.ShowJSON(); !strings.Contains(state, `"api_default"`) {
		t.Errorf("show -json lacks the roles:\n%s", tfcli.Tail(state, 2000))
	}
	if log := w.ReadFile(tfcli.LogFile); !strings.Contains(log, "[DEBUG] provider") {
		t.Errorf("CaptureLog wrote no provider debug lines to %s:\n%s", w.LogPath(), tfcli.Tail(log, 2000))
	}
	entries, err := os.ReadDir(w.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if strings.Contains(w.ReadFile(e.Name()), srv.AdminPassword()) {
			t.Errorf("the admin password was written to %s", e.Name())
		}
	}
}

// A failing command is a result, not a test failure.
func TestRunReportsTheExitCode(t *testing.T) {
	t.Parallel()
	w := tfcli.Shared(t).NewWorkspace(t)
	w.WriteFile("main.tf", `resource "apiusers_api_user" "x" {`)
	res := w.Run("validate", "-no-color")
	if res.ExitCode != 1 || res.TimedOut || !strings.Contains(res.Stderr, "Unclosed configuration block") {
		t.Fatalf("exit %d, timed out %v:\n%s", res.ExitCode, res.TimedOut, res.Output())
	}
	if got := strings.Join(res.Args, " "); got != "validate -no-color" {
		t.Errorf("Args = %q", got)
	}
}

// A command that hangs (here: a server that answers after a minute) is
// killed at the workspace's timeout.
func TestRunKillsAHangingCommand(t *testing.T) {
	t.Parallel()
	w, _ := serverWorkspace(t, mockserver.Options{Faults: mockserver.Faults{Latency: time.Minute}}, rolesConfig)
	w.Timeout = 3 * time.Second

	start := time.Now()
	res := w.Run("plan", "-no-color")
	if !res.TimedOut || res.ExitCode == 0 {
		t.Fatalf("timed out %v, exit %d:\n%s", res.TimedOut, res.ExitCode, res.Output())
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Fatalf("the kill took %s", took)
	}
}

// The machine's own settings must not change what a test's terraform does:
// extra CLI arguments would break validate, and the developer's own
// credentials would let a plan succeed that the workspace gave none.
func TestWorkspaceIgnoresTheMachinesTerraformSettings(t *testing.T) {
	h := tfcli.Shared(t)
	srv := mockserver.Start(t, mockserver.Options{})
	t.Setenv("TF_CLI_ARGS_validate", "-no-such-flag")
	t.Setenv("TF_DATA_DIR", filepath.Join(t.TempDir(), "elsewhere"))
	t.Setenv("APIUSERS_USERNAME", srv.AdminUsername())
	t.Setenv("APIUSERS_PASSWORD", srv.AdminPassword())
	w := h.NewWorkspace(t)
	w.WriteFile("main.tf", rolesConfig+fmt.Sprintf(`
provider "apiusers" {
  endpoint = %q
}
`, srv.URL()))
	w.MustRun("validate", "-no-color")
	plan := w.Run("plan", "-no-color")
	if plan.ExitCode == 0 || !strings.Contains(plan.Output(), "APIUSERS_USERNAME") {
		t.Fatalf("the plan used credentials the workspace was not given (exit %d):\n%s", plan.ExitCode, plan.Output())
	}
	if n := srv.Requests("GET", mockserver.RouteAuth); n != 0 {
		t.Fatalf("terraform authenticated %d times with the machine's credentials", n)
	}
}

// A plan against a server that has stopped answering changes; the check
// reports it instead of passing.
func TestRequireNoChangesSeesChanges(t *testing.T) {
	t.Parallel()
	w, _ := serverWorkspace(t, mockserver.Options{}, tfcli.RequiredProviders+`
resource "apiusers_api_user" "x" {
  login_id   = "tfcli-changes"
  first_name = "Plan"
  last_name  = "Check"
}
`)
	plan := w.Run("plan", "-detailed-exitcode", "-no-color")
	if plan.ExitCode != 2 {
		t.Fatalf("a plan that creates a user exited %d, want 2:\n%s", plan.ExitCode, plan.Output())
	}
	w.MustRun("apply", "-auto-approve", "-no-color")
	w.RequireNoChanges()
}

// Interrupt is Ctrl-C: terraform, busy with a slow server, says it received
// the interrupt and shuts down gracefully.
func TestInterruptStopsTerraformGracefully(t *testing.T) {
	t.Parallel()
	w, _ := serverWorkspace(t, mockserver.Options{Faults: mockserver.Faults{Latency: 3 * time.Second}}, rolesConfig)

	start := time.Now()
	cmd := w.Start("plan", "-no-color")
	time.Sleep(2 * time.Second) // terraform is running the provider by now
	if err := cmd.Interrupt(); err != nil {
		t.Fatal(err)
	}
	res := cmd.Wait()
	if res.TimedOut || !strings.Contains(res.Output(), "Interrupt received") {
		t.Fatalf("exit %d, timed out %v, after %s; terraform did not take the interrupt:\n%s",
			res.ExitCode, res.TimedOut, time.Since(start), res.Output())
	}
}
