package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

func TestProjectPrivilegeModel(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m, diags := newProjectPrivilegeModel(ctx, "badges", "billing-sync", []string{"print_card", "access_producer"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got := m.ID.ValueString(); got != "badges/billing-sync" {
		t.Errorf("id = %q", got)
	}
	want := types.SetValueMust(types.StringType, []attr.Value{types.StringValue("access_producer"), types.StringValue("print_card")})
	if !m.Privileges.Equal(want) {
		t.Errorf("privileges = %v, want %v", m.Privileges, want)
	}
	projectID, loginID, privileges, diags := m.request(ctx)
	if diags.HasError() {
		t.Fatal(diags)
	}
	slices.Sort(privileges)
	if projectID != "badges" || loginID != "billing-sync" || !slices.Equal(privileges, []string{"access_producer", "print_card"}) {
		t.Errorf("request() = %q, %q, %q; the two mappers do not round-trip", projectID, loginID, privileges)
	}
}

func testAccProjectPrivilegeConfig(srv *mockserver.Server, projectID, loginID string, privileges ...string) string {
	quoted := make([]string, len(privileges))
	for i, p := range privileges {
		quoted[i] = fmt.Sprintf("%q", p)
	}
	return providerConfig(srv) + fmt.Sprintf(`
resource "apiusers_project_privilege" "test" {
  project_id = %[1]q
  login_id   = %[2]q
  privileges = [%[3]s]
}
`, projectID, loginID, strings.Join(quoted, ", "))
}

const projectPrivilegeAddress = "apiusers_project_privilege.test"

// expectPrivileges asserts the mock's privilege set (sorted; none = nil).
func expectPrivileges(srv *mockserver.Server, projectID, loginID string, want ...string) statecheck.StateCheck {
	return expectMock(func() error {
		if got := srv.Privileges(projectID, loginID); !slices.Equal(got, want) {
			return fmt.Errorf("privileges of %q on %q on the server = %q, want %q", loginID, projectID, got, want)
		}
		return nil
	})
}

// stringSet is the known value of a set of strings.
func stringSet(values ...string) knownvalue.Check { return knownvalue.SetExact(stringChecks(values)) }

func TestAccProjectPrivilege_basic(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProjectPrivilegeConfig(srv, "badges", "billing-sync", "access_producer", "print_card"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectPrivilegeAddress, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectPrivilegeAddress, tfjsonpath.New("id"), knownvalue.StringExact("badges/billing-sync")),
					statecheck.ExpectKnownValue(projectPrivilegeAddress, tfjsonpath.New("privileges"), stringSet("access_producer", "print_card")),
					expectPrivileges(srv, "badges", "billing-sync", "access_producer", "print_card"),
				},
			},
			{
				// The set is updated in place, not replaced.
				Config: testAccProjectPrivilegeConfig(srv, "badges", "billing-sync", "access_producer", "preview_card", "capture_photo_id"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectPrivilegeAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectPrivilegeAddress, tfjsonpath.New("privileges"), stringSet("access_producer", "capture_photo_id", "preview_card")),
					expectPrivileges(srv, "badges", "billing-sync", "access_producer", "capture_photo_id", "preview_card"),
				},
			},
			{
				// Another project is another resource: replaced, and the old
				// project's privileges removed.
				Config: testAccProjectPrivilegeConfig(srv, "visitors", "billing-sync", "access_producer"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectPrivilegeAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectPrivileges(srv, "visitors", "billing-sync", "access_producer"),
					expectPrivileges(srv, "badges", "billing-sync"),
				},
			},
		},
		CheckDestroy: func(_ *terraform.State) error {
			if got := srv.Privileges("visitors", "billing-sync"); got != nil {
				return fmt.Errorf("privileges still held after destroy: %q", got)
			}
			return nil
		},
	})
}

// TestAccProjectPrivilege_import imports with the id documented in
// examples/resources/apiusers_project_privilege/import.sh.
func TestAccProjectPrivilege_import(t *testing.T) {
	srv := newTestServer(t)
	id := exampleImport(t, "resources/apiusers_project_privilege")
	projectID, loginID, err := projectPrivilegeID.parse(id)
	if err != nil {
		t.Fatalf("the documented import id does not parse: %v", err)
	}
	seedAPIUser(t, srv, loginID)
	config := testAccProjectPrivilegeConfig(srv, projectID, loginID, "access_producer", "add_records", "edit_records")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:      projectPrivilegeAddress,
				ImportState:       true,
				ImportStateId:     id,
				ImportStateVerify: true,
			},
			{
				Config:          config,
				ResourceName:    projectPrivilegeAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName:  projectPrivilegeAddress,
				ImportState:   true,
				ImportStateId: id + "/extra",
				ExpectError:   expectErrorText("Invalid Import ID", `Give it as <project_id>/<login_id>, e.g. "badges/billing-sync"`),
			},
			{
				ResourceName:  projectPrivilegeAddress,
				ImportState:   true,
				ImportStateId: projectPrivilegeID.join("contractors", loginID),
				ExpectError:   expectErrorText("Cannot import non-existent remote object"),
			},
		},
	})
}

func TestAccProjectPrivilege_disappears(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	config := testAccProjectPrivilegeConfig(srv, "badges", "billing-sync", "access_producer", "print_card")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// Changed out of band: the plan puts the configured set back.
				PreConfig: func() {
					if err := srv.SetPrivileges("badges", "billing-sync", []string{"access_producer", "erase_records"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectPrivilegeAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectPrivileges(srv, "badges", "billing-sync", "access_producer", "print_card")},
			},
			{
				// The user deleted out of band (with its privileges, and
				// re-created empty-handed): the privileges are created again.
				PreConfig: func() {
					if err := srv.DeleteUser("billing-sync"); err != nil {
						t.Fatal(err)
					}
					seedAPIUser(t, srv, "billing-sync")
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(projectPrivilegeAddress, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectPrivileges(srv, "badges", "billing-sync", "access_producer", "print_card")},
			},
		},
	})
}

func TestAccProjectPrivilege_validation(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	catalogue := "Valid privileges: access_producer, add_records, edit_records, deactivate_records, trash_records, erase_records, capture_photo_id, capture_signature, print_card, preview_card."
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccProjectPrivilegeConfig(srv, "badge", "billing-sync", "access_producer"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Unknown Project", `The server has no project "badge". Valid projects: badges, visitors, contractors.`),
			},
			{
				Config:      testAccProjectPrivilegeConfig(srv, "badges", "billing-sync", "access_producer", "print_cards"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Unknown Privilege", `"print_cards" is not a privilege the server knows.`, catalogue),
			},
			{
				Config:      testAccProjectPrivilegeConfig(srv, "badges", "billing-sync"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Empty Privilege Set", "remove this resource instead"),
			},
			{
				Config:      testAccProjectPrivilegeConfig(srv, "badges", "billing-sync", "print_card", "preview_card"),
				PlanOnly:    true,
				ExpectError: expectErrorText("Missing Required Privilege", `Add "access_producer" to the set.`),
			},
			{
				Config:      testAccProjectPrivilegeConfig(srv, "badges", "ghost-sync", "access_producer"),
				ExpectError: expectErrorText("Unable to Set Project Privileges", `The server has no user "ghost-sync"`),
			},
		},
	})
}

func TestAccProjectPrivilege_example(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: exampleConfig(t, srv, "resources/apiusers_project_privilege/resource.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectPrivileges(srv, "badges", "badge-printer", "access_producer", "preview_card", "print_card"),
					expectPrivileges(srv, "visitors", "badge-printer", "access_producer", "preview_card"),
					expectPrivileges(srv, "contractors", "badge-printer", "access_producer", "preview_card"),
				},
			},
			destroyForEachStep(srv, expectMock(func() error {
				if _, ok := srv.User("badge-printer"); ok {
					return fmt.Errorf("the example's user still exists after destroy")
				}
				return nil
			})),
		},
	})
}

// TestAccProjectPrivilege_deleteNotFound destroys two resources for the
// same privilege set: whichever goes second finds it gone, which must be
// success, as when a user destroyed first has taken its privileges along.
func TestAccProjectPrivilege_deleteNotFound(t *testing.T) {
	srv := newTestServer(t)
	seedAPIUser(t, srv, "billing-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccProjectPrivilegeConfig(srv, "badges", "billing-sync", "access_producer") + `
resource "apiusers_project_privilege" "twin" {
  project_id = apiusers_project_privilege.test.project_id
  login_id   = apiusers_project_privilege.test.login_id
  privileges = apiusers_project_privilege.test.privileges
}
`,
				ConfigStateChecks: []statecheck.StateCheck{expectPrivileges(srv, "badges", "billing-sync", "access_producer")},
			},
			{
				Config:            providerConfig(srv),
				ConfigStateChecks: []statecheck.StateCheck{expectPrivileges(srv, "badges", "billing-sync")},
			},
		},
	})
}
