package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// testAccAPIUserConfig is the provider block for srv and one
// apiusers_api_user named name with body as its arguments.
func testAccAPIUserConfig(srv *mockserver.Server, name, body string) string {
	return providerConfig(srv) + testAccAPIUserBlock(name, body)
}

func testAccAPIUserBlock(name, body string) string {
	return fmt.Sprintf(`
resource "apiusers_api_user" %[1]q {
%[2]s
}
`, name, body)
}

// testAccCheckAPIUserDestroyed is a CheckDestroy asserting the users are
// gone from the server.
func testAccCheckAPIUserDestroyed(srv *mockserver.Server, loginIDs ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, id := range loginIDs {
			if u, found := srv.User(id); found {
				return fmt.Errorf("user %q still exists after destroy (status %s)", id, u.Status)
			}
		}
		return nil
	}
}

// stateCheckFunc adapts a function to statecheck.StateCheck, for assertions
// knownvalue cannot express (what the server holds, a password working).
type stateCheckFunc func(*tfjson.State) error

func (f stateCheckFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(req.State)
}

// serverUserCheck asserts on the user as the mock holds it.
func serverUserCheck(srv *mockserver.Server, loginID string, check func(mockserver.UserRecord) error) statecheck.StateCheck {
	return stateCheckFunc(func(*tfjson.State) error {
		u, found := srv.User(loginID)
		if !found {
			return fmt.Errorf("user %q not found on the server", loginID)
		}
		return check(u)
	})
}

// stateAttribute returns one attribute of a resource in state.
func stateAttribute(state *tfjson.State, address, attribute string) (any, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil, fmt.Errorf("no state")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues[attribute], nil
		}
	}
	return nil, fmt.Errorf("%s not in state", address)
}

// authStatus calls the mock's GET /auth over HTTP with the credentials, as
// an integration would, and returns the status code. The password is never
// printed.
func authStatus(srv *mockserver.Server, loginID, password string) (int, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL()+mockserver.RouteAuth, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("username", loginID)
	req.Header.Set("password", password)
	req.Header.Set("appName", "acceptance-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// mustSeed inserts a user on the mock as if created outside Terraform.
func mustSeed(t *testing.T, srv *mockserver.Server, u mockserver.SeedUser) {
	t.Helper()
	if err := srv.SeedUser(u); err != nil {
		t.Fatal(err)
	}
}

func at(name string) tfjsonpath.Path { return tfjsonpath.New(name) }

func TestAccAPIUser_basic(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.test"
	samePassword := statecheck.CompareValue(compare.ValuesSame())
	sameKey := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "payroll"),
		Steps: []resource.TestStep{
			{
				Config: testAccAPIUserConfig(srv, "test", `
  login_id   = "payroll"
  first_name = "Payroll"
  last_name  = "Integration"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("id"), knownvalue.StringExact("payroll")),
					statecheck.ExpectKnownValue(addr, at("key"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, at("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(addr, at("deletion_mode"), knownvalue.StringExact("delete")),
					statecheck.ExpectKnownValue(addr, at("user_group"), knownvalue.StringExact("API")),
					statecheck.ExpectKnownValue(addr, at("group_id"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(addr, at("email"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("branch_ids"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("password"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, at("password_changed_at"), knownvalue.NotNull()),
					statecheck.ExpectSensitiveValue(addr, at("password")),
					samePassword.AddStateValue(addr, at("password")),
					sameKey.AddStateValue(addr, at("key")),
					serverUserCheck(srv, "payroll", func(u mockserver.UserRecord) error {
						if !u.APIUser || u.Status != mockserver.StatusActive {
							return fmt.Errorf("want an active API user, got apiUser %t status %s", u.APIUser, u.Status)
						}
						return nil
					}),
				},
			},
			{
				// Every attribute changes in place; the status change
				// never replaces the user.
				Config: testAccAPIUserConfig(srv, "test", `
  login_id      = "payroll"
  first_name    = "Billing"
  last_name     = "Sync"
  email         = "billing@example.com"
  description   = "billing export"
  organization  = "Acme"
  language      = "en-GB"
  timezone      = "Europe/Berlin"
  private_note  = "owned by finance"
  branch_ids    = [103, 101]
  user_group    = "Guest"
  status        = "inactive"
  deletion_mode = "delete"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					// group_id is resolved from the groups catalogue at plan time.
					plancheck.ExpectKnownValue(addr, at("group_id"), knownvalue.Int64Exact(3)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("first_name"), knownvalue.StringExact("Billing")),
					statecheck.ExpectKnownValue(addr, at("last_name"), knownvalue.StringExact("Sync")),
					statecheck.ExpectKnownValue(addr, at("email"), knownvalue.StringExact("billing@example.com")),
					statecheck.ExpectKnownValue(addr, at("description"), knownvalue.StringExact("billing export")),
					statecheck.ExpectKnownValue(addr, at("organization"), knownvalue.StringExact("Acme")),
					statecheck.ExpectKnownValue(addr, at("language"), knownvalue.StringExact("en-GB")),
					statecheck.ExpectKnownValue(addr, at("timezone"), knownvalue.StringExact("Europe/Berlin")),
					statecheck.ExpectKnownValue(addr, at("private_note"), knownvalue.StringExact("owned by finance")),
					statecheck.ExpectKnownValue(addr, at("branch_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(101), knownvalue.Int64Exact(103)})),
					statecheck.ExpectKnownValue(addr, at("user_group"), knownvalue.StringExact("Guest")),
					statecheck.ExpectKnownValue(addr, at("group_id"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(addr, at("status"), knownvalue.StringExact("inactive")),
					samePassword.AddStateValue(addr, at("password")),
					sameKey.AddStateValue(addr, at("key")),
					serverUserCheck(srv, "payroll", func(u mockserver.UserRecord) error {
						if u.FirstName != "Billing" || u.Email != "billing@example.com" || u.Organization != "Acme" || u.Timezone != "Europe/Berlin" ||
							!slices.Equal(u.BranchIDs, []int64{101, 103}) || u.GroupID != 3 || u.Status != mockserver.StatusInactive {
							return fmt.Errorf("server holds %+v", u)
						}
						return nil
					}),
				},
			},
			{
				// Switching to group_id, trashing, and removing the
				// optional attributes clears them on the server.
				Config: testAccAPIUserConfig(srv, "test", `
  login_id   = "payroll"
  first_name = "Billing"
  last_name  = "Sync"
  group_id   = 2
  status     = "trash"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, at("user_group"), knownvalue.StringExact("User")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("email"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("organization"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("language"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("timezone"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("private_note"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("branch_ids"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("user_group"), knownvalue.StringExact("User")),
					statecheck.ExpectKnownValue(addr, at("status"), knownvalue.StringExact("trash")),
					sameKey.AddStateValue(addr, at("key")),
					serverUserCheck(srv, "payroll", func(u mockserver.UserRecord) error {
						if u.Email != "" || u.Description != "" || u.Organization != "" || u.Language != "" || u.PrivateNote != "" ||
							len(u.BranchIDs) != 0 || u.GroupID != 2 || u.Status != mockserver.StatusTrash {
							return fmt.Errorf("server holds %+v", u)
						}
						return nil
					}),
				},
			},
			{
				Config: testAccAPIUserConfig(srv, "test", `
  login_id   = "payroll"
  first_name = "Billing"
  last_name  = "Sync"
  group_id   = 2
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("status"), knownvalue.StringExact("active")),
					sameKey.AddStateValue(addr, at("key")),
				},
			},
		},
	})
}

func TestAccAPIUser_import(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "reports"),
		Steps: []resource.TestStep{
			{
				Config: testAccAPIUserConfig(srv, "test", `
  login_id     = "reports"
  first_name   = "Reports"
  last_name    = "Integration"
  email        = "reports@example.com"
  organization = "Acme"
  branch_ids   = [102]
  group_id     = 4
`),
			},
			{
				ResourceName:                         addr,
				ImportState:                          true,
				ImportStateId:                        "reports",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "login_id",
				ImportStateVerifyIgnore:              []string{"password", "password_wo", "keepers", "deletion_mode"},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// terraform plan -generate-config-out: the generated
				// configuration must plan clean (the framework fails the
				// step on any change).
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
			},
		},
	})
}

// TestAccAPIUser_importSeeded adopts a user created outside Terraform with
// an import block: the plan imports without changes, the user keeps its
// password, and the next plan is empty.
func TestAccAPIUser_importSeeded(t *testing.T) {
	srv := newTestServer(t)
	seed := mockserver.SeedUser{Password: "Old-Passw0rd9", UserRecord: mockserver.UserRecord{
		UserID: "legacy", FirstName: "Legacy", LastName: "Export", Description: "nightly export",
		BranchIDs: []int64{101, 104}, APIUser: true, Language: "de-CH", Timezone: "Europe/Zurich",
	}}
	mustSeed(t, srv, seed)
	const addr = "apiusers_api_user.legacy"
	config := testAccAPIUserConfig(srv, "legacy", `
  login_id    = "legacy"
  first_name  = "Legacy"
  last_name   = "Export"
  description = "nightly export"
  branch_ids  = [101, 104]
  language    = "de-CH"
  timezone    = "Europe/Zurich"
`)
	passwordKept := stateCheckFunc(func(*tfjson.State) error {
		if !srv.CheckPassword("legacy", seed.Password) {
			return fmt.Errorf("the imported user's server password changed")
		}
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config + `
import {
  to = apiusers_api_user.legacy
  id = "legacy"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("password"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, at("user_group"), knownvalue.StringExact("API")),
					statecheck.ExpectKnownValue(addr, at("email"), knownvalue.Null()),
					passwordKept,
				},
			},
			{
				Config:   config,
				PlanOnly: true,
			},
			{
				// A change after import is an update that still leaves the
				// password alone.
				Config: testAccAPIUserConfig(srv, "legacy", `
  login_id    = "legacy"
  first_name  = "Legacy"
  last_name   = "Export"
  description = "nightly export, v2"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, at("password"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{passwordKept},
			},
		},
	})
}

// TestAccAPIUser_importCommand is `terraform import apiusers_api_user.x id`
// of a user created outside Terraform, then an empty plan.
func TestAccAPIUser_importCommand(t *testing.T) {
	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{Password: "Old-Passw0rd9", UserRecord: mockserver.UserRecord{
		UserID: "Legacy.Sync", FirstName: "Legacy", LastName: "Sync", APIUser: true,
	}})
	config := testAccAPIUserConfig(srv, "x", `
  login_id   = "Legacy.Sync"
  first_name = "Legacy"
  last_name  = "Sync"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       "apiusers_api_user.x",
				ImportState:        true,
				ImportStateId:      "legacy.sync", // case-insensitive, as on the server
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["login_id"] != "Legacy.Sync" {
						return fmt.Errorf("want login_id as the server spells it, got %v", states)
					}
					return nil
				},
			},
			{
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

func TestAccAPIUser_importPerson(t *testing.T) {
	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{Password: "Person-Passw0rd", UserRecord: mockserver.UserRecord{
		UserID: "alice", FirstName: "Alice", LastName: "Smith", APIUser: false,
	}})
	config := testAccAPIUserConfig(srv, "alice", `
  login_id   = "alice"
  first_name = "Alice"
  last_name  = "Smith"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        config,
				ResourceName:  "apiusers_api_user.alice",
				ImportState:   true,
				ImportStateId: "alice",
				ExpectError:   regexp.MustCompile(`User "alice" is a person \(apiUser false\), not an API user`),
			},
			{
				Config:        config,
				ResourceName:  "apiusers_api_user.alice",
				ImportState:   true,
				ImportStateId: "nobody",
				ExpectError:   regexp.MustCompile(`No user with login id "nobody" exists`),
			},
		},
	})
}

// TestAccAPIUser_existingLoginID: creating a login id the server already
// has fails at plan, with an import block ready to paste.
func TestAccAPIUser_existingLoginID(t *testing.T) {
	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{Password: "Taken-Passw0rd", UserRecord: mockserver.UserRecord{
		UserID: "jdoe", FirstName: "J", LastName: "Doe", APIUser: true,
	}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccAPIUserConfig(srv, "dup", `
  login_id   = "JDoe"
  first_name = "J"
  last_name  = "Doe"
`),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)API User Already Exists.*replace <NAME> with\s+this\s+resource's\s+name.*` +
				`import \{\s+to = apiusers_api_user\.<NAME>\s+id = "jdoe"\s+\}`),
		}},
	})
}

// TestAccAPIUser_disappears: a user deleted out of band leaves state with a
// warning and is created again; a field edited out of band is updated back
// in place.
func TestAccAPIUser_disappears(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.test"
	config := testAccAPIUserConfig(srv, "test", `
  login_id    = "drifter"
  first_name  = "Drift"
  last_name   = "Test"
  description = "managed by terraform"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "drifter"),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := srv.DeleteUser("drifter"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					serverUserCheck(srv, "drifter", func(mockserver.UserRecord) error { return nil }),
				},
			},
			{
				PreConfig: func() {
					if err := srv.ModifyUser("drifter", func(u *mockserver.UserRecord) {
						u.Description = "edited in the product"
						u.Email = "someone@example.com"
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("description"), knownvalue.StringExact("managed by terraform")),
					statecheck.ExpectKnownValue(addr, at("email"), knownvalue.Null()),
					serverUserCheck(srv, "drifter", func(u mockserver.UserRecord) error {
						if u.Description != "managed by terraform" || u.Email != "" {
							return fmt.Errorf("drift not corrected: %+v", u)
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccAPIUser_deletionMode: trash and deactivate keep the record and
// only change its status on destroy.
func TestAccAPIUser_deletionMode(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			for id, want := range map[string]string{"trashed": mockserver.StatusTrash, "paused": mockserver.StatusInactive} {
				u, found := srv.User(id)
				if !found || u.Status != want {
					return fmt.Errorf("after destroy want %q kept with status %s, got found=%t status %s", id, want, found, u.Status)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: providerConfig(srv) +
				testAccAPIUserBlock("trashed", `
  login_id      = "trashed"
  first_name    = "T"
  last_name     = "Rash"
  deletion_mode = "trash"
`) + testAccAPIUserBlock("paused", `
  login_id      = "paused"
  first_name    = "P"
  last_name     = "Aused"
  deletion_mode = "deactivate"
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("apiusers_api_user.trashed", at("deletion_mode"), knownvalue.StringExact("trash")),
				statecheck.ExpectKnownValue("apiusers_api_user.paused", at("deletion_mode"), knownvalue.StringExact("deactivate")),
			},
		}},
	})
}

// TestAccAPIUser_activeLimit: the server's active-API-user limit surfaces as
// a readable apply error where the plan does not check it (the provider's
// max_active_api_users = 0 overrides the limit GET /limits reports; the
// plan-time check: active_slots_test.go).
func TestAccAPIUser_activeLimit(t *testing.T) {
	srv := newTestServer(t, func(o *mockserver.Options) { o.MaxActiveAPIUsers = 1 })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfigWith(srv, "max_active_api_users = 0") +
				testAccAPIUserBlock("one", `
  login_id   = "one"
  first_name = "One"
  last_name  = "Integration"
`) + testAccAPIUserBlock("two", `
  login_id   = "two"
  first_name = "Two"
  last_name  = "Integration"
`),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create API User.*at\s+most\s+1\s+API\s+users\s+may\s+be\s+ACTIVE\s+at\s+once`),
		}},
	})
}

// TestAccAPIUser_unconfiguredProvider: while the endpoint is unknown
// (computed by another resource) the plan cannot reach the server, so the
// server-side checks are skipped instead of failing the plan; here the login
// id exists, which a configured provider reports at plan time.
func TestAccAPIUser_unconfiguredProvider(t *testing.T) {
	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{Password: "Taken-Passw0rd", UserRecord: mockserver.UserRecord{
		UserID: "jdoe", FirstName: "J", LastName: "Doe", APIUser: true,
	}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input = %[1]q
}

provider "apiusers" {
  endpoint = terraform_data.endpoint.output
  username = %[2]q
  password = %[3]q
}
`, srv.URL(), srv.AdminUsername(), srv.AdminPassword()) + testAccAPIUserBlock("x", `
  login_id   = "jdoe"
  first_name = "J"
  last_name  = "Doe"
  user_group = "Guest"
`),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
