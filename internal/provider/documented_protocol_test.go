package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// These tests run the provider against a server that speaks only API.md
// Part A: GET /users without extension fields, 404 for every Part B path,
// no X-Sync-Error, opaque tokens. Each runs twice: with a server that
// ignores sync fields it does not know, and with a strict one that refuses
// the whole sync for them, which proves no undocumented field is sent.

// documentedServers are the two documented-only servers.
var documentedServers = []string{mockserver.UnknownFieldsIgnore, mockserver.UnknownFieldsReject}

// newDocumentedServer starts a documented-only mock whose unknown sync
// fields are handled as unknownFields says.
func newDocumentedServer(t *testing.T, unknownFields string) *mockserver.Server {
	return newTestServer(t, func(o *mockserver.Options) {
		o.Protocol = mockserver.ProtocolDocumented
		o.UnknownFields = unknownFields
	})
}

// forEachDocumentedServer runs test as a parallel subtest per documented
// server.
func forEachDocumentedServer(t *testing.T, test func(t *testing.T, srv *mockserver.Server)) {
	for _, unknown := range documentedServers {
		t.Run("unknown_fields_"+unknown, func(t *testing.T) {
			test(t, newDocumentedServer(t, unknown))
		})
	}
}

// TestAccDocumentedProtocol_lifecycle: create with a generated password,
// update the documented fields, import (by command, by block and with
// generated configuration), drift (a user deleted out of band is created
// again), and destroy.
func TestAccDocumentedProtocol_lifecycle(t *testing.T) {
	forEachDocumentedServer(t, func(t *testing.T, srv *mockserver.Server) {
		const addr = "apiusers_api_user.test"
		created := testAccAPIUserConfig(srv, "test", `
  login_id   = "payroll"
  first_name = "Payroll"
  last_name  = "Integration"
  email      = "payroll@example.com"
  branch_ids = [101]
`)
		updated := testAccAPIUserConfig(srv, "test", `
  login_id   = "payroll"
  first_name = "Billing"
  last_name  = "Sync"
  branch_ids = [102, 103]
  user_group = "API"
`)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "payroll"),
			Steps: []resource.TestStep{
				{
					Config: created,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
						// Planned null, not "known after apply": the server never reports them.
						plancheck.ExpectKnownValue(addr, at("password_changed_at"), knownvalue.Null()),
						plancheck.ExpectKnownValue(addr, at("status"), knownvalue.Null()),
						plancheck.ExpectKnownValue(addr, at("group_id"), knownvalue.Null()),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, at("key"), knownvalue.NotNull()),
						statecheck.ExpectKnownValue(addr, at("email"), knownvalue.StringExact("payroll@example.com")),
						statecheck.ExpectKnownValue(addr, at("status"), knownvalue.Null()),
						statecheck.ExpectKnownValue(addr, at("password_changed_at"), knownvalue.Null()),
						statecheck.ExpectKnownValue(addr, at("user_group"), knownvalue.Null()),
						statecheck.ExpectKnownValue(addr, at("branch_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(101)})),
						passwordWorks(srv, addr, "payroll", nil),
						serverUserCheck(srv, "payroll", func(u mockserver.UserRecord) error {
							if u.Email != "payroll@example.com" || !slices.Equal(u.BranchIDs, []int64{101}) {
								return fmt.Errorf("server holds %+v", u)
							}
							return nil
						}),
					},
				},
				{
					Config: updated,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, at("first_name"), knownvalue.StringExact("Billing")),
						statecheck.ExpectKnownValue(addr, at("email"), knownvalue.Null()),
						statecheck.ExpectKnownValue(addr, at("user_group"), knownvalue.StringExact("API")),
						passwordWorks(srv, addr, "payroll", nil),
						serverUserCheck(srv, "payroll", func(u mockserver.UserRecord) error {
							if u.FirstName != "Billing" || u.LastName != "Sync" || u.Email != "" ||
								!slices.Equal(u.BranchIDs, []int64{102, 103}) || u.UserGroup != "API" {
								return fmt.Errorf("server holds %+v", u)
							}
							return nil
						}),
					},
				},
				{
					// Branches and group are written but never read back,
					// so an import cannot know them.
					ResourceName:                         addr,
					ImportState:                          true,
					ImportStateId:                        "payroll",
					ImportStateVerify:                    true,
					ImportStateVerifyIdentifierAttribute: "login_id",
					ImportStateVerifyIgnore:              []string{"password", "password_wo", "keepers", "deletion_mode", "branch_ids", "user_group"},
				},
				{
					ResourceName:    addr,
					ImportState:     true,
					ImportStateKind: resource.ImportBlockWithID,
					GenerateConfig:  true,
				},
				{
					PreConfig: func() {
						if err := srv.DeleteUser("payroll"); err != nil {
							t.Fatal(err)
						}
					},
					Config: updated,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						passwordWorks(srv, addr, "payroll", nil),
					},
				},
			},
		})
	})
}

// TestAccDocumentedProtocol_passwords: a given and a write-only password
// work at create; a password change, an extension, is refused by such a
// server, and the error says so and what to do.
func TestAccDocumentedProtocol_passwords(t *testing.T) {
	forEachDocumentedServer(t, func(t *testing.T, srv *mockserver.Server) {
		config := func(version int) string {
			return testAccAPIUserConfig(srv, "given", `
  login_id   = "given-pw"
  first_name = "Given"
  last_name  = "Password"
  password   = "Given-Secret-1"
`) + testAccAPIUserBlock("wo", fmt.Sprintf(`
  login_id            = "wo-pw"
  first_name          = "Write"
  last_name           = "Only"
  password_wo         = "Wo-Secret-%[1]dA"
  password_wo_version = %[1]d
`, version))
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
			CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "given-pw", "wo-pw"),
			Steps: []resource.TestStep{
				{
					Config: config(1),
					ConfigStateChecks: []statecheck.StateCheck{
						passwordWorks(srv, "apiusers_api_user.given", "given-pw", nil),
						passwordsCheck(srv, "wo-pw", func() []string { return []string{"Wo-Secret-1A"} }, true),
					},
				},
				{
					Config:      config(2),
					ExpectError: wrapped("the server may not accept password changes"),
				},
				{
					// Nothing was applied: the old password still works and
					// the plan still shows the rotation.
					Config: config(1),
					ConfigStateChecks: []statecheck.StateCheck{
						passwordsCheck(srv, "wo-pw", func() []string { return []string{"Wo-Secret-1A", "Wo-Secret-2A"} }, true, false),
					},
				},
			},
		})
	})
}

// TestAccDocumentedProtocol_usersDataSource lists the users of a Part A
// server: the documented fields, and null for what it does not report.
func TestAccDocumentedProtocol_usersDataSource(t *testing.T) {
	forEachDocumentedServer(t, func(t *testing.T, srv *mockserver.Server) {
		mustSeed(t, srv, mockserver.SeedUser{Password: "Other-Passw0rd9", UserRecord: mockserver.UserRecord{
			UserID: "seeded", FirstName: "Seed", LastName: "Ed", Email: "seed@example.com",
		}})
		const addr = "data.apiusers_users.all"
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: providerConfig(srv) + `
data "apiusers_users" "all" {
  login_id_regex = "^seed"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("login_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("seeded")})),
					statecheck.ExpectKnownValue(addr, at("users").AtMapKey("seeded").AtMapKey("email"), knownvalue.StringExact("seed@example.com")),
					statecheck.ExpectKnownValue(addr, at("users").AtMapKey("seeded").AtMapKey("status"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("users").AtMapKey("seeded").AtMapKey("api_user"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("users").AtMapKey("seeded").AtMapKey("branch_ids"), knownvalue.Null()),
				},
			}},
		})
	})
}

// TestAccDocumentedProtocol_refusals: everything a Part A server cannot
// honour fails at plan time, naming the attribute and the missing extension.
func TestAccDocumentedProtocol_refusals(t *testing.T) {
	srv := newDocumentedServer(t, mockserver.UnknownFieldsIgnore)
	user := func(extra string) string {
		return testAccAPIUserConfig(srv, "u", `
  login_id   = "refused"
  first_name = "Re"
  last_name  = "Fused"
`+extra)
	}
	unsupported := func(attr, field, value string) string {
		return fmt.Sprintf("%s: the server does not report `%s` in GET /users (an extension of the Users API; see the Server API guide), so %s = %s cannot be honoured", attr, field, attr, value)
	}
	cases := []struct {
		config string
		want   string
	}{
		{user(`description = "x"`), unsupported("description", "description", `"x"`)},
		{user(`organization = "Acme"`), unsupported("organization", "organization", `"Acme"`)},
		{user(`language = "en-GB"`), unsupported("language", "language", `"en-GB"`)},
		{user(`timezone = "UTC"`), unsupported("timezone", "timezone", `"UTC"`)},
		{user(`private_note = "n"`), unsupported("private_note", "privateNote", `"n"`)},
		{user(`status = "inactive"`), unsupported("status", "status", `"inactive"`)},
		{user(`deletion_mode = "trash"`), `deletion_mode: the server does not report ` + "`status`" + ` in GET /users (an extension of the Users API; see the Server API guide), so deletion_mode = "trash" cannot be honoured`},
		{user(`deletion_mode = "deactivate"`), `so deletion_mode = "deactivate" cannot be honoured`},
		{providerConfig(srv) + `data "apiusers_users" "x" { api_users_only = true }`, "api_users_only: the server does not report `apiUser` in GET /users"},
		{providerConfig(srv) + `data "apiusers_users" "x" { status = "active" }`, "status: the server does not report `status` in GET /users"},
		{providerConfig(srv) + `data "apiusers_users" "x" { branch_id = 101 }`, "branch_id: the server does not report `branchIds` in GET /users"},
		{providerConfig(srv) + `resource "apiusers_role_assignment" "x" {
  role_id  = "api_default"
  login_id = "admin"
}`, "apiusers_role_assignment needs the roles extension of the Users API (see the Server API guide), which this server does not offer"},
		{providerConfig(srv) + `resource "apiusers_project_privilege" "x" {
  project_id = "badges"
  login_id   = "admin"
  privileges = ["access_producer"]
}`, "apiusers_project_privilege needs the projects and privileges extension"},
		{providerConfig(srv) + `data "apiusers_roles" "x" {}`, "apiusers_roles needs the roles extension"},
		{providerConfig(srv) + `data "apiusers_projects" "x" {}`, "apiusers_projects needs the projects and privileges extension"},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: wrapped(c.want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccServerExtensions_none: server_extensions = "none" treats even an
// extended server as speaking Part A alone, without asking it anything
// about the extensions.
func TestAccServerExtensions_none(t *testing.T) {
	srv := newTestServer(t)
	provider := providerConfigWith(srv, `server_extensions = "none"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "plain"),
		Steps: []resource.TestStep{
			{
				Config: provider + testAccAPIUserBlock("u", `
  login_id    = "plain"
  first_name  = "Plain"
  last_name   = "User"
  description = "x"
`),
				PlanOnly:    true,
				ExpectError: wrapped("description: the server does not report `description` in GET /users"),
			},
			{
				Config:      provider + `data "apiusers_roles" "x" {}`,
				PlanOnly:    true,
				ExpectError: wrapped(`the roles extension of the Users API (see the Server API guide) is not used, because the provider's server_extensions setting is "none"`),
			},
			{
				Config: provider + testAccAPIUserBlock("u", `
  login_id   = "plain"
  first_name = "Plain"
  last_name  = "User"
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("apiusers_api_user.u", at("status"), knownvalue.Null()),
					statecheck.ExpectKnownValue("apiusers_api_user.u", at("password_changed_at"), knownvalue.Null()),
					passwordWorks(srv, "apiusers_api_user.u", "plain", nil),
				},
			},
		},
	})
	if n := srv.Requests("GET", mockserver.RouteRoles); n != 0 {
		t.Errorf("GET /roles was sent %d times with server_extensions = none; want 0", n)
	}
}
