package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// TestAccGroupsDataSource: the groups keyed by id, each carrying its id as a
// number, found by name with a plain for expression.
func TestAccGroupsDataSource(t *testing.T) {
	srv := newTestServer(t)
	const data = "data.apiusers_groups.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv) + `
data "apiusers_groups" "all" {}

output "guest" {
  value = one([for g in data.apiusers_groups.all.groups : g.group_id if g.name == "Guest"])
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(data, at("group_ids"), int64List(1, 2, 3, 4)),
				statecheck.ExpectKnownValue(data, at("groups"), knownvalue.MapExact(map[string]knownvalue.Check{
					"1": catalogueElement("group_id", 1, "Admin"),
					"2": catalogueElement("group_id", 2, "User"),
					"3": catalogueElement("group_id", 3, "Guest"),
					"4": catalogueElement("group_id", 4, "API"),
				})),
				statecheck.ExpectKnownOutputValue("guest", knownvalue.Int64Exact(3)),
			},
		}},
	})
}
