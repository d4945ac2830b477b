package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestAccTokenExpires: token_expires is what the server reports, on create
// (0, the server's default), after the server's value changes outside
// Terraform (a refresh reads it and the plan stays empty, since nothing
// Terraform sets differs), on import, and in both data sources.
func TestAccTokenExpires(t *testing.T) {
	srv := newTestServer(t)
	const addr, login = "apiusers_api_user.tok", "token-life"
	user := testAccAPIUserBlock("tok", `
  login_id   = "`+login+`"
  first_name = "Token"
  last_name  = "Life"
`)
	sources := `
data "apiusers_user" "tok" {
  login_id = apiusers_api_user.tok.login_id
}

data "apiusers_users" "all" {
  depends_on = [apiusers_api_user.tok]
}
`
	tokenExpires := func(v int64) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_expires"), knownvalue.Int64Exact(v)),
			statecheck.ExpectKnownValue("data.apiusers_user.tok", tfjsonpath.New("token_expires"), knownvalue.Int64Exact(v)),
			statecheck.ExpectKnownValue("data.apiusers_users.all",
				tfjsonpath.New("users").AtMapKey(login).AtMapKey("token_expires"), knownvalue.Int64Exact(v)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerConfig(srv) + user + sources,
				ConfigStateChecks: tokenExpires(0),
			},
			{
				PreConfig: func() {
					if err := srv.ModifyUser(login, func(u *mockserver.UserRecord) { u.TokenExpires = 3600 }); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerConfig(srv) + user + sources,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: tokenExpires(3600),
			},
			{
				ResourceName:                         addr,
				ImportState:                          true,
				ImportStateId:                        login,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "login_id",
				ImportStateVerifyIgnore:              []string{"deletion_mode", "password"}, // never read from the server
			},
		},
	})
}
