package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestUserDataSourceSchemaIsAUsersElement: apiusers_user has exactly the
// attributes of an element of apiusers_users, of the same types, so that
// one user reads the same whichever of the two a configuration uses.
func TestUserDataSourceSchemaIsAUsersElement(t *testing.T) {
	t.Parallel()
	var resp datasource.SchemaResponse
	NewUserDataSource().Schema(t.Context(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	attrs := resp.Schema.Attributes
	var usersResp datasource.SchemaResponse
	NewUsersDataSource().Schema(t.Context(), datasource.SchemaRequest{}, &usersResp)
	elemType, diags := elementType(t.Context(), usersResp.Schema, "users")
	if diags.HasError() {
		t.Fatal(diags)
	}
	element := elemType.(types.ObjectType).AttrTypes
	if len(attrs) != len(element) {
		t.Errorf("apiusers_user has %d attributes, an element of apiusers_users %d", len(attrs), len(element))
	}
	for name, typ := range element {
		a, ok := attrs[name]
		if !ok {
			t.Errorf("apiusers_user lacks %s", name)
			continue
		}
		if !a.GetType().Equal(typ) {
			t.Errorf("%s is %s in apiusers_user, %s in apiusers_users", name, a.GetType(), typ)
		}
		if a.GetMarkdownDescription() == "" {
			t.Errorf("%s has no MarkdownDescription", name)
		}
		if want := name == "login_id"; a.IsRequired() != want {
			t.Errorf("%s: required = %v, want %v", name, a.IsRequired(), want)
		}
	}
}

func TestAccUserDataSource_basic(t *testing.T) {
	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{UserRecord: mockserver.UserRecord{
		UserID: "billing-sync", FirstName: "Billing", LastName: "Sync", APIUser: true, BranchIDs: []int64{101, 102},
		Description: "invoices to the ledger", Organization: "Example", Status: "INACTIVE",
	}, Password: "Seed-Passw0rd-1"})
	mustSeed(t, srv, mockserver.SeedUser{UserRecord: mockserver.UserRecord{
		UserID: "Payroll.Export", FirstName: "Payroll", LastName: "Export", Email: "payroll@example.com",
	}})
	billing, _ := srv.User("billing-sync")

	config := providerConfig(srv) + `
data "apiusers_users" "all" {}

data "apiusers_user" "billing" {
  login_id = "billing-sync"
}

# Login ids are case-insensitive.
data "apiusers_user" "payroll" {
  login_id = "PAYROLL.export"
}

data "apiusers_user" "again" {
  login_id = "billing-sync"
}

data "apiusers_user" "admin" {
  login_id = "` + srv.AdminUsername() + `"
}

# The same object as the element of apiusers_users.
output "same_as_users_element" {
  value = data.apiusers_user.billing == data.apiusers_users.all.users["billing-sync"]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("key"), knownvalue.Int64Exact(billing.Key)),
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("first_name"), knownvalue.StringExact("Billing")),
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("description"), knownvalue.StringExact("invoices to the ledger")),
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("organization"), knownvalue.StringExact("Example")),
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("status"), knownvalue.StringExact("inactive")),
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("api_user"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("user_group"), knownvalue.StringExact("API")),
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("branch_ids"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(101), knownvalue.Int64Exact(102)})),
					statecheck.ExpectKnownValue("data.apiusers_user.billing", at("email"), knownvalue.Null()),
					statecheck.ExpectKnownOutputValue("same_as_users_element", knownvalue.Bool(true)),
					// Found case-insensitively; the configuration's spelling is kept.
					statecheck.ExpectKnownValue("data.apiusers_user.payroll", at("login_id"), knownvalue.StringExact("PAYROLL.export")),
					statecheck.ExpectKnownValue("data.apiusers_user.payroll", at("email"), knownvalue.StringExact("payroll@example.com")),
					statecheck.ExpectKnownValue("data.apiusers_user.payroll", at("api_user"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.apiusers_user.admin", at("user_group"), knownvalue.StringExact("Admin")),
				},
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				PlanOnly:  true,
			},
			{
				// Four apiusers_user and one apiusers_users read one GET
				// /users per plan (the PlanOnly step above runs two), and
				// never a request per user.
				PreConfig: func() {
					expectRequests(t, srv, "a PlanOnly step reading 5 user data sources", map[[2]string]int{
						{http.MethodGet, mockserver.RouteUsers}: 2,
						{http.MethodGet, mockserver.RouteUser}:  0,
					})
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

func TestAccUserDataSource_notFound(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv) + `
data "apiusers_user" "missing" {
  login_id = "nobody-here"
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorText("User Not Found", `The server has no user "nobody-here"`, "Correct login_id"),
		}},
	})
}

// TestAccUserDataSource_documentedProtocol: a Part A server has users, so
// apiusers_user works there, with null for what it does not report.
func TestAccUserDataSource_documentedProtocol(t *testing.T) {
	forEachDocumentedServer(t, func(t *testing.T, srv *mockserver.Server) {
		mustSeed(t, srv, mockserver.SeedUser{Password: "Other-Passw0rd9", UserRecord: mockserver.UserRecord{
			UserID: "seeded", FirstName: "Seed", LastName: "Ed", Email: "seed@example.com",
		}})
		const addr = "data.apiusers_user.seeded"
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: providerConfig(srv) + `
data "apiusers_user" "seeded" {
  login_id = "seeded"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("email"), knownvalue.StringExact("seed@example.com")),
					statecheck.ExpectKnownValue(addr, at("status"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("api_user"), knownvalue.Null()),
				},
			}},
		})
	})
}

func TestAccUserDataSource_example(t *testing.T) {
	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{UserRecord: mockserver.UserRecord{
		UserID: "billing-sync", FirstName: "Billing", LastName: "Sync", APIUser: true, BranchIDs: []int64{101, 103},
	}, Password: "Seed-Passw0rd-1"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: exampleConfig(t, srv, "data-sources/apiusers_user/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("billing_branch_ids", knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(101), knownvalue.Int64Exact(103)})),
					expectPrivileges(srv, "badges", "billing-sync", "access_producer", "preview_card"),
				},
			},
			{
				// The precondition stops privileges for an inactive user.
				PreConfig: func() {
					if err := srv.ModifyUser("billing-sync", func(u *mockserver.UserRecord) { u.Status = "INACTIVE" }); err != nil {
						t.Fatal(err)
					}
				},
				Config:      exampleConfig(t, srv, "data-sources/apiusers_user/data-source.tf"),
				PlanOnly:    true,
				ExpectError: expectErrorText("billing-sync is inactive, not active."),
			},
		},
	})
}
