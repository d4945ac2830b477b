package faults_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// These scenarios are plans that must fail, or must not, whatever order
// Terraform plans the resources in: a rename without a moved block, and a
// terraform destroy of a configuration that also declares what it could
// never create.

// TestRenameWithoutMovedBlockRefused: the fleet's three resources renamed
// without moved blocks (each object destroyed at its old address and
// created at its new one) are refused at plan, every time, so the apply
// writes nothing: no user is deleted and created again. With the moved
// blocks the plan has no changes, and the server keeps every user, key
// and link.
func TestRenameWithoutMovedBlockRefused(t *testing.T) {
	t.Parallel()
	f := newFleet("rename")
	f.users = 30
	host, w := startScenario(t, f, mockserver.Options{})
	w.mustApply()
	ids := f.loginIDs()
	keys := serverKeys(t, host, ids...)
	syncs := func() int {
		return host.rec.count(func(q recordedRequest) bool { return q.method == http.MethodPut && q.route == "/users/sync" })
	}
	syncsBefore := syncs()

	// The links first, the user kept: then all three, where the links wait
	// for the user's plan, which fails, so only the user's rename is named.
	links := []string{`resource "apiusers_role_assignment" "fleet"`, `resource "apiusers_role_assignment" "renamed"`,
		`resource "apiusers_project_privilege" "fleet"`, `resource "apiusers_project_privilege" "renamed"`}
	user := []string{`resource "apiusers_api_user" "fleet"`, `resource "apiusers_api_user" "renamed"`,
		`apiusers_api_user.fleet[`, `apiusers_api_user.renamed[`}
	var renamed string
	for _, step := range []struct {
		renames []string
		types   []string
		named   []string
	}{
		{links, []string{"apiusers_role_assignment", "apiusers_project_privilege"},
			[]string{fmt.Sprintf("apiusers_role_assignment \"%s/%s\"", fleetRole, ids[0]), fmt.Sprintf("apiusers_project_privilege \"%s/%s\"", fleetProject, ids[0])}},
		{append(user, links...), []string{"apiusers_api_user"}, []string{fmt.Sprintf("API user %q", ids[0])}},
	} {
		renamed = strings.NewReplacer(step.renames...).Replace(f.config())
		w.WriteFile("main.tf", renamed)
		for run := range 2 {
			res := w.apply()
			out := flat(res.Output())
			if res.ExitCode == 0 {
				t.Fatalf("run %d: the rename of %v without moved blocks was applied:\n%s", run, step.types, tfcli.Tail(res.Output(), 3000))
			}
			for _, what := range step.named {
				if !strings.Contains(out, "This plan destroys "+what+" at one address") {
					t.Errorf("run %d: the plan does not refuse the rename of %s:\n%s", run, what, tfcli.Tail(res.Output(), 3000))
				}
			}
			for _, typ := range step.types {
				if !strings.Contains(out, "moved { from = "+typ+".<OLD NAME> to = "+typ+".<NEW NAME> }") {
					t.Errorf("run %d: no moved block to paste for %s:\n%s", run, typ, tfcli.Tail(res.Output(), 3000))
				}
			}
		}
	}
	if n := syncs() - syncsBefore; n != 0 {
		t.Errorf("the refused plans sent %d syncs", n)
	}

	var moved strings.Builder
	for _, typ := range []string{"apiusers_api_user", "apiusers_role_assignment", "apiusers_project_privilege"} {
		fmt.Fprintf(&moved, "\nmoved {\n  from = %[1]s.fleet\n  to   = %[1]s.renamed\n}\n", typ)
	}
	w.WriteFile("main.tf", renamed+moved.String())
	w.mustApply()
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
	for id, key := range keys {
		if u, ok := host.server().User(id); !ok || u.Key != key {
			t.Errorf("user %s after the moved blocks: found %v, key %d, want key %d", id, ok, u.Key, key)
		}
	}
}

// TestDestroyNotStoppedByPlanChecks: terraform destroy first plans the
// configuration to refresh the state, and that plan runs every plan-time
// check, also of creates the destroy will never make. The provider cannot
// tell that plan from another, so a user and links whose ids someone else
// holds, and a user_roles that conflicts with a role assignment, stop the
// destroy; each error names terraform destroy -refresh=false, and that
// command destroys the fleet and leaves the other party's user alone.
func TestDestroyNotStoppedByPlanChecks(t *testing.T) {
	t.Parallel()
	f := newFleet("destroy")
	f.users = 10
	host, w := startScenario(t, f, mockserver.Options{})
	w.mustApply()

	const outsider = "outsider"
	srv := host.server()
	if err := srv.SeedUser(mockserver.SeedUser{Password: "Outside-Passw0rd", UserRecord: mockserver.UserRecord{
		UserID: outsider, FirstName: "Out", LastName: "Sider", APIUser: true,
	}}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AssignRole("reports", outsider); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetPrivileges(fleetProject, outsider, []string{"access_producer"}); err != nil {
		t.Fatal(err)
	}
	w.WriteFile("main.tf", f.config()+fmt.Sprintf(`
resource "apiusers_api_user" "outsider" {
  login_id   = %[1]q
  first_name = "Never"
  last_name  = "Created"
}

resource "apiusers_role_assignment" "outsider" {
  role_id  = "reports"
  login_id = %[1]q
}

resource "apiusers_project_privilege" "outsider" {
  project_id = %[2]q
  login_id   = %[1]q
  privileges = ["access_producer"]
}

resource "apiusers_user_roles" "conflict" {
  login_id = apiusers_api_user.fleet[%[3]q].login_id
  role_ids = [%[4]q]
}
`, outsider, fleetProject, f.loginIDs()[0], fleetRole))

	res := w.Run("destroy", "-auto-approve", "-no-color")
	out := res.Output()
	if res.ExitCode == 0 {
		t.Fatalf("the destroy was not stopped; the scenario tests nothing:\n%s", tfcli.Tail(out, 3000))
	}
	for _, summary := range []string{"API User Already Exists", "Already Exists on the Server", "Conflicting Role Resources"} {
		if !strings.Contains(out, "Error: "+summary) {
			t.Errorf("the destroy's refresh plan did not fail with %q:\n%s", summary, tfcli.Tail(out, 4000))
		}
	}
	errors, hints := strings.Count(out, "Error: "), strings.Count(flat(out), "Run terraform destroy -refresh=false instead")
	if hints != errors {
		t.Errorf("%d of %d errors name terraform destroy -refresh=false:\n%s", hints, errors, tfcli.Tail(out, 4000))
	}

	w.MustRun("destroy", "-refresh=false", "-auto-approve", "-no-color")
	if u, ok := srv.User(outsider); !ok || u.Status != mockserver.StatusActive {
		t.Errorf("the other party's user after the destroy: found %v, %+v", ok, u)
	}
	if !containsFold(srv.RoleHolders("reports"), outsider) || len(srv.Privileges(fleetProject, outsider)) == 0 {
		t.Errorf("the other party's user lost its role or privileges")
	}
	// The outsider is the other party's, which checkConvergence cannot
	// tell (it counts every user but the admin): it leaves now, and what
	// is left must be nothing of the fleet's.
	if err := srv.DeleteUser(outsider); err != nil {
		t.Fatal(err)
	}
	destroyed := f
	destroyed.users = 0
	requireServerMatches(t, host, w, destroyed)
}

// flat is Terraform's output with its word wrapping undone: every run of
// white space and the frame Terraform draws around a diagnostic ("│") is
// one space, so that a phrase is found wherever its lines were broken.
func flat(out string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
}

// containsFold reports whether list holds s, compared case-insensitively.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(v string) bool { return strings.EqualFold(v, s) })
}
