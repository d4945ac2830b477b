package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestHasRoleListsEachRoleOnce(t *testing.T) {
	logins := make([]string, 100)
	for i := range logins {
		logins[i] = fmt.Sprintf("svc-%02d", i)
	}
	api := newFakeAPI(logins...)
	for i, l := range logins {
		if i%2 == 0 {
			api.roles["api_default"][l] = true
		}
	}
	s := New(api, Options{})
	var wg sync.WaitGroup
	for i, l := range logins {
		for _, role := range []string{"api_default", "read_only"} {
			wg.Go(func() {
				held, err := s.HasRole(t.Context(), role, l)
				if want := role == "api_default" && i%2 == 0; err != nil || held != want {
					t.Errorf("HasRole(%s, %s) = %v, %v; want %v", role, l, held, err, want)
				}
			})
		}
	}
	wg.Wait()
	if n := api.count("ListRoleUsers"); n != 2 {
		t.Errorf("ListRoleUsers called %d times for 2 roles and 200 lookups, want 2", n)
	}
}

func TestHasRoleUnknownRoleIsNotFoundAndNotCached(t *testing.T) {
	api := newFakeAPI("svc-a")
	s := New(api, Options{})
	for range 2 {
		if _, err := s.HasRole(t.Context(), "no_such_role", "svc-a"); !errors.Is(err, client.ErrNotFound) {
			t.Fatalf("HasRole(unknown role) error = %v, want client.ErrNotFound", err)
		}
	}
	if n := api.count("ListRoleUsers"); n != 2 {
		t.Errorf("ListRoleUsers called %d times, want 2: errors are not cached", n)
	}
}

func TestAssignAndUnassignRoleKeepCacheCurrent(t *testing.T) {
	api := newFakeAPI("svc-a")
	s := New(api, Options{})
	if held, err := s.HasRole(t.Context(), "api_default", "svc-a"); err != nil || held {
		t.Fatalf("HasRole before assigning = %v, %v", held, err)
	}
	if err := s.AssignRole(t.Context(), "api_default", "svc-a"); err != nil {
		t.Fatal(err)
	}
	if held, err := s.HasRole(t.Context(), "api_default", "SVC-A"); err != nil || !held {
		t.Errorf("HasRole after AssignRole = %v, %v; want true", held, err)
	}
	if err := s.UnassignRole(t.Context(), "api_default", "svc-a"); err != nil {
		t.Fatal(err)
	}
	if held, err := s.HasRole(t.Context(), "api_default", "svc-a"); err != nil || held {
		t.Errorf("HasRole after UnassignRole = %v, %v; want false", held, err)
	}
	// Not holding it is what the caller wants: success.
	if err := s.UnassignRole(t.Context(), "api_default", "svc-a"); err != nil {
		t.Errorf("UnassignRole of a non-holder = %v, want nil", err)
	}
	if n := api.count("ListRoleUsers"); n != 1 {
		t.Errorf("ListRoleUsers called %d times, want 1", n)
	}
	if err := s.AssignRole(t.Context(), "api_default", "nobody"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("AssignRole(unknown user) = %v, want client.ErrNotFound", err)
	}
	if held, _ := s.HasRole(t.Context(), "api_default", "nobody"); held {
		t.Error("a failed AssignRole was recorded in the cache")
	}
}
