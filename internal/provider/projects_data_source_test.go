package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccProjectsDataSource(t *testing.T) {
	srv := newTestServer(t)
	config := providerConfig(srv) + `
data "apiusers_projects" "all" {}

locals {
  # Refer to a project by its display name: every element carries its id.
  visitors = one([for p in data.apiusers_projects.all.projects : p.project_id if p.name == "Visitors"])
}

output "visitors" {
  value = local.visitors
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_projects.all", tfjsonpath.New("project_ids"),
						stringList("badges", "contractors", "visitors")),
					statecheck.ExpectKnownValue("data.apiusers_projects.all", tfjsonpath.New("projects"),
						knownvalue.MapExact(map[string]knownvalue.Check{
							"badges":      projectCheck("badges", "Badges"),
							"visitors":    projectCheck("visitors", "Visitors"),
							"contractors": projectCheck("contractors", "Contractors"),
						})),
					statecheck.ExpectKnownOutputValue("visitors", knownvalue.StringExact("visitors")),
				},
			},
			{
				Config: config + `
output "missing" {
  value = data.apiusers_projects.all.projects["archive"].name
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorText("Invalid index"),
			},
		},
	})
}

// projectCheck is the element of projects for the project id named name.
func projectCheck(id, name string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"project_id": knownvalue.StringExact(id),
		"name":       knownvalue.StringExact(name),
	})
}
