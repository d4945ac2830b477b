package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// threeUsers plans three writes, so that an error per resource would show.
const threeUsers = `
resource "apiusers_api_user" "svc" {
  count      = 3
  login_id   = format("admin-check-%d", count.index)
  first_name = "Admin"
  last_name  = "Check"
}
`

// TestAccAccountAdminCheck: configured as an API user without
// account_admin, a plan that only reads works, and a plan that writes fails
// once (not once per resource), naming the user and the role, having
// written nothing.
func TestAccAccountAdminCheck(t *testing.T) {
	srv := newTestServer(t)
	seedRunner(t, srv, "weak-bot", false)
	rec := &diagnosticRecorder{}
	w := &writeWatch{srv: srv}
	as := providerConfigAs(srv, "weak-bot", runnerPassword)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{
			{Config: as + "\ndata \"apiusers_roles\" \"all\" {}\n"},
			{
				Config: as + threeUsers, PlanOnly: true, PreConfig: w.mark,
				ExpectError: expectErrorText("Provider's User Lacks account_admin", `authenticates as "weak-bot"`, `does not hold the role "account_admin"`),
			},
			{
				Config: as + "\ndata \"apiusers_roles\" \"all\" {}\n",
				ConfigStateChecks: []statecheck.StateCheck{w.none(), stateCheckFunc(func(*tfjson.State) error {
					_, errs := rec.snapshot()
					n := 0
					for _, e := range errs {
						if e.summary == "Provider's User Lacks account_admin" {
							n++
						}
					}
					if n != 1 || len(errs) != 1 {
						return fmt.Errorf("the refused plan gave %d errors, %d of them the account_admin one, want exactly that one once", len(errs), n)
					}
					return nil
				})},
			},
		},
	})
}

// TestAccAccountAdminCheck_documentedServer: a server without the roles
// extension cannot say who holds account_admin, so nothing is checked.
func TestAccAccountAdminCheck_documentedServer(t *testing.T) {
	srv := newDocumentedServer(t, mockserver.UnknownFieldsIgnore)
	seedRunner(t, srv, "weak-bot", false)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfigAs(srv, "weak-bot", runnerPassword) + threeUsers, PlanOnly: true, ExpectNonEmptyPlan: true,
		}},
	})
	if n := srv.Requests(http.MethodGet, mockserver.RouteRoleUsers); n != 0 {
		t.Errorf("GET /roles/{roleId}/users called %d times on a server without roles", n)
	}
}

// TestAccPersons: a person's login id is refused at create as a person
// that cannot be managed as an API user, with no import advice (extended
// server); on a documented-only server, where persons cannot be told
// apart, the import says that destroy deletes the account, and so does
// the plan that destroys it; a removed block keeps the account.
func TestAccPersons(t *testing.T) {
	t.Run("extended", func(t *testing.T) {
		srv := newTestServer(t)
		mustSeed(t, srv, mockserver.SeedUser{Password: runnerPassword, UserRecord: mockserver.UserRecord{
			UserID: "jane", FirstName: "Jane", LastName: "Doe", Status: mockserver.StatusActive,
		}})
		rec := &diagnosticRecorder{}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: rec.factories(),
			Steps: []resource.TestStep{
				{
					Config: testAccAPIUserConfig(srv, "jane", "  login_id = \"Jane\"\n  first_name = \"Jane\"\n  last_name = \"Doe\"\n"), PlanOnly: true,
					ExpectError: expectErrorText("Login ID Belongs to a Person", `a person (not an API user) with login id "jane"`, "cannot be managed as an API user"),
				},
				{Config: providerConfig(srv), ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func(*tfjson.State) error {
					_, errs := rec.snapshot()
					for _, e := range errs {
						if strings.Contains(e.detail, "import {") {
							return fmt.Errorf("the person's error advises an import: %s", e.detail)
						}
					}
					return nil
				})}},
			},
		})
	})
	t.Run("documented", func(t *testing.T) {
		srv := newDocumentedServer(t, mockserver.UnknownFieldsIgnore)
		mustSeed(t, srv, mockserver.SeedUser{Password: runnerPassword, UserRecord: mockserver.UserRecord{
			UserID: "maybe-jane", FirstName: "Jane", LastName: "Doe", Status: mockserver.StatusActive,
		}})
		rec := &diagnosticRecorder{}
		adopted := testAccAPIUserConfig(srv, "maybe", "  login_id = \"maybe-jane\"\n  first_name = \"Jane\"\n  last_name = \"Doe\"\n") +
			"\nimport {\n  to = apiusers_api_user.maybe\n  id = \"maybe-jane\"\n}\n"
		kept := stateCheckFunc(func(*tfjson.State) error {
			if _, ok := srv.User("maybe-jane"); !ok {
				return fmt.Errorf("the account was deleted")
			}
			return nil
		})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: rec.factories(),
			Steps: []resource.TestStep{
				{Config: adopted, ConfigStateChecks: []statecheck.StateCheck{
					warnedCheck(rec, "Cannot Check That the User Is an API User", 1, 1, `"maybe-jane"`, "terraform destroy", "deletes the account", "destroy = false"),
				}},
				{Config: providerConfig(srv), PlanOnly: true, ExpectNonEmptyPlan: true},
				{
					Config: providerConfig(srv) + "\nremoved {\n  from = apiusers_api_user.maybe\n  lifecycle {\n    destroy = false\n  }\n}\n",
					ConfigStateChecks: []statecheck.StateCheck{
						warnedCheck(rec, "Destroy Deletes an Imported Account", 1, 10, `"maybe-jane"`, "deletes the account", "destroy = false"),
						kept,
					},
				},
			},
		})
	})
}
