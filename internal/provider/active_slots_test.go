package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// serverUsers lists the server's users as login, status and key, to compare
// before and after a refused plan.
func serverUsers(srv *mockserver.Server) []string {
	var users []string
	for _, u := range srv.Users() {
		users = append(users, fmt.Sprintf("%s %s %d", u.UserID, u.Status, u.Key))
	}
	slices.Sort(users)
	return users
}

// expectNothingWritten fails unless the server got no PUT /users/sync and
// holds the users it held before (the refused plans, and the terraform
// apply whose plan was refused, wrote nothing).
func expectNothingWritten(t *testing.T, srv *mockserver.Server, before []string) {
	t.Helper()
	if n := srv.Requests(http.MethodPut, mockserver.RouteSync); n != 0 {
		t.Errorf("%d PUT /users/sync sent, want none", n)
	}
	if after := serverUsers(srv); !slices.Equal(after, before) {
		t.Errorf("the server's users changed:\nbefore %v\n after %v", before, after)
	}
}

// newUsersConfig is n API users login_prefix0.. of one resource.
func newUsersConfig(name, prefix string, n int, extra string) string {
	return fmt.Sprintf(`
resource "apiusers_api_user" %[1]q {
  count      = %[3]d
  login_id   = "%[2]s${count.index}"
  first_name = "Slot"
  last_name  = "Integration"
  %[4]s
}
`, name, prefix, n, extra)
}

// refusedAtPlanAndApply are a PlanOnly step and a terraform apply step of
// config, both expecting refused.
func refusedAtPlanAndApply(config string, refused *regexp.Regexp) []resource.TestStep {
	return []resource.TestStep{
		{Config: config, PlanOnly: true, ExpectError: refused},
		{Config: config, ExpectError: refused},
	}
}

// TestAccAPIUser_activeLimitAtPlan: with 3 API users active and the
// server's limit of 10 (GET /limits), a plan adding 8 fails, naming the
// limit, the users active now and the 8, and neither it nor terraform
// apply writes anything.
func TestAccAPIUser_activeLimitAtPlan(t *testing.T) {
	srv := newTestServer(t, func(o *mockserver.Options) { o.MaxActiveAPIUsers = 10 })
	for _, login := range []string{"live-a", "live-b", "live-c"} {
		mustSeed(t, srv, mockserver.SeedUser{Password: "Seeded-Passw0rd", UserRecord: mockserver.UserRecord{
			UserID: login, FirstName: "Live", LastName: "Integration", APIUser: true,
		}})
	}
	before := serverUsers(srv)
	refused := regexp.MustCompile(`(?s)Too Many Active API Users.*` +
		wrapped(`The server allows at most 10 active API users (as its GET /limits reports). Active now: 3 ("live-a", "live-b", "live-c"). This plan adds 8`).String())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    refusedAtPlanAndApply(providerConfig(srv)+newUsersConfig("new", "new-", 8, ""), refused),
	})
	expectNothingWritten(t, srv, before)
}

// TestAccAPIUser_activeLimitFromSettings: on a server speaking only the
// documented protocol (no GET /limits, no status, no apiUser) the
// provider's max_active_api_users supplies the limit, and every user the
// server does not call a person counts as active (the admin here).
func TestAccAPIUser_activeLimitFromSettings(t *testing.T) {
	srv := newTestServer(t, func(o *mockserver.Options) { o.Protocol = mockserver.ProtocolDocumented })
	before := serverUsers(srv)
	refused := regexp.MustCompile(`(?s)Too Many Active API Users.*` +
		wrapped(fmt.Sprintf(`The server allows at most 2 active API users (as the provider's max_active_api_users setting says). Active now: 1 (%q). This plan adds 2`, srv.AdminUsername())).String())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    refusedAtPlanAndApply(providerConfigWith(srv, "max_active_api_users = 2")+newUsersConfig("new", "new-", 2, ""), refused),
	})
	expectNothingWritten(t, srv, before)
}

// TestAccAPIUser_deactivationsFreeSlots: at the limit (10 of 10 active), a
// plan that deactivates users frees their slots for the users it creates
// after them (depends_on orders the plan and the apply), and a destroy
// frees its slot too; the server then holds 10 active API users.
func TestAccAPIUser_deactivationsFreeSlots(t *testing.T) {
	srv := newTestServer(t, func(o *mockserver.Options) { o.MaxActiveAPIUsers = 10 })
	full := providerConfig(srv) + newUsersConfig("old", "old-", 10, "")
	rotated := providerConfig(srv) + newUsersConfig("old", "old-", 10, `status = count.index < 2 ? "inactive" : "active"`) +
		newUsersConfig("new", "new-", 2, "depends_on = [apiusers_api_user.old]")
	shrunk := providerConfig(srv) + newUsersConfig("old", "old-", 9, `status = count.index < 2 ? "inactive" : "active"`) +
		newUsersConfig("new", "new-", 3, "depends_on = [apiusers_api_user.old]")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: full},
			// One more without a deactivation is refused.
			{Config: full + newUsersConfig("new", "new-", 1, ""), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)Too Many Active API Users.*` +
				wrapped(`Active now: 10`).String() + `.*` + wrapped(`This plan adds 1 (counting the 0 it deactivates or destroys so far), which makes 11`).String())},
			{Config: rotated, Check: func(*terraform.State) error { return expectActiveAPIUsers(srv, 10) }},
			// A destroy (old-9) frees a slot for new-2.
			{Config: shrunk, PlanOnly: true, ExpectNonEmptyPlan: true},
		},
	})
}

// expectActiveAPIUsers fails unless the server holds n active API users.
func expectActiveAPIUsers(srv *mockserver.Server, n int) error {
	active := 0
	for _, u := range srv.Users() {
		if u.APIUser && u.Status == mockserver.StatusActive {
			active++
		}
	}
	if active != n {
		return fmt.Errorf("the server holds %d active API users, want %d", active, n)
	}
	return nil
}

// TestSlotChanges: what each kind of plan does to the run's tally.
func TestSlotChanges(t *testing.T) {
	user := func(login, status string) *apiUserModel {
		m := &apiUserModel{}
		m.LoginID, m.Status = types.StringValue(login), types.StringValue(status)
		if status == "" {
			m.Status = types.StringNull() // a server that does not report status
		}
		return m
	}
	unknownLogin := user("", "active")
	unknownLogin.LoginID = types.StringUnknown()
	for _, tc := range []struct {
		name        string
		plan, state *apiUserModel
		want        []slotChange
	}{
		{"create", user("New", "active"), nil, []slotChange{{"new", true}}},
		{"create inactive", user("new", "inactive"), nil, []slotChange{{"new", false}}},
		{"create, status not reported", user("new", ""), nil, []slotChange{{"new", true}}},
		{"create, login id unknown", unknownLogin, nil, []slotChange{{"?1", true}}},
		{"destroy", nil, user("Old", "active"), []slotChange{{"old", false}}},
		{"status to active", user("u", "active"), user("u", "trash"), []slotChange{{"u", true}}},
		{"status away from active", user("u", "inactive"), user("u", "active"), []slotChange{{"u", false}}},
		{"other change", user("U", "active"), user("u", "active"), nil},
		{"replaced under a new login id", user("new", "active"), user("old", "active"), []slotChange{{"old", false}, {"new", true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := slotChanges(tc.plan, tc.state, "?1"); !slices.Equal(got, tc.want) {
				t.Errorf("slotChanges = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestPlanActiveCountsStates: a user planned twice (a replacement's two
// halves, the plan made again at apply) is one entry of the tally.
func TestPlanActiveCountsStates(t *testing.T) {
	var m runState
	m.planActive([]slotChange{{"old", false}, {"new", true}})
	got := m.planActive([]slotChange{{"new", true}})
	if len(got) != 2 || !got["new"] || got["old"] {
		t.Errorf("tally = %v, want old inactive and new active", got)
	}
}
