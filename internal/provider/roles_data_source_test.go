package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestNewRoleDataModel(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   client.Role
		want roleDataModel
	}{
		"full":           {in: client.Role{RoleID: "api_default", Name: "API default role", Description: "Read and write."}, want: roleDataModel{Name: types.StringValue("API default role"), Description: types.StringValue("Read and write.")}},
		"no description": {in: client.Role{RoleID: "x", Name: "X"}, want: roleDataModel{Name: types.StringValue("X"), Description: types.StringValue("")}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := newRoleDataModel(tt.in); got != tt.want {
				t.Errorf("newRoleDataModel() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAccRolesDataSource(t *testing.T) {
	srv := newTestServer(t)
	config := providerConfig(srv) + `
data "apiusers_roles" "all" {}
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
							"name":        knownvalue.StringExact("API default role"),
							"description": knownvalue.StringExact("Read and write data through the API."),
						})),
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

func TestAccRolesDataSource_example(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: exampleConfig(t, srv, "data-sources/apiusers_roles/data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("api_default_role_id", knownvalue.StringExact("api_default")),
				statecheck.ExpectKnownOutputValue("role_ids", stringList("account_admin", "api_default", "read_only", "reports")),
			},
		}},
	})
}
