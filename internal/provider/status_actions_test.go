package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// statusActionConfig invokes action apiusers_<name> on loginID through an
// action_trigger of a new terraform_data (the testing framework runs plan
// and apply; an action_trigger is how a configuration invokes an action
// during apply, as `-invoke` does by hand).
func statusActionConfig(srv *mockserver.Server, step, name, loginID string) string {
	return providerConfig(srv) + fmt.Sprintf(`
action "apiusers_%[2]s" "incident" {
  config {
    login_id = %[3]q
  }
}

resource "terraform_data" %[1]q {
  input = %[1]q
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.apiusers_%[2]s.incident]
    }
  }
}
`, step, name, loginID)
}

// serverStatus is a Check that the mock holds loginID with status want.
func serverStatus(srv *mockserver.Server, loginID, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, found := srv.User(loginID)
		if !found || u.Status != want {
			return fmt.Errorf("user %q: found %v, status %q, want %q", loginID, found, u.Status, want)
		}
		return nil
	}
}

// TestAccStatusActions: apiusers_deactivate and apiusers_activate change the
// status on the server during apply, and refuse at plan time, writing
// nothing, the provider's own user (in another letter case), a person and
// an unknown login id.
func TestAccStatusActions(t *testing.T) {
	srv := newTestServer(t)
	const leaked = "leaked-sync"
	mustSeed(t, srv, mockserver.SeedUser{Password: "Seed-Passw0rd-1", UserRecord: mockserver.UserRecord{
		UserID: leaked, FirstName: "Leaked", LastName: "Sync", APIUser: true, Status: mockserver.StatusActive,
	}})
	mustSeed(t, srv, mockserver.SeedUser{UserRecord: mockserver.UserRecord{
		UserID: "jane.person", FirstName: "Jane", LastName: "Person", Status: mockserver.StatusActive,
	}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: statusActionConfig(srv, "off", "deactivate", "LEAKED-sync"), Check: serverStatus(srv, leaked, "INACTIVE")},
			{Config: statusActionConfig(srv, "on", "activate", leaked), Check: serverStatus(srv, leaked, mockserver.StatusActive)},
			{
				Config:      statusActionConfig(srv, "own", "deactivate", strings.ToUpper(srv.AdminUsername())),
				ExpectError: expectErrorText("Cannot Change the Provider's Own User", "lock this provider out"),
			},
			{
				Config:      statusActionConfig(srv, "person", "deactivate", "jane.person"),
				ExpectError: expectErrorText("Not an API User", "is a person"),
			},
			{
				Config:      statusActionConfig(srv, "nobody", "activate", "nobody-here"),
				ExpectError: expectErrorText("No Such API User", "nobody-here"),
			},
			{Config: statusActionConfig(srv, "check", "activate", leaked), Check: func(s *terraform.State) error {
				for _, id := range []string{srv.AdminUsername(), "jane.person"} {
					if err := serverStatus(srv, id, mockserver.StatusActive)(s); err != nil {
						return fmt.Errorf("a refused action changed a user: %w", err)
					}
				}
				return nil
			}},
		},
	})
}

// TestAccStatusActions_documentedServer: on a server without the status
// extension the actions refuse, saying so.
func TestAccStatusActions_documentedServer(t *testing.T) {
	srv := newTestServer(t, func(o *mockserver.Options) { o.Protocol = mockserver.ProtocolDocumented })
	seedAPIUser(t, srv, "plain-sync")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config:      statusActionConfig(srv, "off", "deactivate", "plain-sync"),
			ExpectError: expectErrorText("Server Lacks an Extension", "status extension"),
		}},
	})
}

// TestAccStatusActions_activeLimit: apiusers_activate counts against the
// server's limit of active API users at plan time, as a resource's
// activation does, and a refused activation writes nothing.
func TestAccStatusActions_activeLimit(t *testing.T) {
	srv := newTestServer(t, func(o *mockserver.Options) { o.MaxActiveAPIUsers = 1 })
	w := &writeWatch{srv: srv}
	for id, status := range map[string]string{"busy-sync": mockserver.StatusActive, "spare-sync": "INACTIVE"} {
		mustSeed(t, srv, mockserver.SeedUser{Password: "Seed-Passw0rd-1", UserRecord: mockserver.UserRecord{
			UserID: id, FirstName: "Seed", LastName: "Sync", APIUser: true, Status: status,
		}})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: statusActionConfig(srv, "full", "activate", "spare-sync"), PreConfig: w.mark,
				ExpectError: expectErrorText("Too Many Active API Users", "at most 1 active API users", `Active now: 1 ("busy-sync")`),
			},
			{
				PreConfig: func() {
					if n := w.count() - w.seen; n != 0 {
						t.Errorf("the refused activation wrote %d times", n)
					}
				},
				Config: statusActionConfig(srv, "off", "deactivate", "busy-sync"),
				Check:  resource.ComposeTestCheckFunc(serverStatus(srv, "busy-sync", "INACTIVE"), serverStatus(srv, "spare-sync", "INACTIVE")),
			},
			{Config: statusActionConfig(srv, "on", "activate", "spare-sync"), Check: serverStatus(srv, "spare-sync", mockserver.StatusActive)},
		},
	})
}
