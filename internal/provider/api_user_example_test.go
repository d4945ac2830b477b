package provider

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestAccAPIUser_example applies the documented example, so the
// documentation cannot drift from what the provider accepts.
func TestAccAPIUser_example(t *testing.T) {
	example, err := os.ReadFile("../../examples/resources/apiusers_api_user/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t)
	const reportsPassword = "Example-Secret-9"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy: func(*terraform.State) error {
			if u, found := srv.User("payroll-sync"); !found || u.Status != mockserver.StatusInactive {
				return fmt.Errorf("deletion_mode deactivate: want payroll-sync kept INACTIVE, got found=%t status %s", found, u.Status)
			}
			return testAccCheckAPIUserDestroyed(srv, "reports-reader")(nil)
		},
		Steps: []resource.TestStep{{
			Config:          providerConfig(srv) + string(example),
			ConfigVariables: config.Variables{"reports_password": config.StringVariable(reportsPassword)},
			ConfigStateChecks: []statecheck.StateCheck{
				passwordWorks(srv, "apiusers_api_user.payroll", "payroll-sync", nil),
				passwordsCheck(srv, "reports-reader", func() []string { return []string{reportsPassword} }, true),
			},
		}},
	})
}
