package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// The provider block's own behaviour: where settings come from, and the
// diagnostics for missing, invalid and not-yet-known settings.

// consumer uses the provider: Terraform neither validates nor configures a
// provider that nothing in the configuration uses.
const consumer = `
data "apiusers_roles" "all" {}
`

// clearProviderEnv unsets the APIUSERS_* variables for one test, so that a
// developer's own settings cannot satisfy or break the configuration under
// test. t.Setenv makes the test non-parallel.
func clearProviderEnv(t *testing.T) {
	t.Helper()
	for _, env := range allProviderEnv {
		t.Setenv(env, "")
	}
}

// missingSettingPattern matches the diagnostic for one missing setting: it
// must name both the attribute and the environment variable.
func missingSettingPattern(attr, env string) string {
	return fmt.Sprintf(`Missing Provider Setting[\s\S]*?%q[\s\S]*?%s`, attr, env)
}

func TestAccProvider_missingSettings(t *testing.T) {
	clearProviderEnv(t)
	required := []struct{ attr, env, value string }{
		{"endpoint", envEndpoint, "https://users.example.com"},
		{"username", envUsername, "admin"},
		{"password", envPassword, "Admin-Passw0rd1"},
	}
	// Nothing set: one diagnostic per setting, in schema order.
	all := ""
	for _, r := range required {
		all += missingSettingPattern(r.attr, r.env) + `[\s\S]*`
	}
	steps := []resource.TestStep{{
		Config:      `provider "apiusers" {}` + consumer,
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(all),
	}}
	// One setting missing: its diagnostic.
	for _, missing := range required {
		block := "provider \"apiusers\" {\n"
		for _, r := range required {
			if r != missing {
				block += fmt.Sprintf("  %s = %q\n", r.attr, r.value)
			}
		}
		steps = append(steps, resource.TestStep{
			Config:      block + "}\n" + consumer,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(missingSettingPattern(missing.attr, missing.env)),
		})
	}
	// An unknown endpoint defers the server, not the check of the settings
	// that are known.
	steps = append(steps, resource.TestStep{
		Config: `
resource "terraform_data" "endpoint" {
  input = "https://users.example.com"
}

provider "apiusers" {
  endpoint = terraform_data.endpoint.output
  username = "admin"
}` + consumer,
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(missingSettingPattern("password", envPassword)),
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccProvider_environment configures the provider from APIUSERS_* alone,
// then checks that attributes win over the variables.
func TestAccProvider_environment(t *testing.T) {
	srv := newTestServer(t)
	t.Setenv(envEndpoint, srv.URL())
	t.Setenv(envUsername, srv.AdminUsername())
	t.Setenv(envPassword, srv.AdminPassword())
	t.Setenv(envAppName, "provider-environment-test")
	readsRoles := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.apiusers_roles.all", tfjsonpath.New("role_ids"),
			knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringExact("account_admin")})),
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The same block fails in TestAccProvider_missingSettings
				// without the variables.
				Config:            `provider "apiusers" {}` + consumer,
				ConfigStateChecks: readsRoles,
			},
			{
				// With a variable the client refuses, the variable is used...
				PreConfig:   func() { t.Setenv(envEndpoint, "http://users.example.com") },
				Config:      `provider "apiusers" {}` + consumer,
				ExpectError: regexp.MustCompile(`Invalid Provider Setting[\s\S]*"endpoint"\s+attribute[\s\S]*https://`),
			},
			{
				// ...and an attribute set in the block wins over it.
				Config: fmt.Sprintf(`
provider "apiusers" {
  endpoint = %[1]q
}`, srv.URL()) + consumer,
				ConfigStateChecks: readsRoles,
			},
		},
	})
	if n := srv.Requests(http.MethodGet, mockserver.RouteAuth); n == 0 {
		t.Errorf("the mock saw no GET %s: the credentials from the environment were never used", mockserver.RouteAuth)
	}
}

// TestAccProvider_invalidSettings checks that values wrong in themselves are
// reported with the attribute's path: durations and limits by `terraform
// validate`, the endpoint by the client's rules, with the way to fix it.
func TestAccProvider_invalidSettings(t *testing.T) {
	t.Parallel()
	const endpoint = "https://users.example.com"
	cases := []struct {
		name, endpoint, setting, want string
	}{
		{"request_timeout not a duration", endpoint, `request_timeout = "soon"`, `Invalid Time Duration String Value[\s\S]*request_timeout[\s\S]*Given Value: soon`},
		{"request_timeout zero", endpoint, `request_timeout = "0s"`, `Invalid Duration[\s\S]*request_timeout[\s\S]*must be a positive Go duration`},
		{"max_retry_wait negative", endpoint, `max_retry_wait = "-5s"`, `Invalid Duration[\s\S]*max_retry_wait[\s\S]*must be a positive Go duration`},
		{"batch_window unit missing", endpoint, `batch_window = "5"`, `Invalid Time Duration String Value[\s\S]*batch_window[\s\S]*Go Time Duration`},
		{"max_retries negative", endpoint, `max_retries = -1`, `max_retries[\s\S]*between 0 and 100`},
		{"max_batch_size zero", endpoint, `max_batch_size = 0`, `max_batch_size[\s\S]*between 1 and 10000`},
		{"max_requests_per_second negative", endpoint, `max_requests_per_second = -1`, `max_requests_per_second[\s\S]*at least 0`},
		// Credentials travel in headers: plain http only to loopback.
		{"endpoint http to a remote host", "http://users.example.com", "", `Invalid Provider Setting[\s\S]*"endpoint"\s+attribute[\s\S]*Use https://`},
		{"endpoint not a URL", "users example com", "", `Invalid Provider Setting[\s\S]*"endpoint"\s+attribute[\s\S]*https://`},
		{"endpoint with credentials", "https://admin:pw@users.example.com", "", `Invalid Provider Setting[\s\S]*"endpoint"\s+attribute[\s\S]*must\s+not\s+contain\s+credentials`},
		{"ca_cert_pem not PEM", endpoint, `ca_cert_pem = "not a certificate"`, `Invalid Provider Setting[\s\S]*"ca_cert_pem"\s+attribute[\s\S]*BEGIN\s+CERTIFICATE`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "apiusers" {
  endpoint = %[1]q
  username = "admin"
  password = "Admin-Passw0rd1"
  %[2]s
}`, tc.endpoint, tc.setting) + consumer,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// unknownEndpointConfig takes the endpoint from another resource, so the
// provider is configured with an unknown endpoint during the first plan.
func unknownEndpointConfig(srv *mockserver.Server, rest string) string {
	return fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input = %[1]q
}

provider "apiusers" {
  endpoint = terraform_data.endpoint.output
  username = %[2]q
  password = %[3]q
}
`, srv.URL(), srv.AdminUsername(), srv.AdminPassword()) + rest
}

// TestAccProvider_unknownEndpoint plans a user while the endpoint is still
// unknown: the plan must succeed, and apply must then configure the provider
// with the real value and create the user.
func TestAccProvider_unknownEndpoint(t *testing.T) {
	srv := newTestServer(t)
	config := unknownEndpointConfig(srv, `
resource "apiusers_api_user" "late" {
  login_id   = "late-endpoint"
  first_name = "Late"
  last_name  = "Endpoint"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("apiusers_api_user.late", tfjsonpath.New("key"), knownvalue.NotNull()),
				},
			},
		},
	})
}

// TestAccProvider_unknownEndpointDataSource: a data source must read during
// plan, which it cannot do before the endpoint is known; it must say so
// rather than crash.
func TestAccProvider_unknownEndpointDataSource(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      unknownEndpointConfig(srv, consumer),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Provider Not Configured`),
		}},
	})
}
