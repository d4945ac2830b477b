package provider

import (
	"fmt"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestAccLoginEphemeral: apiusers_login returns a token the server issued to
// that user (the capture provider sees it; its subject is the user), and a
// refused login fails with the cause the provider can tell: a wrong
// password for an ACTIVE user, an INACTIVE user, an unknown login id.
func TestAccLoginEphemeral(t *testing.T) {
	srv := newTestServer(t)
	const login, password, wrong = "smoke-login", "Smoke-Passw0rd-1", "Wrong-Passw0rd-9"
	mustSeed(t, srv, mockserver.SeedUser{Password: password, UserRecord: mockserver.UserRecord{
		UserID: login, FirstName: "Smoke", LastName: "Test", APIUser: true, Status: mockserver.StatusActive,
	}})
	mustSeed(t, srv, mockserver.SeedUser{Password: password, UserRecord: mockserver.UserRecord{
		UserID: "disabled-login", FirstName: "Disabled", LastName: "Test", APIUser: true, Status: "INACTIVE",
	}})
	values := &capturedValues{}
	config := func(loginID, pw string) string {
		return providerConfig(srv) + fmt.Sprintf(`
ephemeral "apiusers_login" "smoke" {
  login_id = %q
  password = %q
}

ephemeral "capture_value" "token" {
  value = ephemeral.apiusers_login.smoke.token
}

resource "terraform_data" "run" {}
`, loginID, pw)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: captureFactories(values),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{Config: config(login, password)},
			{Config: config(login, wrong), ExpectError: expectErrorText("Login Refused", login, "exists and is ACTIVE", "password is not the one")},
			{Config: config("disabled-login", password), ExpectError: expectErrorText("Login Refused", "status is INACTIVE", "only ACTIVE users")},
			{Config: config("nobody-here", password), ExpectError: expectErrorText("Login Refused", "No user with this login id")},
		},
	})
	tokens := values.all()
	if len(tokens) == 0 {
		t.Fatal("apiusers_login was never opened")
	}
	for i, tok := range tokens {
		claims := jwt.MapClaims{}
		if _, _, err := jwt.NewParser().ParseUnverified(tok, claims); err != nil {
			t.Fatalf("token #%d is not a JWT: %v", i+1, err)
		}
		if sub, _ := claims.GetSubject(); sub != login {
			t.Errorf("token #%d was issued to %q, want %q", i+1, sub, login)
		}
	}
}
