package store

import (
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestRoleHoldersSharesTheRoleCache(t *testing.T) {
	api := newFakeAPI("svc-b", "Payroll.Export", "svc-a")
	for _, l := range []string{"svc-b", "payroll.export", "svc-a"} {
		api.roles["api_default"][l] = true
	}
	s := New(api, Options{})
	if held, err := s.HasRole(t.Context(), "api_default", "svc-a"); err != nil || !held {
		t.Fatalf("HasRole = %v, %v", held, err)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			got, err := s.RoleHolders(t.Context(), "api_default")
			// Sorted, and spelled as GET /users spells them, not as the
			// cache keys them (lower case).
			if want := []string{"Payroll.Export", "svc-a", "svc-b"}; err != nil || !slices.Equal(got, want) {
				t.Errorf("RoleHolders(api_default) = %q, %v; want %q", got, err, want)
			}
		})
	}
	wg.Wait()
	if got, err := s.RoleHolders(t.Context(), "read_only"); err != nil || len(got) != 0 {
		t.Errorf("RoleHolders(read_only) = %q, %v; want none", got, err)
	}
	if n := api.count("ListRoleUsers"); n != 2 {
		t.Errorf("ListRoleUsers called %d times for 2 roles, want 2", n)
	}
	if n := api.count("ListUsers"); n != 1 {
		t.Errorf("ListUsers called %d times, want 1", n)
	}
}

func TestRoleHoldersFollowsWrites(t *testing.T) {
	api := newFakeAPI("svc-a", "Svc-B")
	api.roles["api_default"]["svc-a"] = true
	s := New(api, Options{})
	if _, err := s.RoleHolders(t.Context(), "api_default"); err != nil {
		t.Fatal(err)
	}
	// Written in another spelling; listed in the server's.
	if err := s.AssignRole(t.Context(), "api_default", "svc-b"); err != nil {
		t.Fatal(err)
	}
	if err := s.UnassignRole(t.Context(), "api_default", "SVC-A"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.RoleHolders(t.Context(), "api_default"); err != nil || !slices.Equal(got, []string{"Svc-B"}) {
		t.Errorf("RoleHolders after the writes = %q, %v; want [Svc-B]", got, err)
	}
	if n := api.count("ListRoleUsers"); n != 1 {
		t.Errorf("ListRoleUsers called %d times, want 1", n)
	}
}

func TestRoleHoldersUnknownRoleIsNotFound(t *testing.T) {
	s := New(newFakeAPI(), Options{})
	if _, err := s.RoleHolders(t.Context(), "no_such_role"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("RoleHolders(unknown role) error = %v, want client.ErrNotFound", err)
	}
}

// A holder the user snapshot does not know (added after it was taken) is
// listed as the cache keys it rather than left out.
func TestRoleHoldersHolderMissingFromSnapshot(t *testing.T) {
	api := newFakeAPI("svc-a")
	s := New(api, Options{})
	if _, err := s.Users(t.Context()); err != nil {
		t.Fatal(err)
	}
	api.mu.Lock()
	api.users["late-user"] = client.User{Key: 5000, UserID: "Late-User"}
	api.roles["read_only"]["late-user"] = true
	api.mu.Unlock()
	if got, err := s.RoleHolders(t.Context(), "read_only"); err != nil || !slices.Equal(got, []string{"late-user"}) {
		t.Errorf("RoleHolders = %q, %v; want [late-user]", got, err)
	}
}

func TestProjectPrivilegesByUserSharesTheProjectCache(t *testing.T) {
	api := newFakeAPI("svc-a", "Payroll.Export", "svc-c")
	api.privileges["badges"]["svc-a"] = []string{"print_card", "access_producer"}
	api.privileges["badges"]["payroll.export"] = []string{"access_producer"}
	s := New(api, Options{})
	if got, found, err := s.ProjectPrivileges(t.Context(), "badges", "svc-a"); err != nil || !found || len(got) != 2 {
		t.Fatalf("ProjectPrivileges = %v, %v, %v", got, found, err)
	}
	want := map[string][]string{
		"svc-a":          {"access_producer", "print_card"},
		"Payroll.Export": {"access_producer"},
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			got, err := s.ProjectPrivilegesByUser(t.Context(), "badges")
			if err != nil || !maps.EqualFunc(got, want, slices.Equal) {
				t.Errorf("ProjectPrivilegesByUser(badges) = %v, %v; want %v", got, err, want)
			}
		})
	}
	wg.Wait()

	got, err := s.ProjectPrivilegesByUser(t.Context(), "badges")
	if err != nil {
		t.Fatal(err)
	}
	got["svc-a"][0] = "changed"
	if again, _, _ := s.ProjectPrivileges(t.Context(), "badges", "svc-a"); again[0] != "access_producer" {
		t.Error("changing a returned slice changed the cache")
	}

	if _, err := s.SetProjectPrivileges(t.Context(), "badges", "SVC-C", []string{"preview_card", "access_producer"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteProjectPrivileges(t.Context(), "badges", "payroll.export"); err != nil {
		t.Fatal(err)
	}
	want = map[string][]string{
		"svc-a": {"access_producer", "print_card"},
		"svc-c": {"access_producer", "preview_card"},
	}
	if got, err := s.ProjectPrivilegesByUser(t.Context(), "badges"); err != nil || !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("ProjectPrivilegesByUser after the writes = %v, %v; want %v", got, err, want)
	}
	if got, err := s.ProjectPrivilegesByUser(t.Context(), "visitors"); err != nil || len(got) != 0 {
		t.Errorf("ProjectPrivilegesByUser(visitors) = %v, %v; want none", got, err)
	}
	if n := api.count("ListProjectPrivileges"); n != 2 {
		t.Errorf("ListProjectPrivileges called %d times for 2 projects, want 2", n)
	}
	if n := api.count("ListUsers"); n != 1 {
		t.Errorf("ListUsers called %d times, want 1", n)
	}
	if _, err := s.ProjectPrivilegesByUser(t.Context(), "no_such_project"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("ProjectPrivilegesByUser(unknown project) error = %v, want client.ErrNotFound", err)
	}
}
