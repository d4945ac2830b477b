package provider

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

func TestUserRolesModel(t *testing.T) {
	t.Parallel()
	for _, roles := range [][]string{nil, {}, {"api_default"}, {"reports", "api_default"}} {
		m, diags := newUserRolesModel(t.Context(), "billing-sync", roles)
		if diags.HasError() {
			t.Fatalf("newUserRolesModel(%q): %v", roles, diags)
		}
		if m.ID.ValueString() != "billing-sync" || m.LoginID.ValueString() != "billing-sync" {
			t.Errorf("id, login_id = %q, %q; want the login id twice", m.ID.ValueString(), m.LoginID.ValueString())
		}
		if m.RoleIDs.IsNull() {
			t.Errorf("newUserRolesModel(%q): role_ids is null; no roles must be an empty set", roles)
		}
		loginID, got, diags := m.request(t.Context())
		if diags.HasError() || loginID != "billing-sync" {
			t.Fatalf("request() = %q, %v", loginID, diags)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(roles))
		if !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Errorf("request() roles = %q, want %q; the two mappers do not round-trip", got, want)
		}
	}
}

// TestUserRolesClaimConflicts is the rule of which claims on one user's roles
// fight (replacement.go).
func TestUserRolesClaimConflicts(t *testing.T) {
	t.Parallel()
	all := roleClaim{resource: userRolesType, id: "jdoe", roles: []string{"api_default", "reports"}}
	one := roleClaim{resource: "apiusers_role_assignment", id: "read_only/jdoe", roles: []string{"read_only"}}
	listed := roleClaim{resource: "apiusers_role_assignment", id: "reports/jdoe", roles: []string{"reports"}}
	destroyed := func(c roleClaim) roleClaim { c.destroy = true; return c }
	unknown := roleClaim{resource: userRolesType, id: "jdoe", rolesUnknown: true}
	for _, tc := range []struct {
		name string
		a, b roleClaim
		want bool
	}{
		{"both stay, role not listed", all, one, true},
		{"both stay, role listed", all, listed, true},
		{"same type: assignments add up", one, listed, false},
		{"same type: one apiusers_user_roles planned twice", all, destroyed(all), false},
		{"assignment destroyed, its role listed", all, destroyed(listed), true},
		{"assignment destroyed, its role not listed", all, destroyed(one), false},
		{"assignment destroyed, role_ids unknown", unknown, destroyed(one), true},
		{"user roles destroyed, the assignment's role in its state", destroyed(all), listed, true},
		{"user roles destroyed, another role assigned", destroyed(all), one, false},
		{"both destroyed", destroyed(all), destroyed(listed), false},
	} {
		if got := tc.a.conflictsWith(tc.b); got != tc.want {
			t.Errorf("%s: conflictsWith = %v, want %v", tc.name, got, tc.want)
		}
		if got := tc.b.conflictsWith(tc.a); got != tc.want {
			t.Errorf("%s (reversed): conflictsWith = %v, want %v; the rule must be symmetric", tc.name, got, tc.want)
		}
	}
}

// TestUserRolesClaimSecondAlwaysSees races two conflicting claims many times:
// whichever is recorded second reports the first, so at least one of the two
// ModifyPlans fails the plan, whatever the order.
func TestUserRolesClaimSecondAlwaysSees(t *testing.T) {
	t.Parallel()
	for i := range 500 {
		var m runState
		var conflicts [2][]roleClaim
		var wg sync.WaitGroup
		wg.Go(func() {
			conflicts[0] = m.claimRoles("JDoe", roleClaim{resource: userRolesType, id: "JDoe", roles: []string{"api_default"}})
		})
		wg.Go(func() {
			conflicts[1] = m.claimRoles("jdoe", roleClaim{resource: "apiusers_role_assignment", id: "reports/jdoe", roles: []string{"reports"}})
		})
		wg.Wait()
		if len(conflicts[0])+len(conflicts[1]) != 1 {
			t.Fatalf("run %d: conflicts seen = %d and %d; exactly one claim, the second, must see the other", i, len(conflicts[0]), len(conflicts[1]))
		}
	}
	d := &providerData{}
	d.run.claimRoles("jdoe", roleClaim{resource: "apiusers_role_assignment", id: "reports/jdoe", roles: []string{"reports"}})
	d.run.claimRoles("jdoe", roleClaim{resource: "apiusers_role_assignment", id: "reports/jdoe", roles: []string{"reports"}}) // planned twice
	if got := d.run.claimRoles("kim", roleClaim{resource: userRolesType, id: "kim"}); len(got) != 0 {
		t.Errorf("a claim on another user conflicts: %v", got)
	}
	var diags diag.Diagnostics
	d.claimUserRoles("JDOE", roleClaim{resource: userRolesType, id: "JDOE"}, &diags)
	if diags.ErrorsCount() != 1 {
		t.Errorf("one resource claimed twice gave %d errors, want one: %v", diags.ErrorsCount(), diags)
	}
}

// TestUserRolesConflictDetail pins the message of the usual conflict: both
// resources in the configuration for one user.
func TestUserRolesConflictDetail(t *testing.T) {
	t.Parallel()
	all := roleClaim{resource: userRolesType, id: "jdoe", roles: []string{"api_default"}}
	one := roleClaim{resource: "apiusers_role_assignment", id: "reports/JDoe", roles: []string{"reports"}}
	want := "apiusers_user_roles for login id jdoe and apiusers_role_assignment reports/JDoe both manage the roles of jdoe; " +
		"an authoritative apiusers_user_roles would remove role \"reports\" unless role_ids lists it, " +
		"and destroying the assignment would take away a role that apiusers_user_roles lists, so each apply would undo the other. " +
		"Use one or the other for a user: list every role of jdoe in role_ids of apiusers_user_roles and remove the apiusers_role_assignment resources of jdoe, " +
		"or remove apiusers_user_roles and assign each role with apiusers_role_assignment. " +
		"To move a role from one to the other without taking it away meanwhile, remove the resource you give up from the state " +
		"instead of destroying it (a `removed` block with `lifecycle { destroy = false }`, or `terraform state rm`), then plan again."
	for _, got := range []string{roleConflictDetail(all, one), roleConflictDetail(one, all)} {
		if got != want {
			t.Errorf("detail =\n%s\nwant (whichever claim came second)\n%s", got, want)
		}
	}
}

// TestUserRolesTakeoverWarning: creating the resource for a user who holds
// roles it does not list warns, naming them (acceptance tests cannot see
// warnings).
func TestUserRolesTakeoverWarning(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	for _, role := range []string{"read_only", "reports", "api_default"} {
		if err := srv.AssignRole(role, "billing-sync"); err != nil {
			t.Fatal(err)
		}
	}
	c, err := client.New(client.Config{Endpoint: srv.URL(), Username: srv.AdminUsername(), Password: srv.AdminPassword()})
	if err != nil {
		t.Fatal(err)
	}
	r := &userRolesResource{data: &providerData{store: store.New(c, store.Options{})}}

	var diags diag.Diagnostics
	r.warnTakeover(t.Context(), "Billing-Sync", []string{"api_default"}, true, &diags)
	if diags.WarningsCount() != 1 || diags.HasError() {
		t.Fatalf("diagnostics = %v, want one warning", diags)
	}
	w := diags.Warnings()[0]
	if w.Summary() != "Roles Held Outside Terraform Will Be Taken Away" ||
		!strings.Contains(w.Detail(), `User "Billing-Sync" already holds roles "read_only" and "reports", which role_ids does not list`) {
		t.Errorf("warning = %q: %q", w.Summary(), w.Detail())
	}

	diags = nil
	r.warnTakeover(t.Context(), "billing-sync", []string{"api_default", "read_only", "reports"}, true, &diags)
	if len(diags) != 0 {
		t.Errorf("every held role listed: diagnostics = %v, want none", diags)
	}
	diags = nil
	r.warnTakeover(t.Context(), "ghost-sync", nil, true, &diags)
	if len(diags) != 0 {
		t.Errorf("a user created in the same apply holds no roles: diagnostics = %v, want none", diags)
	}
}

func testAccUserRolesBlock(name, loginID string, roleIDs ...string) string {
	return fmt.Sprintf(`
resource "apiusers_user_roles" %[1]q {
  login_id = %[2]q
  role_ids = %[3]s
}
`, name, loginID, hclStrings(roleIDs))
}

func testAccUserRolesConfig(srv *mockserver.Server, loginID string, roleIDs ...string) string {
	return providerConfig(srv) + testAccUserRolesBlock("test", loginID, roleIDs...)
}

const userRolesAddress = "apiusers_user_roles.test"

// expectUserRoles asserts the roles loginID holds on the mock, from its
// holder lists.
func expectUserRoles(srv *mockserver.Server, loginID string, want ...string) statecheck.StateCheck {
	return expectMock(func() error {
		if got := mockUserRoles(srv, loginID); !slices.Equal(got, sortedStrings(want...)) {
			return fmt.Errorf("roles of %q on the server = %q, want %q", loginID, got, sortedStrings(want...))
		}
		return nil
	})
}

func mockUserRoles(srv *mockserver.Server, loginID string) []string {
	var held []string
	for _, role := range []string{"account_admin", "api_default", "read_only", "reports"} {
		if slices.ContainsFunc(srv.RoleHolders(role), func(h string) bool { return strings.EqualFold(h, loginID) }) {
			held = append(held, role)
		}
	}
	return held
}

func TestAccUserRoles_basic(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccUserRolesConfig(srv, "billing-sync", "api_default", "reports"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(userRolesAddress, at("id"), knownvalue.StringExact("billing-sync")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userRolesAddress, at("id"), knownvalue.StringExact("billing-sync")),
					statecheck.ExpectKnownValue(userRolesAddress, at("login_id"), knownvalue.StringExact("billing-sync")),
					statecheck.ExpectKnownValue(userRolesAddress, at("role_ids"), stringSet("api_default", "reports")),
					expectRoleHolders(srv, "api_default", "billing-sync"),
					expectRoleHolders(srv, "reports", "billing-sync"),
					expectRoleHolders(srv, "read_only"),
				},
			},
			{
				// Another set: in place, adding read_only and taking
				// api_default away; the admin's account_admin is untouched.
				Config: testAccUserRolesConfig(srv, "billing-sync", "read_only", "reports"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userRolesAddress, at("role_ids"), stringSet("read_only", "reports")),
					expectRoleHolders(srv, "api_default"),
					expectRoleHolders(srv, "read_only", "billing-sync"),
					expectRoleHolders(srv, "reports", "billing-sync"),
					expectRoleHolders(srv, "account_admin", srv.AdminUsername()),
				},
			},
			{
				// Login ids are case-insensitive: another spelling is no change.
				Config: testAccUserRolesConfig(srv, "Billing-Sync", "read_only", "reports"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// An empty set means no roles.
				Config: testAccUserRolesConfig(srv, "billing-sync"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userRolesAddress, at("role_ids"), knownvalue.SetSizeExact(0)),
					expectUserRoles(srv, "billing-sync"),
				},
			},
			{
				Config:            testAccUserRolesConfig(srv, "billing-sync", "api_default"),
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "billing-sync", "api_default")},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if got := mockUserRoles(srv, "billing-sync"); len(got) != 0 {
				return fmt.Errorf("billing-sync still holds %q after destroy", got)
			}
			if _, ok := srv.User("billing-sync"); !ok {
				return fmt.Errorf("destroying the roles deleted the user")
			}
			return nil
		},
	})
}

// TestAccUserRoles_drift: a role assigned outside Terraform shows as an
// in-place change and is taken away on apply.
func TestAccUserRoles_drift(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	config := testAccUserRolesConfig(srv, "billing-sync", "api_default")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := srv.AssignRole("reports", "billing-sync"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(userRolesAddress, at("role_ids"), stringSet("api_default")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectUserRoles(srv, "billing-sync", "api_default"),
					statecheck.ExpectKnownValue(userRolesAddress, at("role_ids"), stringSet("api_default")),
				},
			},
			{
				// A listed role taken away outside Terraform is assigned again.
				PreConfig: func() {
					if err := srv.UnassignRole("api_default", "billing-sync"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "billing-sync", "api_default")},
			},
		},
	})
}

// TestAccUserRoles_takeover: created for a user who already holds roles,
// the resource takes them over: the listed ones stay, the others go (the
// plan warns of those; see TestUserRolesTakeoverWarning).
func TestAccUserRoles_takeover(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	for _, role := range []string{"api_default", "read_only"} {
		if err := srv.AssignRole(role, "billing-sync"); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccUserRolesConfig(srv, "billing-sync", "api_default", "reports"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "billing-sync", "api_default", "reports")},
			},
			{
				// Tainted: replaced (destroy takes the roles away, create
				// gives them again), and the user ends up with them.
				Config: testAccUserRolesConfig(srv, "billing-sync", "api_default", "reports"),
				Taint:  []string{userRolesAddress},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "billing-sync", "api_default", "reports")},
			},
		},
	})
}

// TestAccUserRoles_import imports with the id documented in
// examples/resources/apiusers_user_roles/import.sh.
func TestAccUserRoles_import(t *testing.T) {
	srv := newTestServer(t)
	loginID := exampleImport(t, "resources/apiusers_user_roles")
	seedAPIUser(t, srv, loginID)
	config := testAccUserRolesConfig(srv, loginID, "api_default", "reports")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:      userRolesAddress,
				ImportState:       true,
				ImportStateId:     loginID,
				ImportStateVerify: true,
			},
			{
				// Login ids are case-insensitive; the state keeps the
				// server's spelling, so the import verifies.
				ResourceName:      userRolesAddress,
				ImportState:       true,
				ImportStateId:     strings.ToUpper(loginID),
				ImportStateVerify: true,
			},
			{
				Config:          config,
				ResourceName:    userRolesAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// terraform plan -generate-config-out: the generated block
				// plans without changes.
				Config:          config,
				ResourceName:    userRolesAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
			},
			{
				ResourceName:  userRolesAddress,
				ImportState:   true,
				ImportStateId: "ghost-sync",
				ExpectError:   expectErrorText("Cannot Import User Roles of a Non-Existent User", `No user with login id "ghost-sync" exists on the server`),
			},
		},
	})
}

// TestAccUserRoles_disappears: a user deleted out of band takes its roles
// along; both resources plan to be created again, and one apply restores
// the user with its roles.
func TestAccUserRoles_disappears(t *testing.T) {
	srv := newTestServer(t)
	config := providerConfig(srv) + testAccAPIUserBlock("test", `
  login_id   = "billing-sync"
  first_name = "Billing"
  last_name  = "Integration"
`) + `
resource "apiusers_user_roles" "test" {
  login_id = apiusers_api_user.test.login_id
  role_ids = ["api_default", "reports"]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "billing-sync", "api_default", "reports")},
			},
			{
				PreConfig: func() {
					if err := srv.DeleteUser("billing-sync"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("apiusers_api_user.test", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "billing-sync", "api_default", "reports")},
			},
			{
				// The user alone deleted, the roles' resource in state: the
				// plan shows both to create again.
				PreConfig: func() {
					if err := srv.DeleteUser("billing-sync"); err != nil {
						t.Fatal(err)
					}
				},
				Config:             testAccUserRolesConfig(srv, "billing-sync", "api_default", "reports"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// The apply names the missing user.
				Config:      testAccUserRolesConfig(srv, "billing-sync", "api_default", "reports"),
				ExpectError: expectErrorText("Unable to Set User Roles", `The server has no user "billing-sync"`),
			},
		},
	})
}

func TestAccUserRoles_validation(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccUserRolesConfig(srv, "billing-sync", "api_default", "api_admin"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Unknown Role", `The server has no role "api_admin". Valid roles: account_admin, api_default, read_only, reports. Correct role_ids`),
			},
			{
				Config:      testAccUserRolesConfig(srv, "billing-sync", ""),
				PlanOnly:    true,
				ExpectError: expectErrorText("role_ids", "string length must be at least 1"),
			},
			{
				Config:      testAccUserRolesConfig(srv, "-bad", "api_default"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Invalid Attribute Value Match", "login_id must be a login id of 3 to 64 characters", "got: -bad"),
			},
			{
				// The user cannot be checked at plan time (it may be created
				// in the same apply); the apply names it.
				Config:      testAccUserRolesConfig(srv, "ghost-sync", "api_default"),
				ExpectError: expectErrorText("Unable to Set User Roles", `The server has no user "ghost-sync"`),
			},
		},
	})
}

// TestAccUserRoles_documentedServer: a server without the roles extension
// fails the plan, naming it, also for an empty set.
func TestAccUserRoles_documentedServer(t *testing.T) {
	srv := newDocumentedServer(t, mockserver.UnknownFieldsIgnore)
	seedAPIUser(t, srv, "billing-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccUserRolesConfig(srv, "billing-sync", "api_default"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Server Lacks an Extension", "apiusers_user_roles needs the roles extension of the Users API (see the Server API guide)"),
			},
			{
				Config:      testAccUserRolesConfig(srv, "billing-sync"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Server Lacks an Extension", "apiusers_user_roles needs the roles extension"),
			},
		},
	})
}

// TestAccUserRoles_conflict: apiusers_user_roles and apiusers_role_assignment
// for the same user (login ids compared case-insensitively) fail the plan,
// naming both; for different users they are fine.
func TestAccUserRoles_conflict(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	seedAPIUser(t, srv, "crm-sync")
	assignment := func(loginID string) string {
		return fmt.Sprintf(`
resource "apiusers_role_assignment" "test" {
  role_id  = "reports"
  login_id = %[1]q
}
`, loginID)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccUserRolesConfig(srv, "billing-sync", "api_default") + assignment("Billing-Sync"),
				ExpectError: expectErrorText("Conflicting Role Resources",
					"apiusers_user_roles for login id billing-sync and apiusers_role_assignment reports/Billing-Sync both manage the roles of billing-sync;",
					`an authoritative apiusers_user_roles would remove role "reports" unless role_ids lists it`,
					"Use one or the other for a user"),
			},
			{
				Config: testAccUserRolesConfig(srv, "billing-sync", "api_default") + assignment("crm-sync"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectUserRoles(srv, "billing-sync", "api_default"),
					expectUserRoles(srv, "crm-sync", "reports"),
				},
			},
			{
				// Both in state, and now for the same user: the plan fails
				// before anything is applied.
				Config:      testAccUserRolesConfig(srv, "billing-sync", "api_default") + assignment("billing-sync"),
				ExpectError: expectErrorText("Conflicting Role Resources", "apiusers_role_assignment reports/billing-sync both manage the roles of billing-sync"),
			},
			{
				Config: testAccUserRolesConfig(srv, "billing-sync", "api_default") + assignment("crm-sync"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectUserRoles(srv, "billing-sync", "api_default"),
					expectUserRoles(srv, "crm-sync", "reports"),
				},
			},
		},
	})
}

// TestAccUserRoles_migrateFromAssignments: replacing a user's role
// assignments by apiusers_user_roles in one apply would race (destroying an
// assignment takes away a role the new resource gives), so the plan fails;
// with the assignments removed from state instead (`removed`, destroy =
// false) it applies and the user keeps the role throughout.
func TestAccUserRoles_migrateFromAssignments(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	userRoles := testAccUserRolesConfig(srv, "billing-sync", "api_default", "read_only")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccRoleAssignmentConfig(srv, "api_default", "billing-sync")},
			{
				Config: userRoles,
				ExpectError: expectErrorText("Conflicting Role Resources",
					"apiusers_user_roles for login id billing-sync and apiusers_role_assignment api_default/billing-sync both manage the roles of billing-sync in this run:",
					`the assignment is destroyed while apiusers_user_roles lists role "api_default"`,
					"a `removed` block with `lifecycle { destroy = false }`"),
			},
			{
				Config: userRoles + `
removed {
  from = apiusers_role_assignment.test
  lifecycle {
    destroy = false
  }
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userRolesAddress, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "billing-sync", "api_default", "read_only")},
			},
			{
				// Back to an assignment: destroying apiusers_user_roles would
				// take api_default away while the assignment gives it.
				Config: testAccRoleAssignmentConfig(srv, "api_default", "billing-sync"),
				ExpectError: expectErrorText("Conflicting Role Resources",
					"apiusers_user_roles for login id billing-sync and apiusers_role_assignment api_default/billing-sync both manage the roles of billing-sync in this run:",
					"apiusers_user_roles is destroyed, which takes away every role in its state"),
			},
			{
				// Destroying both is no conflict.
				Config:            providerConfig(srv),
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "billing-sync")},
			},
		},
	})
}

func TestAccUserRoles_example(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            exampleConfig(t, srv, "resources/apiusers_user_roles/resource.tf"),
				ConfigStateChecks: []statecheck.StateCheck{expectUserRoles(srv, "reporting-sync", "api_default", "reports")},
			},
		},
	})
}

// userRolesCounted is the number of users with apiusers_user_roles in the
// request count test: more than the four roles, so one list per user would
// show.
const userRolesCounted = 8

// TestAccUserRoles_requestCounts: apiusers_user_roles reads
// each role's holders once per provider process whatever the number of
// users, and shares them with apiusers_role_assignment.
func TestAccUserRoles_requestCounts(t *testing.T) {
	srv := newTestServer(t)
	for i := range userRolesCounted + 1 {
		seedAPIUser(t, srv, fmt.Sprintf("svc-%02d", i))
	}
	cfg := providerConfig(srv) + fmt.Sprintf(`
locals {
  roles = ["api_default", "read_only", "reports"]
}

resource "apiusers_user_roles" "svc" {
  count    = %[1]d
  login_id = format("svc-%%02d", count.index)
  role_ids = [local.roles[count.index %% 3], "api_default"]
}

resource "apiusers_role_assignment" "other" {
  role_id  = "reports"
  login_id = format("svc-%%02d", %[1]d)
}
`, userRolesCounted)
	catalogueRoles := 4 // account_admin, api_default, read_only, reports
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetRequests,
				Config:    cfg,
			},
			{
				// The create step above: three of its commands read roles,
				// each reading every role's holders once, however many
				// users: the plan (the takeover check of each create), the
				// apply (each user's current roles) and the refreshing plan
				// after it (the non-refreshing one plans no create).
				PreConfig: func() {
					if got, want := srv.Requests(http.MethodGet, mockserver.RouteRoleUsers), 3*catalogueRoles; got != want {
						t.Errorf("create step of %d apiusers_user_roles: GET /roles/{roleId}/users made %d times, want %d (once per role in each of 3 commands)",
							userRolesCounted, got, want)
					}
					srv.ResetRequests()
				},
				Config:   cfg,
				PlanOnly: true,
			},
			{
				// The no-op PlanOnly step above: only its refreshing plan
				// reads the holders, once per role; both of its plans check
				// role_ids against the catalogue, one GET /roles each.
				PreConfig: func() {
					expectRequests(t, srv, "no-op PlanOnly step of user roles", map[[2]string]int{
						{http.MethodGet, mockserver.RouteRoles}:       2,
						{http.MethodGet, mockserver.RouteRoleUsers}:   catalogueRoles,
						{http.MethodGet, mockserver.RouteUsers}:       1,
						{http.MethodGet, mockserver.RouteUser}:        0,
						{http.MethodPut, mockserver.RouteRoleUser}:    0,
						{http.MethodDelete, mockserver.RouteRoleUser}: 0,
					})
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}
