package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccRolesDataSource(t *testing.T) {
	srv := newTestServer(t)
	config := providerConfig(srv) + `
data "apiusers_roles" "all" {}

# Every element carries its id, so a plain for expression over the
# elements finds a role by its display name.
output "api_default" {
  value = one([for r in data.apiusers_roles.all.roles : r.role_id if r.name == "API default role"])
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_roles.all", tfjsonpath.New("role_ids"),
						stringList("account_admin", "api_default", "read_only", "reports")),
					statecheck.ExpectKnownValue("data.apiusers_roles.all", tfjsonpath.New("roles"), knownvalue.MapSizeExact(4)),
					statecheck.ExpectKnownValue("data.apiusers_roles.all", tfjsonpath.New("roles").AtMapKey("api_default"),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"role_id":     knownvalue.StringExact("api_default"),
							"name":        knownvalue.StringExact("API default role"),
							"description": knownvalue.StringExact("Read and write data through the API."),
						})),
					statecheck.ExpectKnownOutputValue("api_default", knownvalue.StringExact("api_default")),
				},
			},
			{
				// A configuration that relies on a role the server lacks
				// fails at plan time.
				Config: config + `
output "missing" {
  value = data.apiusers_roles.all.roles["billing_admin"].name
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorText("Invalid index", `The given key does not identify an element in this collection value.`),
			},
		},
	})
}
