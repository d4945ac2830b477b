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
	prefix    string // login ids are prefix-000 ...
	users     int
	provider  string // extra lines inside the provider block
	lifecycle string // lines inside apiusers_api_user's lifecycle block; none when empty
}

func newFleet(prefix string) fleet { return fleet{prefix: prefix, users: usersPerScenario} }

func (f fleet) loginIDs() []string {
	ids := make([]string, f.users)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s-%03d", f.prefix, i)
	}
	return ids
}

// userAddress is the address of the api user with this login id.
func (f fleet) userAddress(loginID string) string {
	return fmt.Sprintf("apiusers_api_user.fleet[%q]", loginID)
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
%[7]s}

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
`, f.provider, f.users, f.prefix, fleetRole, fleetProject, quoteList(fleetPrivileges), f.lifecycleBlock())
}

// lifecycleBlock is the api user's lifecycle block, or nothing.
func (f fleet) lifecycleBlock() string {
	if f.lifecycle == "" {
		return ""
	}
	return "\n  lifecycle {\n    " + f.lifecycle + "\n  }\n"
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
// users, role holders and privileges, with nothing lost, duplicated or
// orphaned (checkConvergence), and every user as configured.
func requireServerMatches(t *testing.T, host *mockHost, w *workspace, f fleet) {
	t.Helper()
	checkConvergence(t, host, w, configured{users: f.loginIDs(), linked: true})
	srv := host.server()
	for _, u := range srv.Users() {
		if strings.EqualFold(u.UserID, srv.AdminUsername()) {
			continue
		}
		if !u.APIUser || u.Status != "ACTIVE" || u.LastName != u.UserID {
			t.Errorf("user %s: apiUser=%v status=%q lastName=%q, want an active API user named after its login id",
				u.UserID, u.APIUser, u.Status, u.LastName)
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
