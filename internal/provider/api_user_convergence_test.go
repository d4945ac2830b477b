package provider

import (
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// These tests walk the paths after which the next apply must converge with
// no manual step (no untaint, state rm or hand-written import).

// serverUserCount asserts how many users with the login id the server has
// (case-insensitively): one, never a duplicate.
func serverUserCount(srv *mockserver.Server, loginID string, want int) statecheck.StateCheck {
	return stateCheckFunc(func(*tfjson.State) error {
		n := 0
		for _, u := range srv.Users() {
			if strings.EqualFold(u.UserID, loginID) {
				n++
			}
		}
		if n != want {
			return fmt.Errorf("the server has %d users %q, want %d", n, loginID, want)
		}
		return nil
	})
}

// TestAccAPIUser_taint: a tainted user is replaced, not refused as an
// existing login id; the new user's password works.
func TestAccAPIUser_taint(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.test"
	config := testAccAPIUserConfig(srv, "test", `
  login_id   = "tainted"
  first_name = "Taint"
  last_name  = "Ed"
`)
	keyChanges := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "tainted"),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{keyChanges.AddStateValue(addr, at("key"))},
			},
			{
				Taint:  []string{addr},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					keyChanges.AddStateValue(addr, at("key")),
					passwordWorks(srv, addr, "tainted", nil),
					serverUserCount(srv, "tainted", 1),
				},
			},
		},
	})
}

// TestAccAPIUser_recreateAfterRetire: destroying with deletion_mode trash or
// deactivate and applying again restores the same user (same key), active,
// with the configured attributes and a working password; so does creating a
// login id an administrator trashed.
func TestAccAPIUser_recreateAfterRetire(t *testing.T) {
	for _, mode := range []string{deletionModeTrash, deletionModeDeactivate} {
		t.Run(mode, func(t *testing.T) {
			srv := newTestServer(t)
			const addr = "apiusers_api_user.test"
			config := testAccAPIUserConfig(srv, "test", fmt.Sprintf(`
  login_id      = "retired"
  first_name    = "Re"
  last_name     = "Tired"
  description   = "restored by terraform"
  deletion_mode = %q
`, mode))
			sameKey := statecheck.CompareValue(compare.ValuesSame())
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config, ConfigStateChecks: []statecheck.StateCheck{sameKey.AddStateValue(addr, at("key"))}},
					{
						Config: providerConfig(srv),
						ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func(*tfjson.State) error {
							if u, ok := srv.User("retired"); !ok || u.Status == mockserver.StatusActive {
								return fmt.Errorf("after destroy with deletion_mode %s: found %t, status %s", mode, ok, u.Status)
							}
							return nil
						})},
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
							plancheck.ExpectKnownValue(addr, at("key"), knownvalue.NotNull()),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							sameKey.AddStateValue(addr, at("key")),
							statecheck.ExpectKnownValue(addr, at("status"), knownvalue.StringExact("active")),
							passwordWorks(srv, addr, "retired", nil),
							serverUserCount(srv, "retired", 1),
							serverUserCheck(srv, "retired", func(u mockserver.UserRecord) error {
								if u.Status != mockserver.StatusActive || u.Description != "restored by terraform" {
									return fmt.Errorf("server holds %+v", u)
								}
								return nil
							}),
						},
					},
				},
			})
		})
	}
	t.Run("trashed by an administrator", func(t *testing.T) {
		srv := newTestServer(t)
		mustSeed(t, srv, mockserver.SeedUser{Password: "Old-Passw0rd9", UserRecord: mockserver.UserRecord{
			UserID: "binned", FirstName: "Bin", LastName: "Ned", APIUser: true, Status: mockserver.StatusTrash, Email: "old@example.com",
		}})
		const addr = "apiusers_api_user.test"
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: testAccAPIUserConfig(srv, "test", `
  login_id   = "binned"
  first_name = "Bin"
  last_name  = "Restored"
`),
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, addr, "binned", nil),
					statecheck.ExpectKnownValue(addr, at("email"), knownvalue.Null()),
					serverUserCheck(srv, "binned", func(u mockserver.UserRecord) error {
						if u.Status != mockserver.StatusActive || u.LastName != "Restored" || u.Email != "" {
							return fmt.Errorf("server holds %+v", u)
						}
						return nil
					}),
				},
			}},
		})
	})
}

// TestAccAPIUser_passwordChangedOutside: an administrator's password reset
// is noticed; the plan sets the password in state again (given and
// generated), or warns and waits for password_wo_version (write-only).
func TestAccAPIUser_passwordChangedOutside(t *testing.T) {
	srv := newTestServer(t)
	config := func(woVersion int) string {
		return testAccAPIUserConfig(srv, "given", `
  login_id   = "reset-given"
  first_name = "Given"
  last_name  = "Reset"
  password   = "Given-Secret-1"
`) + testAccAPIUserBlock("generated", `
  login_id   = "reset-generated"
  first_name = "Generated"
  last_name  = "Reset"
`) + testAccAPIUserBlock("wo", fmt.Sprintf(`
  login_id            = "reset-wo"
  first_name          = "Write"
  last_name           = "Only"
  password_wo         = "Wo-Secret-%[1]dA"
  password_wo_version = %[1]d
`, woVersion))
	}
	resetAll := func() {
		for _, login := range []string{"reset-given", "reset-generated", "reset-wo"} {
			if err := srv.ResetPassword(login, "Admin-Reset-9z"); err != nil {
				t.Fatal(err)
			}
		}
	}
	samePassword := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:            config(1),
				ConfigStateChecks: []statecheck.StateCheck{samePassword.AddStateValue("apiusers_api_user.generated", at("password"))},
			},
			{
				PreConfig: resetAll,
				Config:    config(1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("apiusers_api_user.given", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("apiusers_api_user.generated", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("apiusers_api_user.wo", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, "apiusers_api_user.given", "reset-given", nil),
					passwordWorks(srv, "apiusers_api_user.generated", "reset-generated", nil),
					samePassword.AddStateValue("apiusers_api_user.generated", at("password")),
					passwordsCheck(srv, "reset-wo", func() []string { return []string{"Wo-Secret-1A", "Admin-Reset-9z"} }, false, true),
				},
			},
			{
				Config: config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("apiusers_api_user.wo", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordsCheck(srv, "reset-wo", func() []string { return []string{"Wo-Secret-2A", "Admin-Reset-9z"} }, true, false),
				},
			},
		},
	})
}

// TestAccAPIUser_loginIDCaseOnly: login ids are case-insensitive on the
// server, so a change of letter case only is no change.
func TestAccAPIUser_loginIDCaseOnly(t *testing.T) {
	srv := newTestServer(t)
	config := func(loginID string) string {
		return testAccAPIUserConfig(srv, "test", fmt.Sprintf(`
  login_id   = %q
  first_name = "Case"
  last_name  = "Only"
`, loginID))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("case-only")},
			{
				Config: config("Case-Only"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{serverUserCount(srv, "case-only", 1)},
			},
		},
	})
}

// TestAccAPIUser_lostReadBack: the server applies the ADD, then the read-back
// fails. The user is recorded (nothing is created twice, the generated
// password is kept), its role is assigned in the same apply, and the next
// refresh fills in the values only the server knows.
func TestAccAPIUser_lostReadBack(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.test"
	// One retry: two failed lists make the read-back fail.
	config := providerConfigWith(srv, "max_retries = 1") + testAccAPIUserBlock("test", `
  login_id   = "lost-answer"
  first_name = "Lost"
  last_name  = "Answer"
`) + `
resource "apiusers_role_assignment" "test" {
  role_id  = "api_default"
  login_id = apiusers_api_user.test.login_id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { srv.SetFaults(mockserver.Faults{FailListsAfterSync: 2}) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, addr, "lost-answer", nil),
					serverUserCount(srv, "lost-answer", 1),
					stateCheckFunc(func(*tfjson.State) error {
						if n := srv.FaultCounts()["lost-list"]; n < 2 {
							return fmt.Errorf("the mock failed %d lists; the read-back was not lost", n)
						}
						if holders := srv.RoleHolders("api_default"); !containsFold(holders, "lost-answer") {
							return fmt.Errorf("role holders %v lack the user", holders)
						}
						return nil
					}),
				},
			},
			{
				PreConfig: func() { srv.SetFaults(mockserver.Faults{}) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("key"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, at("password_changed_at"), knownvalue.NotNull()),
				},
			},
		},
	})
}

// TestAccAPIUser_unknownCreateOutcome: a long outage during a create: the
// sync is applied but its answer is lost, and so is every read-back. The
// user is recorded (tainted), so the next apply finds it and replaces it,
// rather than stopping on "already exists" or creating it twice.
func TestAccAPIUser_unknownCreateOutcome(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.test"
	config := providerConfigWith(srv, "max_retries = 1") + testAccAPIUserBlock("test", `
  login_id   = "outage"
  first_name = "Out"
  last_name  = "Age"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "outage"),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { srv.SetFaults(mockserver.Faults{DropRate: 1, FailListsAfterSync: 1000}) },
				Config:      config,
				ExpectError: wrapped("It is not known whether the server created API user \"outage\""),
			},
			{
				PreConfig: func() {
					if _, found := srv.User("outage"); !found {
						t.Error("the sync was not applied; the scenario tests nothing")
					}
					srv.SetFaults(mockserver.Faults{})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, addr, "outage", nil),
					serverUserCount(srv, "outage", 1),
				},
			},
		},
	})
}

// TestAccAPIUser_partialList: one list answer lacks a managed user. The
// provider confirms before it removes anything, so the plan stays empty, on
// an extended server (GET /users/{userID}) and on a documented-only one
// (a second list).
func TestAccAPIUser_partialList(t *testing.T) {
	servers := map[string]func(t *testing.T) *mockserver.Server{
		"extended":   func(t *testing.T) *mockserver.Server { return newTestServer(t) },
		"documented": func(t *testing.T) *mockserver.Server { return newDocumentedServer(t, mockserver.UnknownFieldsIgnore) },
	}
	for name, start := range servers {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			config := testAccAPIUserConfig(srv, "test", `
  login_id   = "sometimes-hidden"
  first_name = "Some"
  last_name  = "Times"
`)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config},
					{
						PreConfig: func() {
							srv.SetFaults(mockserver.Faults{HideUsers: []string{"sometimes-hidden"}, HideInLists: 1})
						},
						// terraform refresh, whose first list is the one Read
						// asks for, then a plan that must be empty.
						RefreshState: true,
					},
					{
						PreConfig: func() {
							if n := srv.FaultCounts()["hidden"]; n != 1 {
								t.Errorf("the mock hid the user from %d lists, want 1", n)
							}
							srv.SetFaults(mockserver.Faults{})
						},
						Config:            config,
						ConfigStateChecks: []statecheck.StateCheck{serverUserCount(srv, "sometimes-hidden", 1)},
					},
				},
			})
		})
	}
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
