package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// TestNewCatalogueDataModels: each catalogue's element carries the object's
// id beside what the server says of it.
func TestNewCatalogueDataModels(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ got, want any }{
		"role": {
			newRoleDataModel(client.Role{RoleID: "api_default", Name: "API default role", Description: "Read and write."}),
			roleDataModel{RoleID: types.StringValue("api_default"), Name: types.StringValue("API default role"), Description: types.StringValue("Read and write.")},
		},
		"role without description": {
			newRoleDataModel(client.Role{RoleID: "x", Name: "X"}),
			roleDataModel{RoleID: types.StringValue("x"), Name: types.StringValue("X"), Description: types.StringValue("")},
		},
		"project": {
			newProjectDataModel(client.Project{ProjectID: "badges", Name: "Badges"}),
			projectDataModel{ProjectID: types.StringValue("badges"), Name: types.StringValue("Badges")},
		},
		"branch": {
			newBranchDataModel(client.Branch{BranchID: 101, Name: "Head office"}),
			branchDataModel{BranchID: types.Int64Value(101), Name: types.StringValue("Head office")},
		},
		"group": {
			newGroupDataModel(client.Group{GroupID: 4, Name: "API"}),
			groupDataModel{GroupID: types.Int64Value(4), Name: types.StringValue("API")},
		},
	}
	for name, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %+v, want %+v", name, tt.got, tt.want)
		}
	}
}

// TestCatalogueListedError: a catalogue that cannot be read fails its data
// source with the catalogue's plural ("branches", not "branchs") in the
// summary and in the request.
func TestCatalogueListedError(t *testing.T) {
	t.Parallel()
	c := branchCatalogue
	c.list = func(*store.Store, context.Context) ([]client.Branch, error) { return nil, errors.New("boom") }
	var diags diag.Diagnostics
	if items := c.listed(t.Context(), nil, "apiusers_branches", &diags); items != nil || len(diags) != 1 {
		t.Fatalf("listed() = %v, %v; want nothing and one error", items, diags)
	}
	if d := diags[0]; d.Summary() != "Unable to Read Branches" || !strings.Contains(d.Detail(), "(GET /branches)") || !strings.Contains(d.Detail(), "boom") {
		t.Errorf("error = %q: %q, want Unable to Read Branches naming GET /branches and the cause", d.Summary(), d.Detail())
	}
}

// TestAccCatalogueDataSources_missingExtension: on a server without the
// branch or group catalogue (404), or with server_extensions = "none", the
// data source fails, naming the catalogue the server lacks.
func TestAccCatalogueDataSources_missingExtension(t *testing.T) {
	documented := newDocumentedServer(t, documentedServers[0])
	none := providerConfigWith(newTestServer(t), `server_extensions = "none"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerConfig(documented) + `data "apiusers_branches" "x" {}`,
				PlanOnly:    true,
				ExpectError: expectErrorText("Server Lacks an Extension", "apiusers_branches needs the branch catalogue extension", "which this server does not offer", "GET /branches answered 404"),
			},
			{
				Config:      providerConfig(documented) + `data "apiusers_groups" "x" {}`,
				PlanOnly:    true,
				ExpectError: expectErrorText("Server Lacks an Extension", "apiusers_groups needs the group catalogue extension", "which this server does not offer", "GET /groups answered 404"),
			},
			{
				Config:      none + `data "apiusers_branches" "x" {}`,
				PlanOnly:    true,
				ExpectError: expectErrorText("apiusers_branches needs the branch catalogue extension", `server_extensions setting is "none"`),
			},
		},
	})
}

// TestAccCatalogueDataSources_examples runs the documented examples of the
// catalogue data sources, each looking an element up by display name.
func TestAccCatalogueDataSources_examples(t *testing.T) {
	tests := map[string][]statecheck.StateCheck{
		"apiusers_roles": {
			statecheck.ExpectKnownOutputValue("api_default_role_id", knownvalue.StringExact("api_default")),
			statecheck.ExpectKnownOutputValue("role_ids", stringList("account_admin", "api_default", "read_only", "reports")),
		},
		"apiusers_projects": {
			statecheck.ExpectKnownOutputValue("badges_project_id", knownvalue.StringExact("badges")),
			statecheck.ExpectKnownOutputValue("project_ids", stringList("badges", "contractors", "visitors")),
		},
		"apiusers_branches": {
			statecheck.ExpectKnownOutputValue("branch_101_id", knownvalue.Int64Exact(101)),
			statecheck.ExpectKnownOutputValue("branch_ids", int64List(101, 102, 103, 104, 105, 106, 107, 108, 109, 110)),
		},
		"apiusers_groups": {
			statecheck.ExpectKnownOutputValue("api_group_id", knownvalue.Int64Exact(4)),
			statecheck.ExpectKnownOutputValue("group_ids", int64List(1, 2, 3, 4)),
		},
	}
	for typeName, checks := range tests {
		t.Run(typeName, func(t *testing.T) {
			srv := newTestServer(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            exampleConfig(t, srv, "data-sources/"+typeName+"/data-source.tf"),
					ConfigStateChecks: checks,
				}},
			})
		})
	}
}

// int64List is a check of a list of exactly these numbers, in this order.
func int64List(values ...int64) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.Int64Exact(v)
	}
	return knownvalue.ListExact(checks)
}

// catalogueElement is the check of an element of a numeric catalogue
// (branches, groups): its own id, under idAttr, and its name.
func catalogueElement(idAttr string, id int64, name string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		idAttr: knownvalue.Int64Exact(id),
		"name": knownvalue.StringExact(name),
	})
}
