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

// TestAccReactivationWarning: a user disabled on the server while state
// held it active (an incident) is re-activated only with a warning naming
// it; a re-activation the configuration asks for itself (inactive, then
// active) gives none.
func TestAccReactivationWarning(t *testing.T) {
	srv := newTestServer(t)
	rec := &diagnosticRecorder{}
	const summary = "Plan Re-Activates a User Disabled Outside Terraform"
	config := func(status string) string {
		return testAccAPIUserConfig(srv, "test", fmt.Sprintf(`
  login_id   = "incident-sync"
  first_name = "Incident"
  last_name  = "Sync"
  status     = %q
`, status))
	}
	seen := 0
	count := func(lo, hi int) statecheck.StateCheck {
		return stateCheckFunc(func(*tfjson.State) error {
			n := len(rec.warningsTitled(summary))
			if n < lo || n > hi {
				return fmt.Errorf("%d warnings %q in all, want %d to %d", n, summary, lo, hi)
			}
			seen = n
			return nil
		})
	}
	unchanged := stateCheckFunc(func(*tfjson.State) error {
		if n := len(rec.warningsTitled(summary)); n != seen {
			return fmt.Errorf("%d warnings %q, want still %d: a re-activation the configuration asked for was warned about", n, summary, seen)
		}
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{
			{Config: config("active"), ConfigStateChecks: []statecheck.StateCheck{count(0, 0)}},
			{
				PreConfig: func() {
					if err := srv.ModifyUser("incident-sync", func(u *mockserver.UserRecord) { u.Status = mockserver.StatusInactive }); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("active"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("apiusers_api_user.test", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					warnedCheck(rec, summary, 1, 4, `"incident-sync"`, "disabled it outside this configuration", "apiusers_deactivate"),
					count(1, 4),
				},
			},
			{Config: config("inactive"), ConfigStateChecks: []statecheck.StateCheck{unchanged}},
			{Config: config("active"), ConfigStateChecks: []statecheck.StateCheck{unchanged}},
		},
	})
}
