package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
	"github.com/apiusers/terraform-provider-apiusers/internal/rpcserver"
)

// These tests hold the provider to the request budget of the performance
// issue, counted by the mock: a refresh reads the users once per provider
// process whatever the number of resources, roles and privileges once per
// role and per project, and concurrent writes join one PUT /users/sync.
//
// What one plugin-testing step runs (terraform-plugin-testing v1.16,
// helper/resource/testing_new_config.go), each command with its own
// ConfigureProvider and so its own store (the "process" of the issue):
//   - a Config step: plan, apply, show, then the two plans of a PlanOnly step;
//   - a PlanOnly step: "plan -refresh=false", show, "plan" (refreshing), show.
// show only reads schemas, and a plan without refresh reads no resource, so
// in a no-op PlanOnly step exactly one command, the refreshing plan, reads
// the server's users, roles and privileges.

// countedUsers is the number of API users the tests manage: more than three
// times Terraform's default -parallelism, so batching has work to join.
const countedUsers = 30

// terraformParallelism is terraform apply's default -parallelism.
const terraformParallelism = 10

// countedRoles and countedProjects are spread over the users so that every
// role and project has several holders: reading them per resource instead of
// per role or project would show up as countedUsers reads instead of three.
var (
	countedRoles    = []string{"api_default", "read_only", "reports"}
	countedProjects = []string{"badges", "visitors", "contractors"}
)

// requestCountsResources declares countedUsers API users and, when links is
// true, one role assignment and one project privilege per user.
func requestCountsResources(links bool) string {
	cfg := fmt.Sprintf(`
resource "apiusers_api_user" "svc" {
  count      = %[1]d
  login_id   = format("svc-%%03d", count.index)
  first_name = "Service"
  last_name  = "Integration"
  password   = "Counted-Passw0rd-1"
}
`, countedUsers)
	if !links {
		return cfg
	}
	return cfg + fmt.Sprintf(`
locals {
  roles    = %[1]s
  projects = %[2]s
}

resource "apiusers_role_assignment" "svc" {
  count    = %[3]d
  role_id  = local.roles[count.index %% length(local.roles)]
  login_id = apiusers_api_user.svc[count.index].login_id
}

resource "apiusers_project_privilege" "svc" {
  count      = %[3]d
  project_id = local.projects[count.index %% length(local.projects)]
  login_id   = apiusers_api_user.svc[count.index].login_id
  privileges = ["access_producer", "preview_card"]
}
`, hclStrings(countedRoles), hclStrings(countedProjects), countedUsers)
}

// hclStrings writes a list of strings as an HCL tuple.
func hclStrings(values []string) string {
	out := "["
	for i, v := range values {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", v)
	}
	return out + "]"
}

// expectRequests reports an error for every route whose count differs from
// want. The counts are those since the last srv.ResetRequests.
func expectRequests(t *testing.T, srv *mockserver.Server, what string, want map[[2]string]int) {
	t.Helper()
	for route, n := range want {
		if got := srv.Requests(route[0], route[1]); got != n {
			t.Errorf("%s: %s %s made %d times, want %d", what, route[0], route[1], got, n)
		}
	}
}

// countingProviderFactories serve a provider that knows Terraform's
// -parallelism in advance (store.Options.KnownWave), for the tests that
// count syncs: it sends each wave of operations as one sync as soon as the
// wave is whole, where the provider otherwise learns the wave from a first
// batch that waits out the idle window, and splits waves when round trips
// are long (under -race a sync of ten bcrypt hashes takes 200 to 400 ms). So
// the count does not depend on how fast the machine is.
var countingProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"apiusers": rpcserver.Factory(func() provider.Provider {
		return &apiUsersProvider{version: "test", knownWave: terraformParallelism}
	}),
}

// expectWaveSyncs checks the PUT /users/sync count of a step that created or
// destroyed countedUsers users: one each with batching off, and with it on
// one per wave of -parallelism operations (countingProviderFactories).
func expectWaveSyncs(t *testing.T, srv *mockserver.Server, what string) {
	t.Helper()
	got := srv.Requests(http.MethodPut, mockserver.RouteSync)
	if testBatchingDisabled() {
		if got != countedUsers {
			t.Errorf("batching off: %d %s made %d PUT /users/sync, want exactly one each", countedUsers, what, got)
		}
		return
	}
	if want := (countedUsers + terraformParallelism - 1) / terraformParallelism; got != want {
		t.Errorf("batching on: %d %s at -parallelism %d made %d PUT /users/sync, want %d",
			countedUsers, what, terraformParallelism, got, want)
	}
}

func TestAccRequestCounts_usersRefreshOnceAndWritesBatch(t *testing.T) {
	srv := newTestServer(t)
	cfg := providerConfig(srv) + requestCountsResources(false)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: countingProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetRequests,
				Config:    cfg,
			},
			{
				PreConfig: func() {
					expectWaveSyncs(t, srv, "creates")
					srv.ResetRequests()
				},
				Config:   cfg,
				PlanOnly: true,
			},
			{
				// The no-op PlanOnly step above, counted: its two plans each
				// configure the provider, and Configure authenticates, so one
				// token per plan; only the refreshing plan lists the users,
				// once whatever the number of users, and not a single write.
				PreConfig: func() {
					expectRequests(t, srv, "no-op PlanOnly step of 30 users", map[[2]string]int{
						{http.MethodGet, mockserver.RouteAuth}:     2,
						{http.MethodGet, mockserver.RouteUsers}:    1,
						{http.MethodGet, mockserver.RouteUser}:     0,
						{http.MethodGet, mockserver.RouteBranches}: 0,
						{http.MethodGet, mockserver.RouteGroups}:   0,
						{http.MethodPut, mockserver.RouteSync}:     0,
					})
					srv.ResetRequests() // the destroy after the last step is counted by CheckDestroy
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
		CheckDestroy: func(*terraform.State) error {
			expectWaveSyncs(t, srv, "deletes")
			return nil
		},
	})
}

func TestAccRequestCounts_rolesAndPrivilegesReadOncePerRoleAndProject(t *testing.T) {
	srv := newTestServer(t)
	cfg := providerConfig(srv) + requestCountsResources(true)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: srv.ResetRequests,
				Config:    cfg,
				PlanOnly:  true,
			},
			{
				// The PlanOnly step above: its refreshing plan reads 30
				// users, 30 role assignments in three roles and 30
				// privileges in three projects with one list of users, one
				// list of holders per role and one list of privileges per
				// project. Both of its plans (the non-refreshing one too)
				// check role and project ids against the catalogues at plan
				// time: one GET /roles, one GET /projects and so one token
				// per plan, two each.
				PreConfig: func() {
					expectRequests(t, srv, "no-op PlanOnly step of 30 users with links", map[[2]string]int{
						{http.MethodGet, mockserver.RouteAuth}:                  2,
						{http.MethodGet, mockserver.RouteRoles}:                 2,
						{http.MethodGet, mockserver.RouteProjects}:              2,
						{http.MethodGet, mockserver.RouteUsers}:                 1,
						{http.MethodGet, mockserver.RouteRoleUsers}:             len(countedRoles),
						{http.MethodGet, mockserver.RouteProjectPrivileges}:     len(countedProjects),
						{http.MethodGet, mockserver.RouteProjectUserPrivileges}: 0,
						{http.MethodPut, mockserver.RouteSync}:                  0,
						{http.MethodPut, mockserver.RouteRoleUser}:              0,
						{http.MethodPut, mockserver.RouteProjectUserPrivileges}: 0,
					})
				},
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}
