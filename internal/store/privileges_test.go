package store

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

func TestProjectPrivilegesListsEachProjectOnce(t *testing.T) {
	logins := make([]string, 100)
	for i := range logins {
		logins[i] = fmt.Sprintf("svc-%02d", i)
	}
	api := newFakeAPI(logins...)
	for i, l := range logins {
		if i%3 == 0 {
			// Unsorted as a server may send it; the store answers sorted.
			api.privileges["badges"][l] = []string{"print_card", "access_producer"}
		}
	}
	s := New(api, Options{})
	var wg sync.WaitGroup
	for i, l := range logins {
		wg.Go(func() {
			got, found, err := s.ProjectPrivileges(t.Context(), "badges", l)
			if err != nil || found != (i%3 == 0) {
				t.Errorf("ProjectPrivileges(badges, %s) = %v, %v, %v", l, got, found, err)
			}
			if found && !slices.Equal(got, []string{"access_producer", "print_card"}) {
				t.Errorf("ProjectPrivileges(badges, %s) = %v; want sorted", l, got)
			}
		})
	}
	wg.Wait()
	if n := api.count("ListProjectPrivileges"); n != 1 {
		t.Errorf("ListProjectPrivileges called %d times for 100 lookups, want 1", n)
	}
}

func TestSetAndDeleteProjectPrivilegesKeepCacheCurrent(t *testing.T) {
	api := newFakeAPI("svc-a")
	s := New(api, Options{})
	if _, found, err := s.ProjectPrivileges(t.Context(), "visitors", "svc-a"); err != nil || found {
		t.Fatalf("before: found %v, %v", found, err)
	}
	stored, err := s.SetProjectPrivileges(t.Context(), "visitors", "svc-a", []string{"preview_card", "access_producer"})
	if err != nil || !slices.Equal(stored, []string{"access_producer", "preview_card"}) {
		t.Fatalf("SetProjectPrivileges = %v, %v", stored, err)
	}
	got, found, err := s.ProjectPrivileges(t.Context(), "visitors", "SVC-A")
	if err != nil || !found || !slices.Equal(got, stored) {
		t.Errorf("after Set: %v, %v, %v; want %v", got, found, err, stored)
	}
	got[0] = "changed"
	if again, _, _ := s.ProjectPrivileges(t.Context(), "visitors", "svc-a"); again[0] != "access_producer" {
		t.Error("changing a returned slice changed the cache")
	}
	if err := s.DeleteProjectPrivileges(t.Context(), "visitors", "svc-a"); err != nil {
		t.Fatal(err)
	}
	if _, found, err := s.ProjectPrivileges(t.Context(), "visitors", "svc-a"); err != nil || found {
		t.Errorf("after Delete: found %v, %v", found, err)
	}
	if err := s.DeleteProjectPrivileges(t.Context(), "visitors", "svc-a"); err != nil {
		t.Errorf("Delete when none are held = %v, want nil", err)
	}
	if n := api.count("ListProjectPrivileges"); n != 1 {
		t.Errorf("ListProjectPrivileges called %d times, want 1", n)
	}
}
