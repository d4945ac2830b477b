package provider

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestAccProvider_headerUnsafeSettings: GET /auth sends the username,
// password and app name in headers. A value a header cannot carry (most
// often a secret file's trailing newline in APIUSERS_PASSWORD) is refused
// when the provider is configured, naming the attribute and its variable,
// and nothing is sent: it is not retried as if the server were unreachable.
func TestAccProvider_headerUnsafeSettings(t *testing.T) {
	srv := newTestServer(t)
	clearProviderEnv(t)
	t.Setenv(envEndpoint, srv.URL())
	t.Setenv(envUsername, srv.AdminUsername())
	t.Setenv(envPassword, srv.AdminPassword()+"\n")
	refused := func(attr, env string) *regexp.Regexp {
		return regexp.MustCompile(fmt.Sprintf(`Invalid Provider Setting[\s\S]*%q\s+attribute\s+or\s+the\s+%s\s+environment\s+variable[\s\S]*printable\s+ASCII`, attr, env))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `provider "apiusers" {}` + consumer,
				PlanOnly:    true,
				ExpectError: refused("password", envPassword),
			},
			{
				Config: fmt.Sprintf(`
provider "apiusers" {
  password = %[1]q
  app_name = "ci-pipeline\n"
}`, srv.AdminPassword()) + consumer,
				PlanOnly:    true,
				ExpectError: refused("app_name", envAppName),
			},
		},
	})
	if n := srv.Requests(http.MethodGet, mockserver.RouteAuth); n != 0 {
		t.Errorf("the mock saw %d GET %s: a setting no header can carry was sent", n, mockserver.RouteAuth)
	}
}

// TestClientConfigErrorOfThePasswordNamesNoAttribute: Terraform prints the
// source line of the attribute a diagnostic names, and the password's line
// may hold the password itself; the error names the attribute in words.
func TestClientConfigErrorOfThePasswordNamesNoAttribute(t *testing.T) {
	_, err := client.New(client.Config{Endpoint: "https://users.example.com", Username: "admin", Password: "Admin-Passw0rd1\n"})
	var ce *client.ConfigError
	if !errors.As(err, &ce) || ce.Setting != client.SettingPassword {
		t.Fatalf("client.New: %v, want a ConfigError for the password", err)
	}
	var diags diag.Diagnostics
	addClientConfigError(err, &diags)
	if len(diags) != 1 || !regexp.MustCompile(`"password" attribute or the APIUSERS_PASSWORD environment variable`).MatchString(diags[0].Detail()) {
		t.Fatalf("diagnostics %v must name the attribute and its variable", diags)
	}
	if _, onAttribute := diags[0].(diag.DiagnosticWithPath); onAttribute {
		t.Errorf("the password's diagnostic is attached to an attribute: Terraform would print its source line")
	}
}
