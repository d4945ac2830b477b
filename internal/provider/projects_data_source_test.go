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

func TestNewProjectDataModel(t *testing.T) {
	t.Parallel()
	got := newProjectDataModel(client.Project{ProjectID: "badges", Name: "Badges"})
	if want := (projectDataModel{Name: types.StringValue("Badges")}); got != want {
		t.Errorf("newProjectDataModel() = %v, want %v", got, want)
	}
}

func TestAccProjectsDataSource(t *testing.T) {
	srv := newTestServer(t)
	config := providerConfig(srv) + `
data "apiusers_projects" "all" {}

locals {
  # Refer to a project by its display name.
  visitors = one([for id, p in data.apiusers_projects.all.projects : id if p.name == "Visitors"])
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
							"badges":      knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("Badges")}),
							"visitors":    knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("Visitors")}),
							"contractors": knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("Contractors")}),
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

func TestAccProjectsDataSource_example(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: exampleConfig(t, srv, "data-sources/apiusers_projects/data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("badges_project_id", knownvalue.StringExact("badges")),
				statecheck.ExpectKnownOutputValue("project_ids", stringList("badges", "contractors", "visitors")),
			},
		}},
	})
}
