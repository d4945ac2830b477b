package mockserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestRoles(t *testing.T) {
	s, admin := startServer(t, Options{})
	var list []role
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, RouteRoles, nil), &list); err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, r := range list {
		ids = append(ids, r.RoleID)
		if r.RoleID == "api_default" && r.Name != "API default role" {
			t.Errorf("api_default is named %q", r.Name)
		}
	}
	if !slices.Equal(ids, []string{"account_admin", "api_default", "read_only", "reports"}) {
		t.Fatalf("roles %v", ids)
	}
	if got := s.RoleHolders(RoleAccountAdmin); !slices.Equal(got, []string{DefaultAdminUsername}) {
		t.Fatalf("initial account_admin holders %v", got)
	}

	admin.mustSync(addAPIUser("zeta"), addAPIUser("Alpha"))
	admin.wantStatus(http.StatusNoContent, http.MethodPut, "/api/v1.0/roles/api_default/users/zeta", nil)
	admin.wantStatus(http.StatusNoContent, http.MethodPut, "/api/v1.0/roles/api_default/users/ALPHA", nil)
	admin.wantStatus(http.StatusNoContent, http.MethodPut, "/api/v1.0/roles/api_default/users/zeta", nil) // idempotent
	var holders []string
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, "/api/v1.0/roles/api_default/users", nil), &holders); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(holders, []string{"Alpha", "zeta"}) {
		t.Fatalf("holders %v, want sorted canonical login ids", holders)
	}

	admin.wantError(http.StatusNotFound, "no role", http.MethodGet, "/api/v1.0/roles/superuser/users", nil)
	admin.wantError(http.StatusNotFound, "no role", http.MethodPut, "/api/v1.0/roles/superuser/users/zeta", nil)
	admin.wantError(http.StatusNotFound, "no user", http.MethodPut, "/api/v1.0/roles/api_default/users/ghost", nil)
	admin.wantStatus(http.StatusNoContent, http.MethodDelete, "/api/v1.0/roles/api_default/users/zeta", nil)
	admin.wantError(http.StatusNotFound, "does not hold", http.MethodDelete, "/api/v1.0/roles/api_default/users/zeta", nil)
	if got := s.RoleHolders("api_default"); !slices.Equal(got, []string{"Alpha"}) {
		t.Fatalf("after unassign: %v", got)
	}
}

func TestProjectsAndPrivileges(t *testing.T) {
	s, admin := startServer(t, Options{})
	var list []project
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, RouteProjects, nil), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0] != (project{"badges", "Badges"}) {
		t.Fatalf("projects %+v", list)
	}
	admin.mustSync(addAPIUser("svc-p"), addAPIUser("svc-q"))
	path := "/api/v1.0/projects/badges/privileges/svc-p"
	admin.wantError(http.StatusNotFound, "holds no privileges", http.MethodGet, path, nil)

	var stored privilegesJSON
	body := map[string]any{"privileges": []string{"print_card", "access_producer", "print_card"}}
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodPut, "/api/v1.0/projects/badges/privileges/SVC-P", body), &stored); err != nil {
		t.Fatal(err)
	}
	want := privilegesJSON{ProjectID: "badges", UserID: "svc-p", Privileges: []string{"access_producer", "print_card"}}
	if stored.ProjectID != want.ProjectID || stored.UserID != want.UserID || !slices.Equal(stored.Privileges, want.Privileges) {
		t.Fatalf("stored %+v, want %+v", stored, want)
	}
	if got := s.Privileges("badges", "svc-p"); !slices.Equal(got, want.Privileges) {
		t.Fatalf("Privileges %v", got)
	}
	if err := s.SetPrivileges("badges", "svc-q", []string{"access_producer"}); err != nil {
		t.Fatal(err)
	}
	var all []privilegesJSON
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, "/api/v1.0/projects/badges/privileges", nil), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].UserID != "svc-p" || all[1].UserID != "svc-q" {
		t.Fatalf("list %+v", all)
	}

	for name, tc := range map[string]struct {
		path string
		body any
		code int
		want string
	}{
		"unknown privilege":  {path, map[string]any{"privileges": []string{"access_producer", "fly"}}, http.StatusBadRequest, "unknown privilege"},
		"empty set":          {path, map[string]any{"privileges": []string{}}, http.StatusBadRequest, "must not be empty"},
		"no access_producer": {path, map[string]any{"privileges": []string{"print_card"}}, http.StatusBadRequest, "access_producer"},
		"not an object":      {path, "[1]", http.StatusBadRequest, "privileges"},
		"unknown field":      {path, map[string]any{"privileges": []string{"access_producer"}, "x": 1}, http.StatusBadRequest, "unknown field"},
		"unknown project":    {"/api/v1.0/projects/moon/privileges/svc-p", map[string]any{"privileges": []string{"access_producer"}}, http.StatusNotFound, "no project"},
		"unknown user":       {"/api/v1.0/projects/badges/privileges/ghost", map[string]any{"privileges": []string{"access_producer"}}, http.StatusNotFound, "no user"},
	} {
		t.Run(name, func(t *testing.T) {
			admin.t = t
			admin.wantError(tc.code, tc.want, http.MethodPut, tc.path, tc.body)
		})
	}
	admin.t = t
	admin.wantError(http.StatusNotFound, "no project", http.MethodGet, "/api/v1.0/projects/moon/privileges", nil)
	admin.wantStatus(http.StatusNoContent, http.MethodDelete, path, nil)
	admin.wantError(http.StatusNotFound, "holds no privileges", http.MethodDelete, path, nil)
	if s.Privileges("badges", "svc-p") != nil {
		t.Fatalf("privileges left after DELETE")
	}
}

// TestDeleteCascades: deleting a user (by sync, by branch removal, or out of
// band) removes its roles and privileges; a new user of the same login id
// starts with none.
func TestDeleteCascades(t *testing.T) {
	s, admin := startServer(t, Options{})
	deletions := map[string]func(){
		"sync":     func() { admin.mustSync(op{"method": "DELETE", "userLoginId": "victim"}) },
		"branches": func() { admin.mustSync(op{"method": "DELETE", "userLoginId": "victim", "branchIds": "101"}) },
		"DeleteUser": func() {
			if err := s.DeleteUser("VICTIM"); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, del := range deletions {
		t.Run(name, func(t *testing.T) {
			admin.t = t
			admin.mustSync(with(addAPIUser("victim"), "branchIds", "101"))
			if err := s.AssignRole("api_default", "victim"); err != nil {
				t.Fatal(err)
			}
			if err := s.SetPrivileges("visitors", "victim", []string{"access_producer", "edit_records"}); err != nil {
				t.Fatal(err)
			}
			del()
			admin.mustSync(addAPIUser("victim"))
			if got := s.RoleHolders("api_default"); len(got) != 0 {
				t.Fatalf("role holders after delete: %v", got)
			}
			if got := s.Privileges("visitors", "victim"); got != nil {
				t.Fatalf("privileges after delete: %v", got)
			}
			admin.mustSync(op{"method": "DELETE", "userLoginId": "victim"})
		})
	}
}

func TestCatalogues(t *testing.T) {
	_, admin := startServer(t, Options{Branches: []int64{200, 101}})
	var branches []branch
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, RouteBranches, nil), &branches); err != nil {
		t.Fatal(err)
	}
	if len(branches) != 2 || branches[0].BranchID != 101 || branches[1].BranchID != 200 || branches[0].Name == "" {
		t.Fatalf("branches %+v", branches)
	}
	var gs []group
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, RouteGroups, nil), &gs); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gs, []group{{1, "Admin"}, {2, "User"}, {3, "Guest"}, {4, "API"}}) {
		t.Fatalf("groups %+v", gs)
	}
	admin.mustSync(with(addPerson("b200"), "branchIds", "200"))
	if ok, reason := admin.sync(with(addPerson("b105"), "branchIds", "105")); ok {
		t.Fatalf("branch 105 accepted although not configured: %s", reason)
	}
}

// TestRouting: unknown routes 404, wrong methods 405, both as {"error": ...}.
func TestRouting(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.wantError(http.StatusNotFound, "no such route", http.MethodGet, "/api/v1.0/nothing", nil)
	admin.wantError(http.StatusNotFound, "no such route", http.MethodGet, "/api/v1.0/users/a/b", nil)
	admin.wantError(http.StatusMethodNotAllowed, "allowed: GET", http.MethodPost, RouteUsers, nil)
	// GET /users/sync is a route too (the user "sync"), so Allow names both.
	resp, body := admin.do(http.MethodDelete, RouteSync, nil)
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, PUT" ||
		!strings.Contains(string(body), `not allowed on \"/api/v1.0/users/sync\"`) {
		t.Fatalf("DELETE /users/sync: %d Allow=%q %s", resp.StatusCode, resp.Header.Get("Allow"), body)
	}
	// API.md has no HEAD: the mux would serve it with the GET route.
	if resp, _ := admin.do(http.MethodHead, RouteAuth, nil); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET" {
		t.Fatalf("HEAD /auth: %d Allow=%q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	// Unclean paths are not redirected (a 307 would carry a PUT on).
	admin.wantError(http.StatusNotFound, "no such route", http.MethodGet, "/api/v1.0//users", nil)
	admin.wantError(http.StatusNotFound, "no such route", http.MethodPut, "/api/v1.0/x/../users/sync", []op{addPerson("via-dots")})
	if _, ok := s.User("via-dots"); ok {
		t.Fatal("a sync through an unclean path was applied")
	}
	// GET /users/sync reads the user named "sync"; it must not be the sync route.
	admin.mustSync(addPerson("sync"))
	admin.wantStatus(http.StatusOK, http.MethodGet, "/api/v1.0/users/sync", nil)
	admin.wantError(http.StatusNotFound, "no user", http.MethodGet, "/api/v1.0/users/ghost", nil)
	if s.Requests(http.MethodGet, routeUnmatched) != 3 {
		t.Fatalf("unmatched count %d", s.Requests(http.MethodGet, routeUnmatched))
	}
}
