package provider

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// renameRuns is how many plans each rename test makes: before the fix the
// outcome of one was chance (the old address's refresh raced the new
// address's create check), so every one of them must be refused.
const renameRuns = 6

// linkedUserConfig is a user with one role and one privilege set, each
// resource under the name given; userLines are more arguments of the
// user, and the links refer to it.
func linkedUserConfig(srv *mockserver.Server, loginID, userLines, user, role, privilege string) string {
	return providerConfig(srv) + fmt.Sprintf(`
resource "apiusers_api_user" %[1]q {
  login_id   = %[4]q
  first_name = "Linked"
  last_name  = "User"
  %[5]s
}

resource "apiusers_role_assignment" %[2]q {
  role_id  = "reports"
  login_id = apiusers_api_user.%[1]s.login_id
}

resource "apiusers_project_privilege" %[3]q {
  project_id = "badges"
  login_id   = apiusers_api_user.%[1]s.login_id
  privileges = ["access_producer", "print_card"]
}
`, user, role, privilege, loginID, userLines)
}

// renameConfig is linkedUserConfig of the user "renamed".
func renameConfig(srv *mockserver.Server, user, role, privilege string) string {
	return linkedUserConfig(srv, "renamed", "", user, role, privilege)
}

// TestAccRename_withoutMovedBlock: renaming a resource without a moved
// block (the old address destroyed, the new one creating the same object)
// is refused at every plan, for users, role assignments and project
// privileges, with the moved block to paste; with the moved block the
// object stays as it is (the same user key, its role and privileges).
func TestAccRename_withoutMovedBlock(t *testing.T) {
	cases := []struct {
		name, resource       string
		renamed, movedConfig func(*mockserver.Server) string
		what                 string
	}{
		{
			name: "user", resource: "apiusers_api_user",
			renamed: func(srv *mockserver.Server) string { return renameConfig(srv, "new", "old", "old") },
			what:    `API user "renamed"`,
		},
		{
			name: "role assignment", resource: "apiusers_role_assignment",
			renamed: func(srv *mockserver.Server) string { return renameConfig(srv, "old", "new", "old") },
			what:    `apiusers_role_assignment "reports/renamed"`,
		},
		{
			name: "project privilege", resource: "apiusers_project_privilege",
			renamed: func(srv *mockserver.Server) string { return renameConfig(srv, "old", "old", "new") },
			what:    `apiusers_project_privilege "badges/renamed"`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t)
			refused := regexp.MustCompile(`(?s)Object Destroyed and Created in One Plan.*` + wrapped("This plan destroys "+tc.what+" at one address").String() +
				`.*` + wrapped("moved { from = "+tc.resource+".<OLD NAME> to = "+tc.resource+".<NEW NAME> }").String())
			sameKey := statecheck.CompareValue(compare.ValuesSame())
			steps := []resource.TestStep{{
				Config:            renameConfig(srv, "old", "old", "old"),
				ConfigStateChecks: []statecheck.StateCheck{sameKey.AddStateValue("apiusers_api_user.old", at("key"))},
			}}
			for range renameRuns {
				steps = append(steps, resource.TestStep{Config: tc.renamed(srv), PlanOnly: true, ExpectError: refused})
			}
			userAddress := "apiusers_api_user.old"
			if tc.resource == "apiusers_api_user" {
				userAddress = "apiusers_api_user.new"
			}
			steps = append(steps, resource.TestStep{
				Config: tc.renamed(srv) + fmt.Sprintf("\nmoved {\n  from = %[1]s.old\n  to   = %[1]s.new\n}\n", tc.resource),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tc.resource+".new", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameKey.AddStateValue(userAddress, at("key")),
					expectPrivileges(srv, "badges", "renamed", "access_producer", "print_card"),
					stateCheckFunc(func(*tfjson.State) error {
						if !containsFold(srv.RoleHolders("reports"), "renamed") {
							return fmt.Errorf("role holders %v lack the renamed user", srv.RoleHolders("reports"))
						}
						return nil
					}),
				},
			})
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
		})
	}
}

// TestAccAPIUser_retiredHoldingRoleRefused: creating the login id of a
// retired API user that holds account_admin and privileges is refused at
// plan, naming each, with the import block; nothing is written (the user
// stays in the trash with its key, password and role). A retired user that
// holds nothing is restored, and the plan says it holds nothing.
func TestAccAPIUser_retiredHoldingRoleRefused(t *testing.T) {
	srv := newTestServer(t)
	const oldPassword = "Trashed-Passw0rd9"
	for _, id := range []string{"trashed-admin", "trashed-bare"} {
		mustSeed(t, srv, mockserver.SeedUser{Password: oldPassword, UserRecord: mockserver.UserRecord{
			UserID: id, FirstName: "Trashed", LastName: "User", APIUser: true, Status: mockserver.StatusTrash,
		}})
	}
	if err := srv.AssignRole("account_admin", "trashed-admin"); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetPrivileges("badges", "trashed-admin", []string{"access_producer", "print_card"}); err != nil {
		t.Fatal(err)
	}
	before, _ := srv.User("trashed-admin")
	user := func(id string) string {
		return testAccAPIUserConfig(srv, "innocent", fmt.Sprintf(`
  login_id   = %q
  first_name = "Innocent"
  last_name  = "Looking"
  password   = "Chosen-By-Auth0r"
`, id))
	}
	untouched := stateCheckFunc(func(*tfjson.State) error {
		u, ok := srv.User("trashed-admin")
		switch {
		case !ok || u.Key != before.Key || u.Status != mockserver.StatusTrash || u.LastName != "User":
			return fmt.Errorf("the retired user changed: found %t, %+v", ok, u)
		case !srv.CheckPassword("trashed-admin", oldPassword) || srv.CheckPassword("trashed-admin", "Chosen-By-Auth0r"):
			return fmt.Errorf("the retired user's password changed")
		case !containsFold(srv.RoleHolders("account_admin"), "trashed-admin"):
			return fmt.Errorf("the retired user lost account_admin")
		}
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: user("trashed-admin"),
				ExpectError: regexp.MustCompile(`(?s)Retired API User Holds Roles or Privileges.*` +
					wrapped(`and it holds role "account_admin" and privileges access_producer, print_card on project "badges"`).String() +
					`.*` + wrapped(`import { to = apiusers_api_user.<NAME> id = "trashed-admin" }`).String()),
			},
			{Config: providerConfig(srv), ConfigStateChecks: []statecheck.StateCheck{untouched}},
			{
				Config: user("trashed-bare"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("apiusers_api_user.innocent", at("status"), knownvalue.StringExact("active")),
					untouched,
				},
			},
		},
	})
}

// TestAccAPIUser_replacedRetiredKeepsLinks: a user destroyed with
// deletion_mode trash keeps its role and privileges on the server; when
// Terraform replaces it (here: tainted), the create half at apply finds
// the retired user holding them and restores it, since the plan accepted
// the replacement: the apply does not refuse what the plan accepted.
func TestAccAPIUser_replacedRetiredKeepsLinks(t *testing.T) {
	srv := newTestServer(t)
	config := linkedUserConfig(srv, "trash-replaced", `deletion_mode = "trash"`, "u", "x", "x")
	sameKey := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{sameKey.AddStateValue("apiusers_api_user.u", at("key"))}},
			{
				Taint:  []string{"apiusers_api_user.u"},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("apiusers_api_user.u", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameKey.AddStateValue("apiusers_api_user.u", at("key")),
					statecheck.ExpectKnownValue("apiusers_api_user.u", at("status"), knownvalue.StringExact("active")),
					expectPrivileges(srv, "badges", "trash-replaced", "access_producer", "print_card"),
				},
			},
		},
	})
}

// TestAccLinks_idKnownAtPlan: the id of a link is planned from its two
// halves when both are known, instead of "(known after apply)".
func TestAccLinks_idKnownAtPlan(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: renameConfig(srv, "u", "r", "p"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("apiusers_role_assignment.r", at("id"), knownvalue.StringExact("reports/renamed")),
				plancheck.ExpectKnownValue("apiusers_project_privilege.p", at("id"), knownvalue.StringExact("badges/renamed")),
			}},
		}},
	})
}

// TestPlanObjectSecondAlwaysFails races the create and the destroy of one
// object many times: whichever is planned second fails, whatever the
// order, so the plan is refused deterministically; a create alone (a
// tainted object, -replace) and a destroy alone (terraform destroy) pass.
func TestPlanObjectSecondAlwaysFails(t *testing.T) {
	t.Parallel()
	object := apiUserObject("Renamed")
	for i := range 500 {
		d := &providerData{}
		var diags [2]diag.Diagnostics
		var wg sync.WaitGroup
		wg.Go(func() { d.planObject(object, false, path.Root("login_id"), &diags[0]) })
		wg.Go(func() { d.planObject(apiUserObject("RENAMED"), true, path.Empty(), &diags[1]) })
		wg.Wait()
		if n := diags[0].ErrorsCount() + diags[1].ErrorsCount(); n != 1 {
			t.Fatalf("run %d: %d errors, want exactly one, from whichever was planned second", i, n)
		}
	}
	d := &providerData{}
	var diags diag.Diagnostics
	d.planObject(object, false, path.Root("login_id"), &diags)
	d.planObject(apiUserObject("other"), true, path.Empty(), &diags)
	if diags.HasError() {
		t.Errorf("a create and a destroy of different objects conflict: %v", diags)
	}
	var destroyOnly diag.Diagnostics
	(&providerData{}).planObject(object, true, path.Empty(), &destroyOnly)
	if destroyOnly.HasError() {
		t.Errorf("a destroy alone fails: %v", destroyOnly)
	}
}

// TestHintDestroyRefresh: each error a ModifyPlan adds names terraform
// destroy -refresh=false, before the cause, which stays last, and keeps its
// attribute path; warnings and earlier diagnostics are left alone.
func TestHintDestroyRefresh(t *testing.T) {
	var diags diag.Diagnostics
	diags.AddError("Earlier", "Not this ModifyPlan's.")
	from := len(diags)
	diags.AddAttributeError(path.Root("login_id"), "Checked", "It failed.\n\nOriginal Error: cause")
	diags.AddWarning("Warned", "Only a warning.")
	diags.AddError("Plain", "No cause.")
	hintDestroyRefresh(&diags, from)

	if got := diags[0].Detail(); got != "Not this ModifyPlan's." {
		t.Errorf("an earlier error changed: %q", got)
	}
	withPath, ok := diags[1].(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(path.Root("login_id")) {
		t.Errorf("the attribute error lost its path: %#v", diags[1])
	}
	if want := "It failed.\n\n" + destroyRefreshHint + "\n\nOriginal Error: cause"; diags[1].Detail() != want {
		t.Errorf("detail = %q, want %q", diags[1].Detail(), want)
	}
	if got := diags[2].Detail(); got != "Only a warning." {
		t.Errorf("a warning changed: %q", got)
	}
	if want := "No cause.\n\n" + destroyRefreshHint; diags[3].Detail() != want {
		t.Errorf("detail = %q, want %q", diags[3].Detail(), want)
	}
	if !strings.Contains(destroyRefreshHint, "terraform destroy -refresh=false") {
		t.Errorf("the hint does not name terraform destroy -refresh=false: %q", destroyRefreshHint)
	}
}
