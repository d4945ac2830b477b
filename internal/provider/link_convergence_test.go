package provider

import (
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestAccLinks_existingRefused: a role assignment or privilege set the
// server already holds is not taken over by a create: the plan fails with
// the import block.
func TestAccLinks_existingRefused(t *testing.T) {
	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{Password: "Seed-Passw0rd9", UserRecord: mockserver.UserRecord{
		UserID: "held-by-hand", FirstName: "Held", LastName: "ByHand", APIUser: true,
	}})
	if err := srv.AssignRole("reports", "held-by-hand"); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetPrivileges("badges", "held-by-hand", []string{"access_producer", "add_records", "print_card"}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(srv) + `
resource "apiusers_role_assignment" "x" {
  role_id  = "reports"
  login_id = "held-by-hand"
}`,
				PlanOnly:    true,
				ExpectError: wrapped(`The server already holds apiusers_role_assignment "reports/held-by-hand"`),
			},
			{
				Config: providerConfig(srv) + `
resource "apiusers_project_privilege" "x" {
  project_id = "badges"
  login_id   = "held-by-hand"
  privileges = ["access_producer"]
}`,
				PlanOnly:    true,
				ExpectError: wrapped(`import {   to = apiusers_project_privilege.<NAME>   id = "badges/held-by-hand" }`),
			},
		},
	})
}

// TestAccLinks_taint: a tainted link is replaced, not refused as existing.
func TestAccLinks_taint(t *testing.T) {
	srv := newTestServer(t)
	config := testAccAPIUserConfig(srv, "u", `
  login_id   = "linked"
  first_name = "Lin"
  last_name  = "Ked"
`) + `
resource "apiusers_role_assignment" "x" {
  role_id  = "reports"
  login_id = apiusers_api_user.u.login_id
}

resource "apiusers_project_privilege" "x" {
  project_id = "badges"
  login_id   = apiusers_api_user.u.login_id
  privileges = ["access_producer"]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Taint:  []string{"apiusers_role_assignment.x", "apiusers_project_privilege.x"},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("apiusers_role_assignment.x", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("apiusers_project_privilege.x", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectPrivileges(srv, "badges", "linked", "access_producer"),
				},
			},
		},
	})
}

// TestAccLinks_userReplacedKeepsBindings: replacing a user (here: tainted)
// deletes it on the server, and with it its role and privileges; the role
// and privilege resources do not change, so Terraform does not apply them
// again. The new user gets them back in the same apply, so the plan after
// it is empty and the server holds what the configuration says.
func TestAccLinks_userReplacedKeepsBindings(t *testing.T) {
	srv := newTestServer(t)
	config := testAccAPIUserConfig(srv, "u", `
  login_id   = "replaced"
  first_name = "Re"
  last_name  = "Placed"
`) + `
resource "apiusers_role_assignment" "x" {
  role_id  = "reports"
  login_id = apiusers_api_user.u.login_id
}

resource "apiusers_project_privilege" "x" {
  project_id = "badges"
  login_id   = apiusers_api_user.u.login_id
  privileges = ["access_producer", "print_card"]
}
`
	holdsReports := stateCheckFunc(func(*tfjson.State) error {
		if !containsFold(srv.RoleHolders("reports"), "replaced") {
			return fmt.Errorf("role holders %v lack the replaced user", srv.RoleHolders("reports"))
		}
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Taint:  []string{"apiusers_api_user.u"},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("apiusers_api_user.u", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("apiusers_role_assignment.x", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					holdsReports,
					expectPrivileges(srv, "badges", "replaced", "access_producer", "print_card"),
				},
			},
		},
	})
}
