package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// The provider's own user (its username) is never locked out by a plan:
// each refusal is a plan-time error that says what would happen and how to
// do it safely, and the refused plan writes nothing.

const (
	runnerID       = "tf-runner"
	runnerPassword = "Runner-Passw0rd9"
)

// providerConfigAs is providerConfig authenticating as another user.
func providerConfigAs(srv *mockserver.Server, username, password string) string {
	return fmt.Sprintf(`
provider "apiusers" {
  endpoint = %q
  username = %q
  password = %q
  batching = %t
}
`, srv.URL(), username, password, !testBatchingDisabled())
}

// asRunner is providerConfigAs the runner.
func asRunner(srv *mockserver.Server) string { return providerConfigAs(srv, runnerID, runnerPassword) }

// seedRunner seeds the runner, an active API user, holding account_admin
// when admin is set.
func seedRunner(t *testing.T, srv *mockserver.Server, id string, admin bool) {
	t.Helper()
	mustSeed(t, srv, mockserver.SeedUser{Password: runnerPassword, UserRecord: mockserver.UserRecord{
		UserID: id, FirstName: "Terraform", LastName: "Runner", APIUser: true, Status: mockserver.StatusActive,
	}})
	if admin {
		if err := srv.AssignRole(roleAccountAdmin, id); err != nil {
			t.Fatal(err)
		}
	}
}

// writeWatch counts the mock's write requests, to prove that refused plans
// wrote nothing.
type writeWatch struct {
	srv  *mockserver.Server
	seen int
}

func (w *writeWatch) count() int {
	n := 0
	for _, r := range [][2]string{
		{http.MethodPut, mockserver.RouteSync},
		{http.MethodPut, mockserver.RouteRoleUser}, {http.MethodDelete, mockserver.RouteRoleUser},
		{http.MethodPut, mockserver.RouteProjectUserPrivileges}, {http.MethodDelete, mockserver.RouteProjectUserPrivileges},
	} {
		n += w.srv.Requests(r[0], r[1])
	}
	return n
}

// mark remembers the writes so far (a step's PreConfig).
func (w *writeWatch) mark() { w.seen = w.count() }

// none fails unless no write came since mark.
func (w *writeWatch) none() statecheck.StateCheck {
	return stateCheckFunc(func(*tfjson.State) error {
		if n := w.count(); n != w.seen {
			return fmt.Errorf("%d writes since the refused plans began, want none", n-w.seen)
		}
		return nil
	})
}

// runnerIntact fails unless the runner is active, holds account_admin and
// still has its password.
func runnerIntact(srv *mockserver.Server) statecheck.StateCheck {
	return stateCheckFunc(func(*tfjson.State) error {
		u, ok := srv.User(runnerID)
		switch {
		case !ok || u.Status != mockserver.StatusActive:
			return fmt.Errorf("the runner is gone or not active: %t %+v", ok, u)
		case !srv.CheckPassword(runnerID, runnerPassword):
			return fmt.Errorf("the runner's password changed")
		case !containsFold(srv.RoleHolders(roleAccountAdmin), runnerID):
			return fmt.Errorf("the runner lost account_admin")
		}
		return nil
	})
}

// lockout is the refusal's text: the change, then what follows and how.
func lockout(change string) string {
	return "Plan Would Lock the Provider Out|" + change + "|bad credentials or 403 Forbidden|only another administrator could repair|do it as another admin"
}

// refusedStep is a plan-only step expected to fail with text (parts
// separated by |), after marking the writes.
func refusedStep(w *writeWatch, config, text string) resource.TestStep {
	return resource.TestStep{Config: config, PlanOnly: true, PreConfig: w.mark, ExpectError: expectErrorText(strings.Split(text, "|")...)}
}

// TestAccSelfLockout_apiUser: an admin creates the runner and gives it
// account_admin; configured as the runner, Terraform refuses to deactivate
// it, change its password, replace it, destroy it (in any deletion_mode),
// or take its account_admin assignment away; nothing is written, and the
// admin can still do all of it.
func TestAccSelfLockout_apiUser(t *testing.T) {
	srv := newTestServer(t)
	w := &writeWatch{srv: srv}
	user := func(lines string) string {
		return fmt.Sprintf(`
resource "apiusers_api_user" "runner" {
  login_id   = %q
  first_name = "Terraform"
  last_name  = "Runner"
  password   = %q
  %s
}
`, runnerID, runnerPassword, lines)
	}
	role := func(roleID string) string {
		return fmt.Sprintf(`
resource "apiusers_role_assignment" "runner" {
  role_id  = %q
  login_id = apiusers_api_user.runner.login_id
}
`, roleID)
	}
	base := user("") + role(roleAccountAdmin)
	trash := user(`deletion_mode = "trash"`) + role(roleAccountAdmin)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: providerConfig(srv) + base},
			{Config: asRunner(srv) + base, ConfigStateChecks: []statecheck.StateCheck{runnerIntact(srv)}},
			refusedStep(w, asRunner(srv)+user(`status = "inactive"`)+role(roleAccountAdmin),
				lockout(`set the status of API user "tf-runner" to "inactive"`)),
			refusedStep(w, asRunner(srv)+strings.Replace(base, runnerPassword, "Other-Passw0rd9", 1),
				lockout(`change the password of API user "tf-runner"|Rotate it as another admin`)),
			refusedStep(w, asRunner(srv)+strings.Replace(base, `login_id   = "tf-runner"`, `login_id   = "tf-runner-2"`, 1),
				lockout(`replace API user "tf-runner"`)),
			refusedStep(w, asRunner(srv), lockout(`destroy API user "tf-runner" (deletion_mode "delete"`)),
			refusedStep(w, asRunner(srv)+user(""), lockout(`destroy the assignment of account_admin to user "tf-runner"`)),
			refusedStep(w, asRunner(srv)+user("")+role("reports"), lockout(`replace the assignment of account_admin to user "tf-runner"`)),
			{Config: asRunner(srv) + trash, ConfigStateChecks: []statecheck.StateCheck{runnerIntact(srv)}},
			refusedStep(w, asRunner(srv), lockout(`destroy API user "tf-runner" (deletion_mode "trash"`)),
			{Config: asRunner(srv) + trash, ConfigStateChecks: []statecheck.StateCheck{w.none(), runnerIntact(srv)}},
			// Another admin may: the test's destroy runs as the admin.
			{Config: providerConfig(srv) + trash},
		},
	})
}

// TestAccSelfLockout_taint: a tainted own user (planned as the create of
// a replacement) is refused like its destroy; the admin may replace it.
func TestAccSelfLockout_taint(t *testing.T) {
	srv := newTestServer(t)
	w := &writeWatch{srv: srv}
	config := testAccAPIUserBlock("runner", fmt.Sprintf("  login_id = %q\n  first_name = \"Terraform\"\n  last_name = \"Runner\"\n  password = %q\n", runnerID, runnerPassword)) +
		"\nresource \"apiusers_role_assignment\" \"runner\" {\n  role_id  = \"account_admin\"\n  login_id = apiusers_api_user.runner.login_id\n}\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: providerConfig(srv) + config},
			taintedStep(refusedStep(w, asRunner(srv)+config, lockout(`replace API user "tf-runner" (-replace or a tainted resource)`)), "apiusers_api_user.runner"),
			func() resource.TestStep { // planned with -refresh=false, the create half cannot be told from a new user's
				s := refusedStep(w, asRunner(srv)+config, "Cannot Manage the Provider's Own User|is the provider's own user|terraform untaint")
				s.Taint = []string{"apiusers_api_user.runner"}
				return s
			}(),
			{
				PreConfig: func() {
					if n := w.count() - w.seen; n != 0 {
						t.Errorf("the refused plan wrote %d times", n)
					}
				},
				Config: providerConfig(srv) + config, ConfigStateChecks: []statecheck.StateCheck{runnerIntact(srv)},
			},
			taintedStep(refusedStep(w, asRunner(srv)+config, lockout(`replace the assignment of account_admin to user "tf-runner" (-replace or a tainted resource)`)),
				"apiusers_role_assignment.runner"),
			{Config: providerConfig(srv) + config, ConfigStateChecks: []statecheck.StateCheck{runnerIntact(srv)}},
		},
	})
}

// taintedStep is s with resource address tainted before it, run as an
// apply: its plan refreshes first, as terraform plan and apply do, and
// the refresh is how a tainted object's create is known to replace it
// (the testing framework's plan-only steps plan with -refresh=false).
func taintedStep(s resource.TestStep, address string) resource.TestStep {
	s.Taint, s.PlanOnly = []string{address}, false
	return s
}

// TestAccSelfLockout_userRoles: an apiusers_user_roles of the runner
// without account_admin is refused at create and at update, and so is its
// destroy; with account_admin it applies.
func TestAccSelfLockout_userRoles(t *testing.T) {
	srv := newTestServer(t)
	seedRunner(t, srv, runnerID, true)
	w := &writeWatch{srv: srv}
	roles := func(ids string) string {
		return fmt.Sprintf("\nresource \"apiusers_user_roles\" \"runner\" {\n  login_id = %q\n  role_ids = [%s]\n}\n", runnerID, ids)
	}
	kept := roles(`"account_admin", "reports"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			refusedStep(w, asRunner(srv)+roles(`"reports"`), lockout(`set the roles of user "tf-runner" without account_admin`)),
			{Config: asRunner(srv) + kept, ConfigStateChecks: []statecheck.StateCheck{runnerIntact(srv)}},
			refusedStep(w, asRunner(srv)+roles(`"reports"`), lockout(`set the roles of user "tf-runner" without account_admin`)),
			refusedStep(w, asRunner(srv), lockout(`destroy the apiusers_user_roles of user "tf-runner"`)),
			{Config: asRunner(srv) + kept, ConfigStateChecks: []statecheck.StateCheck{w.none(), runnerIntact(srv)}},
			taintedStep(refusedStep(w, asRunner(srv)+kept, lockout(`replace the apiusers_user_roles of user "tf-runner" (-replace or a tainted resource)`)),
				"apiusers_user_roles.runner"),
			{Config: providerConfig(srv) + kept},
		},
	})
}

// TestAccSelfLockout_import: the runner cannot be imported into
// apiusers_api_user (by command or by import block, in any letter case, on
// an extended and a documented-only server), nor created.
func TestAccSelfLockout_import(t *testing.T) {
	servers := map[string]*mockserver.Server{
		"extended":   newTestServer(t),
		"documented": newDocumentedServer(t, mockserver.UnknownFieldsIgnore),
	}
	for name, srv := range servers {
		t.Run(name, func(t *testing.T) {
			seedRunner(t, srv, runnerID, name == "extended")
			w := &writeWatch{srv: srv}
			block := testAccAPIUserBlock("runner", `
  login_id   = "TF-RUNNER"
  first_name = "Terraform"
  last_name  = "Runner"
`)
			refused := `Cannot Import the Provider's Own User|is the provider's own user (it authenticates as "tf-runner"|would lock the provider out|do it as another admin`
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: asRunner(srv) + block, ResourceName: "apiusers_api_user.runner", ImportState: true, ImportStateId: "TF-Runner",
						PreConfig: w.mark, ExpectError: expectErrorText(strings.Split(refused, "|")...),
					},
					refusedStep(w, asRunner(srv)+block+"\nimport {\n  to = apiusers_api_user.runner\n  id = \"tf-runner\"\n}\n", refused),
					{
						Config: asRunner(srv) + block, PlanOnly: true,
						ExpectError: expectErrorText("Cannot Manage the Provider's Own User", `"TF-RUNNER" is the provider's own user (it authenticates as "tf-runner"`, "importing it is refused"),
					},
					{Config: asRunner(srv), ConfigStateChecks: []statecheck.StateCheck{w.none()}},
				},
			})
		})
	}
}

// TestHintDestroyRefresh_notForLockout: terraform destroy -refresh=false
// meets the self-lockout and account_admin refusals too, so they do not
// advise it.
func TestHintDestroyRefresh_notForLockout(t *testing.T) {
	for summary := range refusedWithoutRefresh {
		var diags diag.Diagnostics
		diags.AddError(summary, "detail")
		hintDestroyRefresh(&diags, 0)
		if got := diags[0].Detail(); got != "detail" {
			t.Errorf("%s: detail became %q", summary, got)
		}
	}
}
