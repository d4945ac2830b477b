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

// stringListValue is a framework list of strings, for the mappers' tests.
func stringListValue(values ...string) types.List {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}

func TestNewRoleHoldersDataModel(t *testing.T) {
	t.Parallel()
	listType := types.ListType{ElemType: types.StringType}
	tests := map[string]struct {
		roleID  types.String
		holders map[string][]string
		want    roleHoldersDataSourceModel
	}{
		"one role": {
			roleID:  types.StringValue("api_default"),
			holders: map[string][]string{"api_default": {"crm-sync", "Billing-Sync"}},
			want: roleHoldersDataSourceModel{
				RoleID: types.StringValue("api_default"),
				Holders: types.MapValueMust(listType, map[string]attr.Value{
					"api_default": stringListValue("Billing-Sync", "crm-sync"),
				}),
				LoginIDs: stringListValue("Billing-Sync", "crm-sync"),
			},
		},
		"every role: login_ids once each, a role nobody holds empty": {
			roleID: types.StringNull(),
			holders: map[string][]string{
				"api_default":   {"svc-b", "svc-a"},
				"read_only":     {"svc-a"},
				"account_admin": {"admin"},
				"reports":       nil,
			},
			want: roleHoldersDataSourceModel{
				RoleID: types.StringNull(),
				Holders: types.MapValueMust(listType, map[string]attr.Value{
					"api_default":   stringListValue("svc-a", "svc-b"),
					"read_only":     stringListValue("svc-a"),
					"account_admin": stringListValue("admin"),
					"reports":       stringListValue(),
				}),
				LoginIDs: stringListValue("admin", "svc-a", "svc-b"),
			},
		},
		"no roles": {
			roleID:  types.StringNull(),
			holders: map[string][]string{},
			want: roleHoldersDataSourceModel{
				RoleID:   types.StringNull(),
				Holders:  types.MapValueMust(listType, map[string]attr.Value{}),
				LoginIDs: stringListValue(),
			},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, diags := newRoleHoldersDataModel(t.Context(), tt.roleID, tt.holders)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if diff := cmp.Diff(tt.want, got, modelCmp); diff != "" {
				t.Errorf("newRoleHoldersDataModel() (-want +got):\n%s", diff)
			}
		})
	}
}

// seedRoleHolders seeds API users and gives them roles on the mock.
func seedRoleHolders(t *testing.T, srv *mockserver.Server, roles map[string][]string) {
	t.Helper()
	seeded := map[string]bool{}
	for roleID, logins := range roles {
		for _, login := range logins {
			if !seeded[login] {
				seedAPIUser(t, srv, login)
				seeded[login] = true
			}
			if err := srv.AssignRole(roleID, login); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestAccRoleHoldersDataSource_basic(t *testing.T) {
	srv := newTestServer(t)
	seedRoleHolders(t, srv, map[string][]string{
		"api_default": {"crm-sync", "Payroll.Export"},
		"read_only":   {"crm-sync"},
	})
	admin := srv.AdminUsername()
	config := providerConfig(srv) + `
data "apiusers_role_holders" "api_default" {
  role_id = "api_default"
}

data "apiusers_role_holders" "reports" {
  role_id = "reports"
}

data "apiusers_role_holders" "all" {}

data "apiusers_users" "all" {}

# Holders are spelled like the keys of apiusers_users.
output "holder_names" {
  value = [for id in data.apiusers_role_holders.api_default.login_ids : data.apiusers_users.all.users[id].first_name]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_role_holders.api_default", at("login_ids"), stringList("Payroll.Export", "crm-sync")),
					statecheck.ExpectKnownValue("data.apiusers_role_holders.api_default", at("holders"), knownvalue.MapExact(map[string]knownvalue.Check{
						"api_default": stringList("Payroll.Export", "crm-sync"),
					})),
					statecheck.ExpectKnownValue("data.apiusers_role_holders.reports", at("login_ids"), stringList()),
					statecheck.ExpectKnownValue("data.apiusers_role_holders.reports", at("holders"), knownvalue.MapExact(map[string]knownvalue.Check{
						"reports": stringList(),
					})),
					statecheck.ExpectKnownValue("data.apiusers_role_holders.all", at("role_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.apiusers_role_holders.all", at("holders"), knownvalue.MapExact(map[string]knownvalue.Check{
						"account_admin": stringList(admin),
						"api_default":   stringList("Payroll.Export", "crm-sync"),
						"read_only":     stringList("crm-sync"),
						"reports":       stringList(),
					})),
					statecheck.ExpectKnownValue("data.apiusers_role_holders.all", at("login_ids"), stringList("Payroll.Export", admin, "crm-sync")),
					statecheck.ExpectKnownOutputValue("holder_names", stringList("Seeded", "Seeded")),
				},
			},
			{
				// A role given outside Terraform shows at the next read.
				PreConfig: func() {
					if err := srv.AssignRole("reports", "crm-sync"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_role_holders.reports", at("login_ids"), stringList("crm-sync")),
				},
			},
		},
	})
}

// TestAccRoleHoldersDataSource_requestCounts: data sources for the same
// role and the role assignments' reads share the store's per-role cache:
// one GET /roles/{roleId}/users per role and plan.
func TestAccRoleHoldersDataSource_requestCounts(t *testing.T) {
	srv := newTestServer(t)
	seedRoleHolders(t, srv, map[string][]string{"api_default": {"crm-sync"}})
	seedAPIUser(t, srv, "svc-new")
	config := providerConfig(srv) + `
resource "apiusers_role_assignment" "new" {
  role_id  = "api_default"
  login_id = "svc-new"
}

data "apiusers_role_holders" "one" {
  role_id = "api_default"
}

data "apiusers_role_holders" "two" {
  role_id = "api_default"
}

data "apiusers_role_holders" "three" {
  role_id = "api_default"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_role_holders.three", at("login_ids"), stringList("crm-sync", "svc-new")),
				},
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				PlanOnly:  true,
			},
			{
				// The PlanOnly step above runs two plans; each reads the
				// three data sources (and the refreshing one the role
				// assignment too) with one list of the role's holders.
				PreConfig: func() {
					expectRequests(t, srv, "a PlanOnly step with 3 holders data sources for one role and its assignment", map[[2]string]int{
						{http.MethodGet, mockserver.RouteRoleUsers}: 2,
						{http.MethodGet, mockserver.RouteRoles}:     2,
						{http.MethodGet, mockserver.RouteUsers}:     2,
						{http.MethodGet, mockserver.RouteUser}:      0,
					})
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

func TestAccRoleHoldersDataSource_unknownRole(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv) + `
data "apiusers_role_holders" "typo" {
  role_id = "billing_admin"
}
`,
			PlanOnly: true,
			ExpectError: expectErrorText("Unknown Role", `role_id = "billing_admin"`, `The server has no role "billing_admin"`,
				"Valid roles: account_admin, api_default, read_only, reports."),
		}},
	})
	if n := srv.Requests(http.MethodGet, mockserver.RouteRoleUsers); n != 0 {
		t.Errorf("GET /roles/{roleId}/users was sent %d times for an unknown role; want 0", n)
	}
}

// TestAccRoleHoldersDataSource_documentedProtocol: a server without the
// roles extension, and server_extensions = "none", fail the plan with the
// provider's missing-extension error.
func TestAccRoleHoldersDataSource_documentedProtocol(t *testing.T) {
	documented := newDocumentedServer(t, mockserver.UnknownFieldsIgnore)
	extended := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerConfig(documented) + `data "apiusers_role_holders" "all" {}`,
				PlanOnly:    true,
				ExpectError: wrapped("apiusers_role_holders needs the roles extension of the Users API (see the Server API guide), which this server does not offer"),
			},
			{
				Config: providerConfig(documented) + `
data "apiusers_role_holders" "one" {
  role_id = "api_default"
}
`,
				PlanOnly:    true,
				ExpectError: wrapped("Server Lacks an Extension"),
			},
			{
				Config:      providerConfigWith(extended, `server_extensions = "none"`) + `data "apiusers_role_holders" "all" {}`,
				PlanOnly:    true,
				ExpectError: wrapped(`the roles extension of the Users API (see the Server API guide) is not used, because the provider's server_extensions setting is "none"`),
			},
		},
	})
	if n := extended.Requests(http.MethodGet, mockserver.RouteRoleUsers); n != 0 {
		t.Errorf("GET /roles/{roleId}/users was sent %d times with server_extensions = none; want 0", n)
	}
}

func TestAccRoleHoldersDataSource_example(t *testing.T) {
	srv := newTestServer(t)
	seedRoleHolders(t, srv, map[string][]string{
		"api_default": {"crm-sync", "billing-sync"},
		"reports":     {"billing-sync"},
	})
	admin := srv.AdminUsername()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: exampleConfig(t, srv, "data-sources/apiusers_role_holders/data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("account_admins", stringList(admin)),
				statecheck.ExpectKnownOutputValue("role_assignment_ids", stringList(
					"account_admin/"+admin, "api_default/billing-sync", "api_default/crm-sync", "reports/billing-sync")),
			},
		}},
	})
}
