package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// passwordWorks asserts that the password in state authenticates on the
// mock, and records it in *seen (for later steps) when seen is not nil.
func passwordWorks(srv *mockserver.Server, address, loginID string, seen *[]string) statecheck.StateCheck {
	return stateCheckFunc(func(state *tfjson.State) error {
		v, err := stateAttribute(state, address, "password")
		if err != nil {
			return err
		}
		pw, ok := v.(string)
		if !ok || pw == "" {
			return fmt.Errorf("%s: no password in state", address)
		}
		if !srv.CheckPassword(loginID, pw) {
			return fmt.Errorf("%s: the password in state does not authenticate %q", address, loginID)
		}
		if seen != nil {
			*seen = append(*seen, pw)
		}
		return nil
	})
}

// passwordsCheck asserts which passwords authenticate loginID on the mock:
// want[i] says whether passwords[i] must work.
func passwordsCheck(srv *mockserver.Server, loginID string, passwords func() []string, want ...bool) statecheck.StateCheck {
	return stateCheckFunc(func(*tfjson.State) error {
		for i, pw := range passwords() {
			if got := srv.CheckPassword(loginID, pw); got != want[i] {
				return fmt.Errorf("password #%d of %q: authenticates = %t, want %t", i+1, loginID, got, want[i])
			}
		}
		return nil
	})
}

// httpAuthCheck asserts the status GET /auth answers for the credentials,
// over HTTP as an integration would call it.
func httpAuthCheck(srv *mockserver.Server, loginID string, password func() string, want int) statecheck.StateCheck {
	return stateCheckFunc(func(*tfjson.State) error {
		got, err := authStatus(srv, loginID, password())
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("GET /auth as %q answered %d, want %d", loginID, got, want)
		}
		return nil
	})
}

// TestAccAPIUser_generatedPassword: with neither password attribute set the
// provider generates one that works; changing keepers rotates it (the new
// one works, the old one no longer does); other updates keep it.
func TestAccAPIUser_generatedPassword(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.gen"
	var seen []string
	config := func(rotation, description string) string {
		return testAccAPIUserConfig(srv, "gen", fmt.Sprintf(`
  login_id     = "generated"
  first_name   = "Gen"
  last_name    = "Erated"
  organization = "Acme"
  description  = %[2]q
  keepers      = { rotation = %[1]q }
`, rotation, description))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config("1", "first"),
				ConfigStateChecks: []statecheck.StateCheck{passwordWorks(srv, addr, "generated", &seen)},
			},
			{
				Config: config("1", "second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, at("password_changed_at"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, addr, "generated", &seen),
					stateCheckFunc(func(*tfjson.State) error {
						if seen[0] != seen[1] {
							return fmt.Errorf("an update without keepers changes must keep the password")
						}
						return nil
					}),
				},
			},
			{
				Config: config("2", "second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, at("password")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, addr, "generated", &seen),
					passwordsCheck(srv, "generated", func() []string { return []string{seen[0], seen[2]} }, false, true),
				},
			},
		},
	})
}

// TestAccAPIUser_givenPassword: a given password works over HTTP, changing
// it rotates, and an inactive user can no longer authenticate.
func TestAccAPIUser_givenPassword(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.given"
	const first, second = "Tr0ub4dor-One", "Tr0ub4dor-Two"
	config := func(password, status string) string {
		return testAccAPIUserConfig(srv, "given", fmt.Sprintf(`
  login_id   = "given"
  first_name = "Giv"
  last_name  = "En"
  password   = %[1]q
  status     = %[2]q
`, password, status))
	}
	passwords := func() []string { return []string{first, second} }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(first, "active"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, at("password"), knownvalue.StringExact(first)),
					httpAuthCheck(srv, "given", func() string { return first }, http.StatusOK),
				},
			},
			{
				Config: config(second, "active"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordsCheck(srv, "given", passwords, false, true),
					httpAuthCheck(srv, "given", func() string { return second }, http.StatusOK),
					httpAuthCheck(srv, "given", func() string { return first }, http.StatusUnauthorized),
				},
			},
			{
				Config: config(second, "inactive"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					httpAuthCheck(srv, "given", func() string { return second }, http.StatusUnauthorized),
				},
			},
		},
	})
}

// TestAccAPIUser_writeOnlyPassword: password_wo is sent but never stored;
// changing password_wo_version rotates it, changing only the value does not.
func TestAccAPIUser_writeOnlyPassword(t *testing.T) {
	srv := newTestServer(t)
	const addr = "apiusers_api_user.wo"
	const first, second, third = "Wo-Secret-1A", "Wo-Secret-2B", "Wo-Secret-3C"
	config := func(password string, version int) string {
		return testAccAPIUserConfig(srv, "wo", fmt.Sprintf(`
  login_id            = "writeonly"
  first_name          = "Write"
  last_name           = "Only"
  password_wo         = %[1]q
  password_wo_version = %[2]d
`, password, version))
	}
	notInState := func(secrets ...string) statecheck.StateCheck {
		return stateCheckFunc(func(state *tfjson.State) error {
			for _, name := range []string{"password", "password_wo"} {
				if v, err := stateAttribute(state, addr, name); err != nil || v != nil {
					return fmt.Errorf("%s must be null in state (err %w)", name, err)
				}
			}
			raw := fmt.Sprintf("%#v", state.Values.RootModule.Resources[0].AttributeValues)
			for _, s := range secrets {
				if strings.Contains(raw, s) {
					return fmt.Errorf("a write-only password appears in state")
				}
			}
			return nil
		})
	}
	passwords := func() []string { return []string{first, second, third} }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: config(first, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					notInState(first),
					passwordsCheck(srv, "writeonly", passwords, true, false, false),
				},
			},
			{
				Config: config(second, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					notInState(first, second),
					passwordsCheck(srv, "writeonly", passwords, false, true, false),
				},
			},
			{
				// Terraform cannot see a write-only value change: without a
				// new version nothing is planned and the password stays.
				Config: config(third, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordsCheck(srv, "writeonly", passwords, false, true, false),
				},
			},
		},
	})
}

// logEntryStart matches the first line of a log entry; later lines of a
// multi-line entry do not start with a timestamp.
var logEntryStart = regexp.MustCompile(`(?m)^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}`)

// withoutConfigEcho drops the test harness's own entries that echo the test
// configuration (which holds the passwords this test wrote into it); every
// entry from Terraform and the provider is kept.
func withoutConfigEcho(log string) string {
	starts := logEntryStart.FindAllStringIndex(log, -1)
	var b strings.Builder
	for i, st := range starts {
		end := len(log)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		entry := log[st[0]:end]
		if strings.Contains(entry, "sdk.helper_resource: Setting Terraform configuration") {
			continue
		}
		b.WriteString(entry)
	}
	return b.String()
}

// jwtShape matches a JSON Web Token: three base64url parts, the first
// starting with the encoding of `{"`.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+`)

// TestAccAPIUser_noSecretsInLog runs create and rotation with TF_LOG=trace
// and fails if the admin password, a user's password or any token appears
// in the log. Not parallel: it sets process environment variables.
func TestAccAPIUser_noSecretsInLog(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_ACC_LOG_PATH", logPath)

	srv := newTestServer(t)
	var generated []string
	const given1, given2 = "Given-Secret-Pw1", "Given-Secret-Pw2"
	config := func(rotation, given string) string {
		return providerConfig(srv) + testAccAPIUserBlock("gen", fmt.Sprintf(`
  login_id   = "logged"
  first_name = "Log"
  last_name  = "Ged"
  keepers    = { rotation = %[1]q }
`, rotation)) + testAccAPIUserBlock("given", fmt.Sprintf(`
  login_id   = "logged2"
  first_name = "Log"
  last_name  = "Ged"
  password   = %[1]q
`, given))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config("1", given1),
				ConfigStateChecks: []statecheck.StateCheck{passwordWorks(srv, "apiusers_api_user.gen", "logged", &generated)},
			},
			{
				Config:            config("2", given2),
				ConfigStateChecks: []statecheck.StateCheck{passwordWorks(srv, "apiusers_api_user.gen", "logged", &generated)},
			},
		},
	})

	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("reading the log: %v", err)
	}
	log := withoutConfigEcho(string(data))
	// Guard against a vacuous pass: the log must exist and cover the
	// provider's work on this resource.
	if len(log) < 1000 || !strings.Contains(log, "apiusers_api_user") {
		t.Fatalf("the trace log is empty or does not mention apiusers_api_user (%d bytes)", len(log))
	}
	if len(generated) != 2 || generated[0] == generated[1] {
		t.Fatalf("want two different generated passwords, got %d", len(generated))
	}
	secrets := map[string]string{
		"admin password":             srv.AdminPassword(),
		"given password":             given1,
		"rotated given password":     given2,
		"generated password":         generated[0],
		"rotated generated password": generated[1],
	}
	for what, secret := range secrets {
		if i := strings.Index(log, secret); i >= 0 {
			t.Errorf("the %s appears in the trace log at byte %d", what, i)
		}
	}
	if m := jwtShape.FindStringIndex(log); m != nil {
		t.Errorf("a token (JWT) appears in the trace log at byte %d", m[0])
	}
}
