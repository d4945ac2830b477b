package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// generatedLoginIDs matches the login ids generated with prefix: the
// prefix, then the 12 lower-case characters of the suffix.
func generatedLoginIDs(prefix string) knownvalue.Check {
	return knownvalue.StringRegexp(regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `[0-9a-z]{12}$`))
}

// loginIDInState is the login id of address in the last state, as a
// check that records it (for the server-side checks that need it).
func loginIDInState(address string, into *string) statecheck.StateCheck {
	return stateCheckFunc(func(state *tfjson.State) error {
		v, err := stateAttribute(state, address, "login_id")
		if err != nil {
			return err
		}
		*into, _ = v.(string)
		return nil
	})
}

// TestAccAPIUser_loginIDPrefix: a create with a prefix plans the login id
// unknown, then generates one that keeps the prefix, exists on the server
// and takes the generated password; it is stable across plans and updates;
// a new prefix replaces the user (the old one is gone); and the user
// imports back with its prefix, so that the configuration plans clean.
func TestAccAPIUser_loginIDPrefix(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.test"
	config := func(prefix, description string) string {
		return testAccAPIUserConfig(srv, "test", fmt.Sprintf(`
  login_id_prefix = %q
  first_name      = "Prefixed"
  last_name       = "Integration"
  description     = %q
`, prefix, description))
	}
	sameLoginID := statecheck.CompareValue(compare.ValuesSame())
	var first, second string
	onServer := func(loginID *string, want bool) statecheck.StateCheck {
		return stateCheckFunc(func(*tfjson.State) error {
			if _, found := srv.User(*loginID); found != want {
				return fmt.Errorf("user %q on the server: %t, want %t", *loginID, found, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			return testAccCheckAPIUserDestroyed(srv, first, second)(s)
		},
		Steps: []resource.TestStep{
			{
				Config: config("svc-", "one"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(addr, at("login_id")),
					plancheck.ExpectUnknownValue(addr, at("id")),
					plancheck.ExpectKnownValue(addr, at("login_id_prefix"), knownvalue.StringExact("svc-")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("login_id"), generatedLoginIDs("svc-")),
					statecheck.CompareValuePairs(addr, at("id"), addr, at("login_id"), compare.ValuesSame()),
					sameLoginID.AddStateValue(addr, at("login_id")),
					loginIDInState(addr, &first),
					onServer(&first, true),
					stateCheckFunc(func(state *tfjson.State) error {
						pw, err := stateAttribute(state, addr, "password")
						if err != nil {
							return err
						}
						password, _ := pw.(string)
						code, err := authStatus(srv, first, password)
						if err == nil && code != http.StatusOK {
							err = fmt.Errorf("GET /auth as %q with the generated password answered %d, want 200", first, code)
						}
						return err
					}),
				},
			},
			{
				Config: config("svc-", "two"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameLoginID.AddStateValue(addr, at("login_id"))},
			},
			{
				ResourceName:                         addr,
				ImportState:                          true,
				ImportStateIdFunc:                    func(*terraform.State) (string, error) { return first, nil },
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "login_id",
				ImportStateVerifyIgnore:              []string{"password"},
			},
			{
				Config: config("app-", "two"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(addr, at("login_id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("login_id"), generatedLoginIDs("app-")),
					loginIDInState(addr, &second),
					onServer(&second, true),
					onServer(&first, false),
				},
			},
		},
	})
}

// TestAccAPIUser_loginIDPrefixImport: users created outside Terraform are
// adopted by a configuration with a prefix without replacement: one whose
// login id the provider generated plans no change at all (the import
// records its prefix), one whose chosen login id starts with the prefix
// only records the prefix (an update that sends nothing).
func TestAccAPIUser_loginIDPrefixImport(t *testing.T) {
	srv := newTestServer(t)
	generated, err := generateLoginID("svc-", "", func(string) (bool, error) { return false, nil })
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{generated, "svc-payroll"} {
		mustSeed(t, srv, mockserver.SeedUser{Password: "Seeded-Passw0rd-1", UserRecord: mockserver.UserRecord{
			UserID: id, FirstName: "Seeded", LastName: "Integration", APIUser: true, Status: mockserver.StatusActive,
		}})
	}
	users := testAccAPIUserBlock("generated", `
  login_id_prefix = "svc-"
  first_name      = "Seeded"
  last_name       = "Integration"
`) + testAccAPIUserBlock("chosen", `
  login_id_prefix = "svc-"
  first_name      = "Seeded"
  last_name       = "Integration"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(srv) + users + fmt.Sprintf(`
import {
  to = apiusers_api_user.generated
  id = %q
}

import {
  to = apiusers_api_user.chosen
  id = "svc-payroll"
}
`, generated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("apiusers_api_user.generated", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("apiusers_api_user.chosen", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("apiusers_api_user.generated", at("login_id"), knownvalue.StringExact(generated)),
					statecheck.ExpectKnownValue("apiusers_api_user.chosen", at("login_id"), knownvalue.StringExact("svc-payroll")),
					statecheck.ExpectKnownValue("apiusers_api_user.chosen", at("login_id_prefix"), knownvalue.StringExact("svc-")),
				},
			},
			{Config: providerConfig(srv) + users, PlanOnly: true},
		},
	})
}

// TestAccAPIUser_loginIDPrefixValidation: exactly one of login_id and
// login_id_prefix, and a prefix that keeps every generated login id within
// the server's rule, are checked at plan time with the path and the rule.
func TestAccAPIUser_loginIDPrefixValidation(t *testing.T) {
	srv := newTestServer(t)
	names := `
  first_name = "Prefixed"
  last_name  = "Integration"
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccAPIUserConfig(srv, "test", names+`  login_id = "both"`+"\n"+`  login_id_prefix = "svc-"`),
				PlanOnly:    true,
				ExpectError: expectErrorText("Invalid Attribute Combination", "login_id", "login_id_prefix"),
			},
			{
				Config:      testAccAPIUserConfig(srv, "test", names),
				PlanOnly:    true,
				ExpectError: expectErrorText("Missing Attribute Configuration", "Exactly one of these attributes must be configured", "login_id,login_id_prefix"),
			},
			{
				Config:      testAccAPIUserConfig(srv, "test", names+`  login_id_prefix = "-svc"`),
				PlanOnly:    true,
				ExpectError: expectErrorText("login_id_prefix", "starting with a letter or digit", "3 to 64 characters"),
			},
		},
	})
}

// TestAccAPIUser_loginIDPrefixMany: several users with one prefix plan and
// apply together (the plan-time checks that need a login id skip the
// unknown ones rather than take them for one user planned twice), get
// distinct login ids, and a role assignment takes the login id known only
// after apply.
func TestAccAPIUser_loginIDPrefixMany(t *testing.T) {
	srv := newTestServer(t)
	cfg := providerConfig(srv) + `
resource "apiusers_api_user" "batch" {
  count           = 3
  login_id_prefix = "batch-"
  first_name      = "Batch"
  last_name       = "Integration"
}

resource "apiusers_role_assignment" "batch" {
  role_id  = "reports"
  login_id = apiusers_api_user.batch[0].login_id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				stateCheckFunc(func(state *tfjson.State) error {
					seen := map[string]bool{}
					for i := range 3 {
						v, err := stateAttribute(state, fmt.Sprintf("apiusers_api_user.batch[%d]", i), "login_id")
						if err != nil {
							return err
						}
						id, _ := v.(string)
						if !regexp.MustCompile(`^batch-[0-9a-z]{12}$`).MatchString(id) || seen[id] {
							return fmt.Errorf("login id %q: not generated from the prefix, or not distinct", id)
						}
						if _, found := srv.User(id); !found {
							return fmt.Errorf("user %q not on the server", id)
						}
						seen[id] = true
					}
					return nil
				}),
				statecheck.CompareValuePairs("apiusers_role_assignment.batch", at("login_id"), "apiusers_api_user.batch[0]", at("login_id"), compare.ValuesSame()),
			},
		}},
	})
}
