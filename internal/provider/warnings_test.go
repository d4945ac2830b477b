package provider

import (
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// The warnings the provider gives, counted from the diagnostics it returns
// (terraform-plugin-testing does not show warnings to a test).

// warned reports an error unless a warning with summary was given between
// lo and hi times in all, each with every one of details in its detail.
func warned(rec *diagnosticRecorder, summary string, lo, hi int, details ...string) error {
	got := rec.warningsTitled(summary)
	if len(got) < lo || len(got) > hi {
		return fmt.Errorf("warning %q given %d times, want %d to %d", summary, len(got), lo, hi)
	}
	for _, w := range got {
		for _, d := range details {
			if !strings.Contains(w.detail, d) {
				return fmt.Errorf("warning %q lacks %q: %s", summary, d, w.detail)
			}
		}
	}
	return nil
}

// warnedCheck is warned as a check of a step's state.
func warnedCheck(rec *diagnosticRecorder, summary string, lo, hi int, details ...string) statecheck.StateCheck {
	return stateCheckFunc(func(*tfjson.State) error { return warned(rec, summary, lo, hi, details...) })
}

// TestAccWarnings_documentedServer: on a documented-only server, branches
// written but not read back are said once per run, not once per user, and
// an import says that the provider cannot tell an API user from a person.
func TestAccWarnings_documentedServer(t *testing.T) {
	srv := newDocumentedServer(t, mockserver.UnknownFieldsIgnore)
	rec := &diagnosticRecorder{}
	var users strings.Builder
	for i := range 3 {
		fmt.Fprintf(&users, `
resource "apiusers_api_user" "u%[1]d" {
  login_id   = "branchy-%[1]d"
  first_name = "Branch"
  last_name  = "Y"
  branch_ids = [101]
}
`, i)
	}
	mustSeed(t, srv, mockserver.SeedUser{Password: "Seed-Passw0rd9", UserRecord: mockserver.UserRecord{UserID: "adopted", FirstName: "Ad", LastName: "Opted"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{
			{
				Config: providerConfig(srv) + users.String(),
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func(*tfjson.State) error {
					configures, _ := rec.snapshot()
					got := len(rec.warningsTitled("Attributes Written but Not Read Back"))
					// At most once per provider process (each command is one),
					// although three users plan branch_ids in each.
					if got == 0 || got > configures {
						return fmt.Errorf("the written-not-read warning was given %d times over %d provider runs", got, configures)
					}
					return nil
				})},
			},
			{
				Config: providerConfig(srv) + users.String() + testAccAPIUserBlock("adopted", `
  login_id   = "adopted"
  first_name = "Ad"
  last_name  = "Opted"
`),
				ResourceName:  "apiusers_api_user.adopted",
				ImportState:   true,
				ImportStateId: "adopted",
				ImportStateCheck: func([]*terraform.InstanceState) error {
					return warned(rec, "Cannot Check That the User Is an API User", 1, 1, `"adopted"`, "apiUser")
				},
			},
		},
	})
}

// TestAccWarnings_restoreAndPasswordReset: the plan that restores a retired
// user and the plan after a password reset say why they change something.
func TestAccWarnings_restoreAndPasswordReset(t *testing.T) {
	srv := newTestServer(t)
	rec := &diagnosticRecorder{}
	mustSeed(t, srv, mockserver.SeedUser{Password: "Old-Passw0rd9", UserRecord: mockserver.UserRecord{
		UserID: "retiree", FirstName: "Re", LastName: "Tiree", APIUser: true, Status: mockserver.StatusInactive,
	}})
	config := testAccAPIUserConfig(srv, "test", `
  login_id   = "retiree"
  first_name = "Re"
  last_name  = "Tiree"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					warnedCheck(rec, "Retired API User Will Be Restored", 1, 4, `"retiree"`, "INACTIVE"),
				},
			},
			{
				PreConfig: func() {
					if err := srv.ResetPassword("retiree", "Admin-Reset-9z"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					warnedCheck(rec, "API User Password Changed Outside Terraform", 1, 4, `"retiree"`, "sets the password in state again"),
					passwordWorks(srv, "apiusers_api_user.test", "retiree", nil),
				},
			},
		},
	})
}
