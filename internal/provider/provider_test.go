package provider

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
	"github.com/apiusers/terraform-provider-apiusers/internal/rpcserver"
)

// testAccProtoV6ProviderFactories serves the provider in process, so the
// acceptance tests need no provider download and run under -race; through
// rpcserver, as main.go serves it.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"apiusers": rpcserver.Factory(New("test")),
}

// newTestServer starts a mock backend for one test; it stops when the test
// ends. Each test gets its own, so tests run in parallel without sharing
// state.
func newTestServer(t *testing.T, opts ...func(*mockserver.Options)) *mockserver.Server {
	t.Helper()
	o := mockserver.Options{MaxActiveAPIUsers: -1}
	for _, f := range opts {
		f(&o)
	}
	return mockserver.Start(t, o)
}

// testBatchingDisabled runs the acceptance tests with write batching off when
// APIUSERS_TEST_BATCHING=false, so CI can prove both modes behave the same.
func testBatchingDisabled() bool { return os.Getenv("APIUSERS_TEST_BATCHING") == "false" }

// providerConfig is the provider block pointing at srv. Tests put the mock's
// URL in the configuration rather than in the environment, so parallel tests
// never see each other's server.
func providerConfig(srv *mockserver.Server) string {
	return providerConfigWith(srv, "")
}

// providerConfigWith is providerConfig with more provider arguments.
func providerConfigWith(srv *mockserver.Server, arguments string) string {
	return fmt.Sprintf(`
provider "apiusers" {
  endpoint = %[1]q
  username = %[2]q
  password = %[3]q
  batching = %[4]t
  %[5]s
}
`, srv.URL(), srv.AdminUsername(), srv.AdminPassword(), !testBatchingDisabled(), arguments)
}
