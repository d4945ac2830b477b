package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

func TestRoleAssignmentModel(t *testing.T) {
	t.Parallel()
	m := newRoleAssignmentModel("api_default", "billing-sync")
	if got := m.ID.ValueString(); got != "api_default/billing-sync" {
		t.Errorf("id = %q", got)
	}
	if m.RoleID.ValueString() != "api_default" || m.LoginID.ValueString() != "billing-sync" {
		t.Errorf("attributes = %q, %q", m.RoleID.ValueString(), m.LoginID.ValueString())
	}
	roleID, loginID := m.ids()
	if roleID != "api_default" || loginID != "billing-sync" {
		t.Errorf("ids() = %q, %q; the two mappers do not round-trip", roleID, loginID)
	}
	first, second, err := roleAssignmentID.parse(m.ID.ValueString())
	if err != nil || first != roleID || second != loginID {
		t.Errorf("the id the mapper builds does not parse back: %q, %q, %v", first, second, err)
	}
}

// expectMock is a state check that asserts something about the mock server
// after a step, so tests compare the server itself, not only the state the
// provider wrote.
func expectMock(check func() error) statecheck.StateCheck { return mockCheck(check) }

type mockCheck func() error

func (c mockCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}

// expectRoleHolders asserts the mock's holders of roleID, sorted.
func expectRoleHolders(srv *mockserver.Server, roleID string, want ...string) statecheck.StateCheck {
	return expectMock(func() error {
		if got := srv.RoleHolders(roleID); !slices.Equal(got, want) {
			return fmt.Errorf("holders of role %q on the server = %q, want %q", roleID, got, want)
		}
		return nil
	})
}

// expectErrorText matches each of parts literally, in order, allowing any
// white space where a part has a space: Terraform wraps long messages.
func expectErrorText(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}

// exampleConfig is a documented example (a path below examples/) behind the
// provider block pointing at srv: running the examples keeps the docs honest.
func exampleConfig(t *testing.T, srv *mockserver.Server, example string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", example))
	if err != nil {
		t.Fatal(err)
	}
	return providerConfig(srv) + string(b)
}

// exampleImport returns the import id of the documented `terraform import`
// command in examples/<dir>/import.sh.
func exampleImport(t *testing.T, dir string) (id string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", dir, "import.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if f := strings.Fields(line); len(f) == 4 && f[0] == "terraform" && f[1] == "import" {
			return f[3]
		}
	}
	t.Fatalf("no `terraform import <address> <id>` line in %s/import.sh", dir)
	return ""
}

// destroyForEachStep removes every resource by emptying the configuration.
// A test whose configuration uses for_each ends with it:
// terraform-plugin-testing cannot shim for_each instances into the legacy
// state its own final destroy reads (hashicorp/terraform-plugin-sdk#536).
// checks assert the server afterwards.
func destroyForEachStep(srv *mockserver.Server, checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{Config: providerConfig(srv), ConfigStateChecks: checks}
}

// seedAPIUser adds an API user directly to the mock.
func seedAPIUser(t *testing.T, srv *mockserver.Server, loginID string) {
	t.Helper()
	err := srv.SeedUser(mockserver.SeedUser{
		UserRecord: mockserver.UserRecord{UserID: loginID, FirstName: "Seeded", LastName: "Integration", APIUser: true},
		Password:   "Seed-Passw0rd-1",
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testAccRoleAssignmentConfig(srv *mockserver.Server, roleID, loginID string) string {
	return providerConfig(srv) + fmt.Sprintf(`
resource "apiusers_role_assignment" "test" {
  role_id  = %[1]q
  login_id = %[2]q
}
`, roleID, loginID)
}

const roleAssignmentAddress = "apiusers_role_assignment.test"

func TestAccRoleAssignment_basic(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccRoleAssignmentConfig(srv, "api_default", "billing-sync"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(roleAssignmentAddress, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAssignmentAddress, tfjsonpath.New("id"), knownvalue.StringExact("api_default/billing-sync")),
					statecheck.ExpectKnownValue(roleAssignmentAddress, tfjsonpath.New("role_id"), knownvalue.StringExact("api_default")),
					statecheck.ExpectKnownValue(roleAssignmentAddress, tfjsonpath.New("login_id"), knownvalue.StringExact("billing-sync")),
					expectRoleHolders(srv, "api_default", "billing-sync"),
				},
			},
			{
				// A different role is a different assignment: replaced, and
				// the old role taken away.
				Config: testAccRoleAssignmentConfig(srv, "reports", "billing-sync"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(roleAssignmentAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAssignmentAddress, tfjsonpath.New("id"), knownvalue.StringExact("reports/billing-sync")),
					expectRoleHolders(srv, "reports", "billing-sync"),
					expectRoleHolders(srv, "api_default"),
				},
			},
		},
		CheckDestroy: func(_ *terraform.State) error {
			if got := srv.RoleHolders("reports"); len(got) != 0 {
				return fmt.Errorf("role reports still held after destroy by %q", got)
			}
			return nil
		},
	})
}

// TestAccRoleAssignment_import imports with the id documented in
// examples/resources/apiusers_role_assignment/import.sh.
func TestAccRoleAssignment_import(t *testing.T) {
	srv := newTestServer(t)
	id := exampleImport(t, "resources/apiusers_role_assignment")
	roleID, loginID, err := roleAssignmentID.parse(id)
	if err != nil {
		t.Fatalf("the documented import id does not parse: %v", err)
	}
	seedAPIUser(t, srv, loginID)
	config := testAccRoleAssignmentConfig(srv, roleID, loginID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:      roleAssignmentAddress,
				ImportState:       true,
				ImportStateId:     id,
				ImportStateVerify: true,
			},
			{
				Config:          config,
				ResourceName:    roleAssignmentAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName:  roleAssignmentAddress,
				ImportState:   true,
				ImportStateId: roleID + "-" + loginID,
				ExpectError:   expectErrorText("Invalid Import ID", `Give it as <role_id>/<login_id>, e.g. "api_default/billing-sync"`),
			},
			{
				// An id that parses but names no assignment imports nothing.
				ResourceName:  roleAssignmentAddress,
				ImportState:   true,
				ImportStateId: roleAssignmentID.join("read_only", loginID),
				ExpectError:   expectErrorText("Cannot import non-existent remote object"),
			},
		},
	})
}

func TestAccRoleAssignment_disappears(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	config := testAccRoleAssignmentConfig(srv, "api_default", "billing-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := srv.UnassignRole("api_default", "billing-sync"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(roleAssignmentAddress, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectRoleHolders(srv, "api_default", "billing-sync")},
			},
			{
				// The user deleted out of band takes the role along; the
				// plan shows the assignment to create (the apply would fail
				// on the missing user, which the next test covers).
				PreConfig: func() {
					if err := srv.DeleteUser("billing-sync"); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccRoleAssignment_validation(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccRoleAssignmentConfig(srv, "api_admin", "billing-sync"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Unknown Role", `The server has no role "api_admin". Valid roles: account_admin, api_default, read_only, reports.`),
			},
			{
				Config:      testAccRoleAssignmentConfig(srv, "api/default", "billing-sync"),
				PlanOnly:    true,
				ExpectError: expectErrorText(`must not contain "/"`),
			},
			{
				Config:      testAccRoleAssignmentConfig(srv, "api_default", "-bad"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Invalid Attribute Value Match", "login_id must be a login id of 3 to 64 characters", "got: -bad"),
			},
			{
				// The user cannot be checked at plan time (it may be created
				// in the same apply); the apply names it.
				Config:      testAccRoleAssignmentConfig(srv, "api_default", "ghost-sync"),
				ExpectError: expectErrorText("Unable to Assign Role", `The server has no user "ghost-sync"`),
			},
		},
	})
}

// testAccIntegrationsConfig is what the provider is for: a map of
// integrations, each an API user with roles and project privileges, the
// roles and projects referred to by display name through the catalogue data
// sources.
func testAccIntegrationsConfig(srv *mockserver.Server, billingLoginID string) string {
	return providerConfig(srv) + fmt.Sprintf(`
data "apiusers_roles" "all" {}
data "apiusers_projects" "all" {}

locals {
  integrations = {
    billing = {
      login_id = %[1]q
      roles    = ["API default role", "Reports", "Read only"]
      projects = {
        Badges      = ["access_producer", "print_card", "preview_card"]
        Visitors    = ["access_producer", "add_records"]
        Contractors = ["access_producer"]
      }
    }
    crm = {
      login_id = "crm-sync"
      roles    = ["API default role"]
      projects = {
        Badges = ["access_producer", "edit_records"]
      }
    }
  }

  role_ids    = { for id, r in data.apiusers_roles.all.roles : r.name => id }
  project_ids = { for id, p in data.apiusers_projects.all.projects : p.name => id }

  assignments = merge([
    for key, i in local.integrations : {
      for role in i.roles : "${key}/${role}" => { integration = key, role_id = local.role_ids[role] }
    }
  ]...)
  privileges = merge([
    for key, i in local.integrations : {
      for project, privileges in i.projects : "${key}/${project}" => {
        integration = key
        project_id  = local.project_ids[project]
        privileges  = privileges
      }
    }
  ]...)
}

resource "apiusers_api_user" "this" {
  for_each   = local.integrations
  login_id   = each.value.login_id
  first_name = each.key
  last_name  = "Integration"
}

resource "apiusers_role_assignment" "this" {
  for_each = local.assignments
  role_id  = each.value.role_id
  login_id = apiusers_api_user.this[each.value.integration].login_id
}

resource "apiusers_project_privilege" "this" {
  for_each   = local.privileges
  project_id = each.value.project_id
  login_id   = apiusers_api_user.this[each.value.integration].login_id
  privileges = each.value.privileges
}
`, billingLoginID)
}

// expectIntegrationsOnServer asserts that the mock holds every role and
// privilege of testAccIntegrationsConfig for billing (whose several
// assignments are applied in parallel) and crm.
func expectIntegrationsOnServer(srv *mockserver.Server, billing string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		expectRoleHolders(srv, "api_default", sortedStrings(billing, "crm-sync")...),
		expectRoleHolders(srv, "reports", billing),
		expectRoleHolders(srv, "read_only", billing),
		expectPrivileges(srv, "badges", billing, "access_producer", "preview_card", "print_card"),
		expectPrivileges(srv, "visitors", billing, "access_producer", "add_records"),
		expectPrivileges(srv, "contractors", billing, "access_producer"),
		expectPrivileges(srv, "badges", "crm-sync", "access_producer", "edit_records"),
		expectPrivileges(srv, "visitors", "crm-sync"),
	}
}

func sortedStrings(s ...string) []string {
	slices.Sort(s)
	return s
}

// expectNothingLeft asserts that the mock holds none of the users, roles
// or privileges of testAccIntegrationsConfig: only the admin and its role.
func expectNothingLeft(srv *mockserver.Server, loginIDs ...string) statecheck.StateCheck {
	return expectMock(func() error {
		for _, id := range loginIDs {
			if _, ok := srv.User(id); ok {
				return fmt.Errorf("user %q still exists after destroy", id)
			}
			for _, project := range []string{"badges", "visitors", "contractors"} {
				if got := srv.Privileges(project, id); got != nil {
					return fmt.Errorf("%q still holds %q on %q after destroy", id, got, project)
				}
			}
		}
		for _, role := range []string{"api_default", "reports", "read_only"} {
			if got := srv.RoleHolders(role); len(got) != 0 {
				return fmt.Errorf("role %q still held after destroy by %q", role, got)
			}
		}
		if got := srv.RoleHolders("account_admin"); !slices.Equal(got, []string{srv.AdminUsername()}) {
			return fmt.Errorf("account_admin holders after destroy = %q, want only the admin", got)
		}
		return nil
	})
}

func TestAccIntegrations_allResources(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            testAccIntegrationsConfig(srv, "billing-sync"),
				ConfigStateChecks: expectIntegrationsOnServer(srv, "billing-sync"),
			},
			{
				Config: testAccIntegrationsConfig(srv, "billing-sync"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A new login id re-creates the user; its roles and
				// privileges follow in the same apply because they refer to
				// the user's login_id. crm is left alone.
				Config: testAccIntegrationsConfig(srv, "billing-sync-v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(`apiusers_api_user.this["billing"]`, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction(`apiusers_role_assignment.this["billing/Reports"]`, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction(`apiusers_project_privilege.this["billing/Badges"]`, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction(`apiusers_role_assignment.this["crm/API default role"]`, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(`apiusers_project_privilege.this["crm/Badges"]`, plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: append(expectIntegrationsOnServer(srv, "billing-sync-v2"),
					statecheck.ExpectKnownValue(`apiusers_role_assignment.this["billing/Reports"]`, tfjsonpath.New("id"),
						knownvalue.StringExact("reports/billing-sync-v2")),
					// The old user is gone; the exact holder lists above show
					// that it took its roles along.
					expectMock(func() error {
						if _, ok := srv.User("billing-sync"); ok {
							return fmt.Errorf("the replaced user billing-sync still exists")
						}
						return nil
					}),
				),
			},
			{
				// One apply was enough: nothing is left to do.
				Config: testAccIntegrationsConfig(srv, "billing-sync-v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Destroy in dependency order, checked on the server (see
				// destroyForEachStep for why not CheckDestroy).
				Config: providerConfig(srv),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(`apiusers_api_user.this["billing"]`, plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction(`apiusers_role_assignment.this["billing/Reports"]`, plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction(`apiusers_project_privilege.this["crm/Badges"]`, plancheck.ResourceActionDestroy),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectNothingLeft(srv, "billing-sync", "billing-sync-v2", "crm-sync")},
			},
		},
	})
}

func TestAccRoleAssignment_example(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: exampleConfig(t, srv, "resources/apiusers_role_assignment/resource.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectRoleHolders(srv, "api_default", "billing-sync"),
					expectRoleHolders(srv, "reports", "billing-sync"),
					expectRoleHolders(srv, "read_only", "billing-sync"),
				},
			},
			destroyForEachStep(srv, expectRoleHolders(srv, "api_default"), expectRoleHolders(srv, "reports")),
		},
	})
}

// TestAccRoleAssignment_deleteNotFound destroys two resources for the same
// assignment: whichever goes second finds it gone, which must be success,
// as when a user destroyed first has taken its roles along.
func TestAccRoleAssignment_deleteNotFound(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccRoleAssignmentConfig(srv, "reports", "billing-sync") + `
resource "apiusers_role_assignment" "twin" {
  role_id  = apiusers_role_assignment.test.role_id
  login_id = apiusers_role_assignment.test.login_id
}
`,
				ConfigStateChecks: []statecheck.StateCheck{expectRoleHolders(srv, "reports", "billing-sync")},
			},
			{
				Config:            providerConfig(srv),
				ConfigStateChecks: []statecheck.StateCheck{expectRoleHolders(srv, "reports")},
			},
		},
	})
}
