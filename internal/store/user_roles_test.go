package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestUserRolesReadsEachRoleOnce(t *testing.T) {
	logins := make([]string, 50)
	for i := range logins {
		logins[i] = fmt.Sprintf("svc-%02d", i)
	}
	api := newFakeAPI(logins...)
	for i, l := range logins {
		if i%2 == 0 {
			api.roles["api_default"][l] = true
		}
		if i%3 == 0 {
			api.roles["read_only"][l] = true
		}
	}
	s := New(api, Options{})
	var wg sync.WaitGroup
	for i, l := range logins {
		wg.Go(func() {
			var want []string
			if i%2 == 0 {
				want = append(want, "api_default")
			}
			if i%3 == 0 {
				want = append(want, "read_only")
			}
			// Login ids are case-insensitive.
			got, err := s.UserRoles(t.Context(), "SVC-"+l[4:])
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("UserRoles(%s) = %q, %v; want %q", l, got, err, want)
			}
		})
	}
	wg.Wait()
	if n := api.count("ListRoles"); n != 1 {
		t.Errorf("ListRoles called %d times, want 1", n)
	}
	if n := api.count("ListRoleUsers"); n != 2 {
		t.Errorf("ListRoleUsers called %d times for 2 roles and 50 users, want 2: one per role, none per user", n)
	}
	if got, err := s.UserRoles(t.Context(), "nobody"); err != nil || len(got) != 0 {
		t.Errorf("UserRoles(unknown user) = %q, %v; want none", got, err)
	}
}

func TestUserRolesSkipsRoleRemovedSinceCatalogue(t *testing.T) {
	api := newFakeAPI("svc-a")
	api.roles["api_default"]["svc-a"] = true
	delete(api.roles, "read_only") // in the catalogue, but its holders answer 404
	s := New(api, Options{})
	got, err := s.UserRoles(t.Context(), "svc-a")
	if err != nil || !slices.Equal(got, []string{"api_default"}) {
		t.Errorf("UserRoles = %q, %v; want [api_default]", got, err)
	}
}

func TestUserRolesPassesCatalogueErrorsOn(t *testing.T) {
	api := newFakeAPI("svc-a")
	api.catalogErr = &client.MissingExtensionError{Extension: client.ExtensionRoles, Request: "GET /roles"}
	s := New(api, Options{})
	_, err := s.UserRoles(t.Context(), "svc-a")
	var missing *client.MissingExtensionError
	if !errors.As(err, &missing) || missing.Extension != client.ExtensionRoles {
		t.Errorf("UserRoles on a server without roles = %v, want a *client.MissingExtensionError for roles", err)
	}
	if _, _, err := s.SetUserRoles(t.Context(), "svc-a", nil); !errors.As(err, &missing) {
		t.Errorf("SetUserRoles on a server without roles = %v, want a *client.MissingExtensionError", err)
	}
}

func TestSetUserRoles(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		held, want             []string
		wantAssign, wantRemove []string
	}{
		{name: "from none", want: []string{"read_only", "api_default"}, wantAssign: []string{"read_only", "api_default"}},
		{name: "swap", held: []string{"api_default"}, want: []string{"read_only"}, wantAssign: []string{"read_only"}, wantRemove: []string{"api_default"}},
		{name: "already so", held: []string{"api_default"}, want: []string{"api_default"}},
		{name: "to none", held: []string{"api_default", "read_only"}, wantRemove: []string{"api_default", "read_only"}},
		{name: "duplicates in want", want: []string{"read_only", "read_only"}, wantAssign: []string{"read_only"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI("svc-a")
			for _, r := range tc.held {
				api.roles[r]["svc-a"] = true
			}
			s := New(api, Options{})
			assigned, removed, err := s.SetUserRoles(t.Context(), "svc-a", tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(assigned, tc.wantAssign) || !slices.Equal(removed, tc.wantRemove) {
				t.Errorf("SetUserRoles assigned %q and removed %q; want %q and %q", assigned, removed, tc.wantAssign, tc.wantRemove)
			}
			got, err := s.UserRoles(t.Context(), "svc-a")
			wantHeld := slices.Compact(slices.Sorted(slices.Values(tc.want)))
			if err != nil || !slices.Equal(got, wantHeld) {
				t.Errorf("roles after SetUserRoles = %q, %v; want %q (the cache follows the writes)", got, err, wantHeld)
			}
			if n := api.count("ListRoleUsers"); n != 2 {
				t.Errorf("ListRoleUsers called %d times, want 2: the writes keep the cache current", n)
			}
		})
	}
}

func TestSetUserRolesUnknownUser(t *testing.T) {
	api := newFakeAPI()
	s := New(api, Options{})
	assigned, _, err := s.SetUserRoles(t.Context(), "ghost", []string{"api_default"})
	if !errors.Is(err, client.ErrNotFound) || len(assigned) != 0 {
		t.Fatalf("SetUserRoles(unknown user) = %q, %v; want nothing assigned and client.ErrNotFound", assigned, err)
	}
	if want := `assign role "api_default"`; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name the role (%s)", err, want)
	}
}
