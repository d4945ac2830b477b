package provider

import (
	"net/http"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// seedListTenant seeds the tenant the list tests read: three API users, a
// person, their roles and privileges. The person's and the administrator's
// (account_admin) must stay out of what api_users_only lists.
func seedListTenant(t *testing.T, srv *mockserver.Server) {
	t.Helper()
	for _, u := range []mockserver.SeedUser{
		{UserRecord: mockserver.UserRecord{UserID: "billing-sync", FirstName: "Billing", LastName: "Sync", Email: "billing@example.com", BranchIDs: []int64{101}, APIUser: true}, Password: "Billing-Seed-Passw0rd"},
		{UserRecord: mockserver.UserRecord{UserID: "crm-sync", FirstName: "CRM", LastName: "Sync", APIUser: true}, Password: "Crm-Seed-Passw0rd"},
		{UserRecord: mockserver.UserRecord{UserID: "payroll.export", FirstName: "Payroll", LastName: "Export", Status: "INACTIVE", APIUser: true}, Password: "Payroll-Seed-Passw0rd"},
		{UserRecord: mockserver.UserRecord{UserID: "dwalker", FirstName: "Dana", LastName: "Walker"}, Password: "Dana-Seed-Passw0rd"},
	} {
		mustSeed(t, srv, u)
	}
	for role, logins := range map[string][]string{
		"api_default": {"billing-sync", "crm-sync"},
		"reports":     {"billing-sync", "dwalker"},
		"read_only":   {"payroll.export"},
	} {
		for _, login := range logins {
			if err := srv.AssignRole(role, login); err != nil {
				t.Fatal(err)
			}
		}
	}
	for project, byLogin := range map[string]map[string][]string{
		"badges":   {"billing-sync": {"access_producer", "print_card"}, "dwalker": {"access_producer"}},
		"visitors": {"crm-sync": {"access_producer"}},
	} {
		for login, privileges := range byLogin {
			if err := srv.SetPrivileges(project, login, privileges); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// listQuery is the query file of TestAccListResources: each list resource,
// with and without filters. The provider block is the configuration's,
// beside it.
const listQuery = `
list "apiusers_api_user" "all" {
  provider = apiusers
}

list "apiusers_api_user" "sync_active" {
  provider         = apiusers
  include_resource = true
  config {
    login_id_regex = "-sync$"
    branch_id      = 101
  }
}

list "apiusers_role_assignment" "api_users" {
  provider = apiusers
  config {
    api_users_only = true
  }
}

list "apiusers_role_assignment" "reports" {
  provider = apiusers
  config {
    role_id = "reports"
  }
}

list "apiusers_project_privilege" "billing" {
  provider         = apiusers
  include_resource = true
  config {
    login_id = "BILLING-SYNC"
  }
}

list "apiusers_user_roles" "api_users" {
  provider         = apiusers
  include_resource = true
  config {
    api_users_only = true
  }
}
`

// TestAccListResources runs terraform query over a seeded tenant: each list
// resource lists what its data source would, with the resource's identity
// and (include_resource) its state as an import gives it, and the whole
// query reads the users once and each role's holders and project's
// privileges at most once.
func TestAccListResources(t *testing.T) {
	srv := newTestServer(t)
	seedListTenant(t, srv)
	str := knownvalue.StringExact
	query := listQuery
	acc.ParallelTest(t, queryTestCase(srv,
		acc.TestStep{
			PreConfig: srv.ResetRequests,
			Query:     true,
			Config:    query,
			QueryResultChecks: []querycheck.QueryResultCheck{
				// People are never listed as API users.
				querycheck.ExpectLength("apiusers_api_user.all", 3),
				querycheck.ExpectIdentity("apiusers_api_user.all", map[string]knownvalue.Check{"login_id": str("payroll.export")}),
				querycheck.ExpectLength("apiusers_api_user.sync_active", 1),
				querycheck.ExpectResourceKnownValues("apiusers_api_user.sync_active",
					queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"login_id": str("billing-sync")}),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("email"), KnownValue: str("billing@example.com")},
						{Path: tfjsonpath.New("status"), KnownValue: str("active")},
						{Path: tfjsonpath.New("deletion_mode"), KnownValue: str("delete")},
						{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
					}),
				// The person's reports and the admin's account_admin
				// stay out.
				querycheck.ExpectLength("apiusers_role_assignment.api_users", 4),
				querycheck.ExpectIdentity("apiusers_role_assignment.api_users", map[string]knownvalue.Check{"role_id": str("read_only"), "login_id": str("payroll.export")}),
				querycheck.ExpectLength("apiusers_role_assignment.reports", 2),
				querycheck.ExpectIdentity("apiusers_role_assignment.reports", map[string]knownvalue.Check{"role_id": str("reports"), "login_id": str("dwalker")}),
				// login_id is compared case-insensitively.
				querycheck.ExpectLength("apiusers_project_privilege.billing", 1),
				querycheck.ExpectResourceKnownValues("apiusers_project_privilege.billing",
					queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"project_id": str("badges"), "login_id": str("billing-sync")}),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("privileges"), KnownValue: knownvalue.SetExact([]knownvalue.Check{str("access_producer"), str("print_card")})},
						{Path: tfjsonpath.New("id"), KnownValue: str("badges/billing-sync")},
					}),
				querycheck.ExpectLength("apiusers_user_roles.api_users", 3),
				querycheck.ExpectResourceKnownValues("apiusers_user_roles.api_users",
					queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"login_id": str("billing-sync")}),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("role_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{str("api_default"), str("reports")})},
					}),
			},
		},
		acc.TestStep{
			// The query above was one provider process: one list of
			// users for all six blocks, each role's holders once (for
			// both role assignment blocks and the user roles block),
			// each project's privileges once (the privileges block
			// names no project), each catalogue once.
			PreConfig: func() {
				expectRequests(t, srv, "terraform query of six list blocks", map[[2]string]int{
					{http.MethodGet, mockserver.RouteAuth}:                  1,
					{http.MethodGet, mockserver.RouteUsers}:                 1,
					{http.MethodGet, mockserver.RouteRoles}:                 1,
					{http.MethodGet, mockserver.RouteRoleUsers}:             4,
					{http.MethodGet, mockserver.RouteProjects}:              1,
					{http.MethodGet, mockserver.RouteProjectPrivileges}:     3,
					{http.MethodGet, mockserver.RouteProjectUserPrivileges}: 0,
					{http.MethodPut, mockserver.RouteSync}:                  0,
				})
			},
			Query:             true,
			Config:            query,
			QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("apiusers_api_user.all", 3)},
		},
	))
}

// TestAccListResources_validation refuses a bad filter before anything is
// listed.
func TestAccListResources_validation(t *testing.T) {
	srv := newTestServer(t)
	acc.ParallelTest(t, queryTestCase(srv,
		acc.TestStep{
			Query: true,
			Config: `
list "apiusers_api_user" "bad" {
  provider = apiusers
  config {
    login_id_regex = "("
  }
}
`,
			ExpectError: expectErrorText("Invalid Regular Expression"),
		},
		acc.TestStep{
			Query: true,
			Config: `
list "apiusers_role_assignment" "bad" {
  provider = apiusers
  config {
    role_id = "no_such_role"
  }
}
`,
			ExpectError: expectErrorText("Unknown Role", "api_default"),
		},
	))
}

// TestAccListResources_documentedServer lists on a server that speaks the
// documented protocol alone: apiusers_api_user lists every user (without
// apiUser it cannot tell people apart, and warns), and the role assignments
// fail as the resource does, naming the missing extension.
func TestAccListResources_documentedServer(t *testing.T) {
	srv := newDocumentedServer(t, mockserver.UnknownFieldsReject)
	seedListTenant(t, srv)
	acc.ParallelTest(t, queryTestCase(srv,
		acc.TestStep{
			Query: true,
			Config: `
list "apiusers_api_user" "all" {
  provider = apiusers
}
`,
			// The three API users, the person and the administrator.
			QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("apiusers_api_user.all", 5)},
		},
		acc.TestStep{
			Query: true,
			Config: `
list "apiusers_role_assignment" "api_users" {
  provider = apiusers
  config {
    api_users_only = true
  }
}
`,
			ExpectError: expectErrorText("Server Lacks an Extension", "roles extension"),
		},
	))
}

// queryTestCase is a test of list resources on srv: skipped below Terraform
// 1.14, and with the provider's configuration written first, since a query
// step writes only the query file beside it.
func queryTestCase(srv *mockserver.Server, steps ...acc.TestStep) acc.TestCase {
	return acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    append([]acc.TestStep{{Config: providerConfig(srv)}}, steps...),
	}
}
