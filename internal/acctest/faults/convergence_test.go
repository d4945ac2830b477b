package faults_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// convergence is how the server and the state differ from the
// configuration at the end of a scenario. The fault matrix shows its three
// counts; a scenario that converged has all three 0.
type convergence struct {
	// missing and extra are configured objects the server lacks and
	// objects it has beyond the configuration: users, and for a linked
	// configuration each user's role and privileges.
	missing, extra []string
	addsOfExisting []string // ADDs sent for users that already existed (recorder.duplicateAdds)
	multiple       []string // login ids held by more than one server user or state resource
	unmanaged      []string // users on the server (besides the admin) that no resource in state manages
	vanished       []string // users in state that the server does not have
}

// lost counts objects lost, or created beyond the configuration.
func (c convergence) lost() int { return len(c.missing) + len(c.extra) }

// duplicated counts ADDs of existing users and users that exist twice.
func (c convergence) duplicated() int { return len(c.addsOfExisting) + len(c.multiple) }

// orphaned counts users the server and the state disagree on.
func (c convergence) orphaned() int { return len(c.unmanaged) + len(c.vanished) }

// configured is what a scenario's configuration declares.
type configured struct {
	users []string // login ids
	// linked: each user holds fleetRole and exactly fleetPrivileges on
	// fleetProject, and no one else (but the admin) holds fleetRole.
	linked bool
}

// checkConvergence compares the server's users and links, the recorder's
// ADDs and the apiusers_api_user resources in w's state with want; it
// reports every difference and keeps the result for the scenario's row in
// the fault matrix.
func checkConvergence(t *testing.T, host *mockHost, w *workspace, want configured) {
	t.Helper()
	srv := host.server()
	admin := strings.ToLower(srv.AdminUsername())
	onServer := map[string]int{}
	for _, u := range srv.Users() {
		if id := strings.ToLower(u.UserID); id != admin {
			onServer[id]++
		}
	}
	inState := map[string]int{}
	for _, u := range w.stateUsers() {
		inState[strings.ToLower(u.loginID)]++
	}
	server, state := slices.Sorted(maps.Keys(onServer)), slices.Sorted(maps.Keys(inState))
	users := slices.Sorted(slices.Values(want.users))
	c := convergence{
		missing:        missing(users, server),
		extra:          missing(server, users),
		addsOfExisting: host.rec.duplicateAdds(),
		unmanaged:      missing(server, state),
		vanished:       missing(state, server),
	}
	if want.linked {
		holders := slices.DeleteFunc(srv.RoleHolders(fleetRole), func(id string) bool { return strings.EqualFold(id, admin) })
		for _, id := range missing(users, holders) {
			c.missing = append(c.missing, "role "+fleetRole+" of "+id)
		}
		for _, id := range missing(holders, users) {
			c.extra = append(c.extra, "role "+fleetRole+" of "+id)
		}
		wantPrivileges := slices.Sorted(slices.Values(fleetPrivileges))
		for _, id := range users {
			if p := srv.Privileges(fleetProject, id); !slices.Equal(p, wantPrivileges) {
				c.missing = append(c.missing, fmt.Sprintf("privileges of %s on %s (has %v)", id, fleetProject, p))
			}
		}
	}
	for _, counts := range []map[string]int{onServer, inState} {
		for _, id := range slices.Sorted(maps.Keys(counts)) {
			if counts[id] > 1 {
				c.multiple = append(c.multiple, id)
			}
		}
	}
	w.converged = &c

	if c.lost() > 0 {
		t.Errorf("the server differs from the configuration:\n missing %v\n extra %v", c.missing, c.extra)
	}
	if len(c.addsOfExisting) > 0 {
		t.Errorf("%d ADD operations were sent for users that already existed: %v", len(c.addsOfExisting), c.addsOfExisting)
	}
	if len(c.multiple) > 0 {
		t.Errorf("login ids held by more than one user on the server or resource in state: %v", c.multiple)
	}
	if c.orphaned() > 0 {
		t.Errorf("the server and the state disagree:\n on the server, not in state %v\n in state, not on the server %v", c.unmanaged, c.vanished)
	}
}

// stateUser is one apiusers_api_user object in the state.
type stateUser struct {
	address string
	loginID string
	tainted bool
	deposed bool // kept aside by a create_before_destroy replacement
}

// stateUsers lists the apiusers_api_user objects in the state, from
// `terraform show -json`: unlike `terraform state list` it gives each
// object's login id and whether it is tainted or deposed.
func (w *workspace) stateUsers() []stateUser {
	w.t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address    string `json:"address"`
					Type       string `json:"type"`
					Tainted    bool   `json:"tainted"`
					DeposedKey string `json:"deposed_key"`
					Values     struct {
						LoginID string `json:"login_id"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(w.ShowJSON()), &state); err != nil {
		w.t.Fatalf("decoding terraform show -json: %v", err)
	}
	var users []stateUser
	for _, r := range state.Values.RootModule.Resources {
		if r.Type == "apiusers_api_user" {
			users = append(users, stateUser{address: r.Address, loginID: r.Values.LoginID, tainted: r.Tainted, deposed: r.DeposedKey != ""})
		}
	}
	return users
}
