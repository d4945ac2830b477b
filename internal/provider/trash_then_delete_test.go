package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// trashUserConfig is one API user "binned" with the given deletion_mode
// line ("" for the default, delete).
func trashUserConfig(deletionMode string) string {
	return testAccAPIUserBlock("binned", `
  login_id   = "binned"
  first_name = "Binned"
  last_name  = "Integration"
  `+deletionMode+`
`)
}

// eraseOnlyServer is a mock that erases API users only from the trash.
func eraseOnlyServer(t *testing.T, opts ...func(*mockserver.Options)) *mockserver.Server {
	return newTestServer(t, append([]func(*mockserver.Options){func(o *mockserver.Options) { o.EraseOnlyFromTrash = true }}, opts...)...)
}

// plainDeleteRefused matches the refusal, with the source the policy came
// from, on the deletion_mode line of the configuration.
func plainDeleteRefused(source string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)Plain Delete Refused by the Server.*deletion_mode\s*=\s*"delete".*` +
		wrapped(`deletion_mode: this server erases API users only from the trash (`+source+`), so deletion_mode = "delete" would be refused by the server when API user "binned" is destroyed. Set deletion_mode = "trash_then_delete"`).String())
}

// TestAccAPIUser_plainDeleteRefused: on a server whose GET /limits says it
// erases only from the trash, deletion_mode "delete" is refused at plan on
// the attribute, with the mode to set; neither the plan nor terraform apply
// writes anything.
func TestAccAPIUser_plainDeleteRefused(t *testing.T) {
	srv := eraseOnlyServer(t)
	before := serverUsers(srv)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: refusedAtPlanAndApply(providerConfig(srv)+trashUserConfig(`deletion_mode = "delete"`),
			plainDeleteRefused("its GET /limits reports eraseOnlyFromTrash")),
	})
	expectNothingWritten(t, srv, before)
}

// TestAccAPIUser_plainDeleteRefusedBySetting: a server speaking only the
// documented protocol has no GET /limits; the provider's
// erase_only_from_trash says it erases only from the trash.
func TestAccAPIUser_plainDeleteRefusedBySetting(t *testing.T) {
	srv := newTestServer(t, func(o *mockserver.Options) { o.Protocol = mockserver.ProtocolDocumented })
	before := serverUsers(srv)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: refusedAtPlanAndApply(providerConfigWith(srv, "erase_only_from_trash = true")+trashUserConfig(`deletion_mode = "delete"`),
			plainDeleteRefused("the provider's erase_only_from_trash setting says so")),
	})
	expectNothingWritten(t, srv, before)
}

// TestAccAPIUser_trashThenDelete: against a server that erases only from
// the trash, trash_then_delete destroys the user in one sync. A user
// created while the provider was told otherwise (erase_only_from_trash =
// false) keeps deletion_mode "delete" in state: its destroy is refused at
// plan and writes nothing, until the mode is changed and applied.
func TestAccAPIUser_trashThenDelete(t *testing.T) {
	srv := eraseOnlyServer(t)
	syncs := 0
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "binned"),
		Steps: []resource.TestStep{
			{Config: providerConfigWith(srv, "erase_only_from_trash = false") + trashUserConfig("")},
			{
				PreConfig: func() { syncs = srv.Requests(http.MethodPut, mockserver.RouteSync) },
				Config:    providerConfig(srv),
				ExpectError: regexp.MustCompile(`(?s)Plain Delete Refused by the Server.*` +
					wrapped(`Destroy uses the deletion_mode in state: set it in the resource's configuration, apply, then destroy. Nothing was changed.`).String()),
			},
			{
				PreConfig: func() {
					if n := srv.Requests(http.MethodPut, mockserver.RouteSync); n != syncs {
						t.Errorf("the refused destroy sent %d syncs", n-syncs)
					}
				},
				Config: providerConfig(srv) + trashUserConfig(`deletion_mode = "trash_then_delete"`),
			},
			{
				PreConfig: func() { syncs = srv.Requests(http.MethodPut, mockserver.RouteSync) },
				Config:    providerConfig(srv),
				Check: func(*terraform.State) error {
					if _, found := srv.User("binned"); found {
						return fmt.Errorf("binned is still on the server")
					}
					if n := srv.Requests(http.MethodPut, mockserver.RouteSync) - syncs; n != 1 {
						return fmt.Errorf("the destroy sent %d syncs, want 1 (MODIFY to TRASH, then DELETE)", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccAPIUser_trashThenDeleteConverges: a destroy whose sync is applied
// but whose answer is lost is read back and done; a user an interrupted
// destroy left in the trash (here put there behind Terraform's back) is
// erased by the next destroy, not orphaned.
func TestAccAPIUser_trashThenDeleteConverges(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before func(*mockserver.Server)
	}{
		{"answer lost", func(srv *mockserver.Server) { srv.SetFaults(mockserver.Faults{DropRate: 1}) }},
		{"left in the trash", func(srv *mockserver.Server) {
			if err := srv.ModifyUser("binned", func(u *mockserver.UserRecord) { u.Status = mockserver.StatusTrash }); err != nil {
				t.Error(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := eraseOnlyServer(t)
			config := providerConfig(srv) + trashUserConfig(`deletion_mode = "trash_then_delete"`)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "binned"),
				Steps: []resource.TestStep{
					{Config: config},
					{
						PreConfig: func() { tc.before(srv) },
						Config:    providerConfig(srv),
						Check: func(*terraform.State) error {
							if _, found := srv.User("binned"); found {
								return fmt.Errorf("binned is still on the server")
							}
							return nil
						},
					},
				},
			})
		})
	}
}
