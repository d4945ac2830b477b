package faults_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
)

// The fleet every scenario manages: usersPerScenario API users, each
// holding one role and one set of project privileges.
const (
	usersPerScenario = 200
	fleetRole        = "api_default"
	fleetProject     = "badges"
)

var fleetPrivileges = []string{"access_producer", "add_records", "edit_records"}

// fleet describes the configuration: its login ids and extra provider
// settings (HCL attribute lines).
type fleet struct {
	prefix   string // login ids are prefix-000 ...
	users    int
	provider string // extra lines inside the provider block
}

func newFleet(prefix string) fleet { return fleet{prefix: prefix, users: usersPerScenario} }

func (f fleet) loginIDs() []string {
	ids := make([]string, f.users)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s-%03d", f.prefix, i)
	}
	return ids
}

// config is the HCL: one apiusers_api_user per login id through for_each,
// with one role assignment and one project privilege each. The provider
// reads endpoint and credentials from the environment.
func (f fleet) config() string {
	return tfcli.RequiredProviders + fmt.Sprintf(`
provider "apiusers" {
%[1]s
}

locals {
  users = toset([for i in range(%[2]d) : format("%[3]s-%%03d", i)])
}

resource "apiusers_api_user" "fleet" {
  for_each     = local.users
  login_id     = each.key
  first_name   = "Fleet"
  last_name    = each.key
  email        = "${each.key}@fleet.example"
  organization = "Fault Injection Ltd"
  branch_ids   = [101, 102]
}

resource "apiusers_role_assignment" "fleet" {
  for_each = local.users
  role_id  = %[4]q
  login_id = apiusers_api_user.fleet[each.key].login_id
}

resource "apiusers_project_privilege" "fleet" {
  for_each   = local.users
  project_id = %[5]q
  login_id   = apiusers_api_user.fleet[each.key].login_id
  privileges = [%[6]s]
}
`, f.provider, f.users, f.prefix, fleetRole, fleetProject, quoteList(fleetPrivileges))
}

// resources is how many resources the configuration has.
func (f fleet) resources() int { return 3 * f.users }

func quoteList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, ", ")
}

// requireServerMatches checks that the server holds exactly the configured
// users, role holders and privileges: nothing lost, nothing duplicated,
// nothing extra (besides the admin, who is not managed).
func requireServerMatches(t *testing.T, host *mockHost, f fleet) {
	t.Helper()
	if dups := host.rec.duplicateAdds(); len(dups) > 0 {
		t.Errorf("%d ADD operations were sent for users that already existed: %v", len(dups), dups)
	}
	srv := host.server()
	want := f.loginIDs()
	var got []string
	seen := map[string]int{}
	for _, u := range srv.Users() {
		if strings.EqualFold(u.UserID, srv.AdminUsername()) {
			continue
		}
		seen[strings.ToLower(u.UserID)]++
		got = append(got, u.UserID)
		if !u.APIUser || u.Status != "ACTIVE" || u.LastName != u.UserID {
			t.Errorf("user %s: apiUser=%v status=%q lastName=%q, want an active API user named after its login id",
				u.UserID, u.APIUser, u.Status, u.LastName)
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("user %s exists %d times", id, n)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("server users differ from the configuration:\n missing %v\n extra %v", missing(want, got), missing(got, want))
	}
	holders := srv.RoleHolders(fleetRole)
	holders = slices.DeleteFunc(holders, func(id string) bool { return strings.EqualFold(id, srv.AdminUsername()) })
	if !slices.Equal(holders, want) {
		t.Errorf("holders of %s differ from the configuration:\n missing %v\n extra %v", fleetRole, missing(want, holders), missing(holders, want))
	}
	wantPrivileges := slices.Sorted(slices.Values(fleetPrivileges))
	for _, id := range want {
		if p := srv.Privileges(fleetProject, id); !slices.Equal(p, wantPrivileges) {
			t.Errorf("privileges of %s on %s: got %v, want %v", id, fleetProject, p, wantPrivileges)
		}
	}
}

// missing lists the items of a that b lacks (both sorted).
func missing(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, found := slices.BinarySearch(b, s); !found {
			out = append(out, s)
		}
	}
	return out
}
