package provider

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

func TestNewProjectPrivilegesDataModel(t *testing.T) {
	t.Parallel()
	byLoginType := types.MapType{ElemType: types.ListType{ElemType: types.StringType}}
	tests := map[string]struct {
		projectID  types.String
		privileges map[string]map[string][]string
		want       projectPrivilegesDataSourceModel
	}{
		"one project, privileges sorted": {
			projectID: types.StringValue("badges"),
			privileges: map[string]map[string][]string{
				"badges": {"crm-sync": {"print_card", "access_producer"}, "Billing-Sync": {"access_producer"}},
			},
			want: projectPrivilegesDataSourceModel{
				ProjectID: types.StringValue("badges"),
				Privileges: types.MapValueMust(byLoginType, map[string]attr.Value{
					"badges": types.MapValueMust(byLoginType.ElemType, map[string]attr.Value{
						"crm-sync":     stringListValue("access_producer", "print_card"),
						"Billing-Sync": stringListValue("access_producer"),
					}),
				}),
				LoginIDs: stringListValue("Billing-Sync", "crm-sync"),
			},
		},
		"every project: login_ids once each, a project without privileges empty": {
			projectID: types.StringNull(),
			privileges: map[string]map[string][]string{
				"badges":      {"svc-a": {"access_producer"}},
				"visitors":    {"svc-a": {"access_producer", "add_records"}, "svc-b": {"access_producer"}},
				"contractors": {},
			},
			want: projectPrivilegesDataSourceModel{
				ProjectID: types.StringNull(),
				Privileges: types.MapValueMust(byLoginType, map[string]attr.Value{
					"badges": types.MapValueMust(byLoginType.ElemType, map[string]attr.Value{
						"svc-a": stringListValue("access_producer"),
					}),
					"visitors": types.MapValueMust(byLoginType.ElemType, map[string]attr.Value{
						"svc-a": stringListValue("access_producer", "add_records"),
						"svc-b": stringListValue("access_producer"),
					}),
					"contractors": types.MapValueMust(byLoginType.ElemType, map[string]attr.Value{}),
				}),
				LoginIDs: stringListValue("svc-a", "svc-b"),
			},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, diags := newProjectPrivilegesDataModel(t.Context(), tt.projectID, tt.privileges)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if diff := cmp.Diff(tt.want, got, modelCmp); diff != "" {
				t.Errorf("newProjectPrivilegesDataModel() (-want +got):\n%s", diff)
			}
		})
	}
}

// seedPrivileges seeds API users and sets their privileges on the mock:
// project -> login id -> privileges.
func seedPrivileges(t *testing.T, srv *mockserver.Server, privileges map[string]map[string][]string) {
	t.Helper()
	seeded := map[string]bool{}
	for projectID, byLogin := range privileges {
		for login, set := range byLogin {
			if _, exists := srv.User(login); !exists && !seeded[login] {
				seedAPIUser(t, srv, login)
			}
			seeded[login] = true
			if err := srv.SetPrivileges(projectID, login, set); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// privilegesByLogin is the known value of one project's privileges.
func privilegesByLogin(byLogin map[string][]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(byLogin))
	for login, set := range byLogin {
		checks[login] = stringList(set...)
	}
	return knownvalue.MapExact(checks)
}

func TestAccProjectPrivilegesDataSource_basic(t *testing.T) {
	srv := newTestServer(t)
	seedPrivileges(t, srv, map[string]map[string][]string{
		"badges":   {"crm-sync": {"print_card", "access_producer"}, "Payroll.Export": {"access_producer", "preview_card"}},
		"visitors": {"crm-sync": {"access_producer"}},
	})
	config := providerConfig(srv) + `
data "apiusers_project_privileges" "badges" {
  project_id = "badges"
}

data "apiusers_project_privileges" "contractors" {
  project_id = "contractors"
}

data "apiusers_project_privileges" "all" {}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.badges", at("privileges"), knownvalue.MapExact(map[string]knownvalue.Check{
						"badges": privilegesByLogin(map[string][]string{
							"crm-sync":       {"access_producer", "print_card"},
							"Payroll.Export": {"access_producer", "preview_card"},
						}),
					})),
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.badges", at("login_ids"), stringList("Payroll.Export", "crm-sync")),
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.contractors", at("privileges"), knownvalue.MapExact(map[string]knownvalue.Check{
						"contractors": knownvalue.MapExact(map[string]knownvalue.Check{}),
					})),
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.contractors", at("login_ids"), stringList()),
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.all", at("project_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.all", at("privileges"), knownvalue.MapExact(map[string]knownvalue.Check{
						"badges": privilegesByLogin(map[string][]string{
							"crm-sync":       {"access_producer", "print_card"},
							"Payroll.Export": {"access_producer", "preview_card"},
						}),
						"visitors":    privilegesByLogin(map[string][]string{"crm-sync": {"access_producer"}}),
						"contractors": knownvalue.MapExact(map[string]knownvalue.Check{}),
					})),
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.all", at("login_ids"), stringList("Payroll.Export", "crm-sync")),
				},
			},
			{
				// Privileges changed outside Terraform show at the next read.
				PreConfig: func() {
					if err := srv.SetPrivileges("contractors", "crm-sync", []string{"access_producer", "trash_records"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.contractors", at("privileges").AtMapKey("contractors"),
						privilegesByLogin(map[string][]string{"crm-sync": {"access_producer", "trash_records"}})),
				},
			},
		},
	})
}

// TestAccProjectPrivilegesDataSource_requestCounts: data sources for the
// same project and the privilege resources' reads share the store's
// per-project cache: one GET /projects/{projectId}/privileges per project
// and plan, never one per user.
func TestAccProjectPrivilegesDataSource_requestCounts(t *testing.T) {
	srv := newTestServer(t)
	seedPrivileges(t, srv, map[string]map[string][]string{"badges": {"crm-sync": {"access_producer"}}})
	seedAPIUser(t, srv, "svc-new")
	config := providerConfig(srv) + `
resource "apiusers_project_privilege" "new" {
  project_id = "badges"
  login_id   = "svc-new"
  privileges = ["access_producer", "preview_card"]
}

data "apiusers_project_privileges" "one" {
  project_id = "badges"
}

data "apiusers_project_privileges" "two" {
  project_id = "badges"
}

data "apiusers_project_privileges" "three" {
  project_id = "badges"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_project_privileges.three", at("privileges").AtMapKey("badges"), privilegesByLogin(map[string][]string{
						"crm-sync": {"access_producer"},
						"svc-new":  {"access_producer", "preview_card"},
					})),
				},
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				PlanOnly:  true,
			},
			{
				// The PlanOnly step above runs two plans; each reads the
				// three data sources (and the refreshing one the resource
				// too) with one list of the project's privileges.
				PreConfig: func() {
					expectRequests(t, srv, "a PlanOnly step with 3 privileges data sources for one project and its resource", map[[2]string]int{
						{http.MethodGet, mockserver.RouteProjectPrivileges}:     2,
						{http.MethodGet, mockserver.RouteProjectUserPrivileges}: 0,
						{http.MethodGet, mockserver.RouteProjects}:              2,
						{http.MethodGet, mockserver.RouteUsers}:                 2,
					})
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

func TestAccProjectPrivilegesDataSource_unknownProject(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv) + `
data "apiusers_project_privileges" "typo" {
  project_id = "archive"
}
`,
			PlanOnly: true,
			ExpectError: expectErrorText("Unknown Project", `project_id = "archive"`, `The server has no project "archive"`,
				"Valid projects: badges, visitors, contractors."),
		}},
	})
}

// TestAccProjectPrivilegesDataSource_documentedProtocol: a server without
// the projects extension, and server_extensions = "none", fail the plan
// with the provider's missing-extension error.
func TestAccProjectPrivilegesDataSource_documentedProtocol(t *testing.T) {
	documented := newDocumentedServer(t, mockserver.UnknownFieldsIgnore)
	extended := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerConfig(documented) + `data "apiusers_project_privileges" "all" {}`,
				PlanOnly:    true,
				ExpectError: wrapped("apiusers_project_privileges needs the projects and privileges extension of the Users API (see the Server API guide), which this server does not offer"),
			},
			{
				Config:      providerConfigWith(extended, `server_extensions = "none"`) + `data "apiusers_project_privileges" "all" {}`,
				PlanOnly:    true,
				ExpectError: wrapped(`the projects and privileges extension of the Users API (see the Server API guide) is not used, because the provider's server_extensions setting is "none"`),
			},
		},
	})
	if n := extended.Requests(http.MethodGet, mockserver.RouteProjectPrivileges); n != 0 {
		t.Errorf("GET /projects/{projectId}/privileges was sent %d times with server_extensions = none; want 0", n)
	}
}

func TestAccProjectPrivilegesDataSource_example(t *testing.T) {
	srv := newTestServer(t)
	seedPrivileges(t, srv, map[string]map[string][]string{
		"badges":   {"crm-sync": {"access_producer", "print_card"}, "billing-sync": {"access_producer", "preview_card"}, "card-printer": {"access_producer", "print_card"}},
		"visitors": {"billing-sync": {"access_producer"}},
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: exampleConfig(t, srv, "data-sources/apiusers_project_privileges/data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("badge_printers", stringList("card-printer", "crm-sync")),
				statecheck.ExpectKnownOutputValue("project_privilege_ids", stringList(
					"badges/billing-sync", "badges/card-printer", "badges/crm-sync", "visitors/billing-sync")),
			},
		}},
	})
}
