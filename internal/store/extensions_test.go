package store

import (
	"errors"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// A server that does not report a field (API.md Part A alone) may have
// ignored it: the snapshot must not claim a value it only sent.
func TestApplyModifyDoesNotPatchUnreportedFields(t *testing.T) {
	api := newFakeAPI("svc-a")
	partAUsers(api)
	s := New(api, Options{})
	mustUser(t, s, "svc-a")

	op := modifyOp("svc-a", "Renamed")
	op.Description = ptr("billing export")
	op.Status = ptr(client.StatusInactive)
	op.BranchIDs = client.BranchIDs{102}
	got, err := s.Apply(t.Context(), op)
	if err != nil {
		t.Fatal(err)
	}
	if got.FirstName != "Renamed" || got.Description != nil || got.Status != nil || got.BranchIDs != nil {
		t.Errorf("Apply(MODIFY) = %+v; want FirstName patched and description, status and branches still unreported", got)
	}
	ext, err := s.Extensions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if ext.Reports(client.FieldStatus) || ext.Reports(client.FieldDescription) {
		t.Errorf("Extensions() reports status or description for a server whose list has neither")
	}
}

// The override modes decide without a list, and "none" hides what the server
// sends and refuses Part B calls without sending them.
func TestExtensionsModes(t *testing.T) {
	api := newFakeAPI("svc-a")
	none := New(api, Options{Extensions: client.ExtensionsNone})
	if ext, err := none.Extensions(t.Context()); err != nil || ext.Reports(client.FieldStatus) {
		t.Fatalf("none: Extensions() = %v, %v; want nothing reported", ext, err)
	}
	if n := api.count("ListUsers"); n != 0 {
		t.Errorf("none: Extensions() listed the users %d times; want 0", n)
	}
	if u := mustUser(t, none, "svc-a"); u.Status != nil || u.Description != nil || u.BranchIDs != nil {
		t.Errorf("none: User() = %+v; want the extension fields masked", u)
	}
	_, err := none.Roles(t.Context())
	var missing *client.MissingExtensionError
	if !errors.As(err, &missing) || !missing.Disabled {
		t.Errorf("none: Roles() error = %v; want a disabled *client.MissingExtensionError", err)
	}
	if n := api.count("ListRoles"); n != 0 {
		t.Errorf("none: GET /roles sent %d times; want 0", n)
	}

	all := New(newFakeAPI(), Options{Extensions: client.ExtensionsAll})
	if ext, err := all.Extensions(t.Context()); err != nil || !ext.Reports(client.FieldPasswordChangedAt) {
		t.Errorf("all: Extensions() = %v, %v; want every field reported", ext, err)
	}
}

// A catalogue path that answered 404 (the server lacks the extension) is not
// asked again by every resource that plans; other errors are retried.
func TestCatalogueRemembersMissingExtension(t *testing.T) {
	api := newFakeAPI()
	api.catalogErr = &client.MissingExtensionError{Extension: client.ExtensionRoles, Request: "GET /roles"}
	s := New(api, Options{})
	for range 3 {
		if _, err := s.Roles(t.Context()); !errors.Is(err, client.ErrExtensionMissing) {
			t.Fatalf("Roles() error = %v; want ErrExtensionMissing", err)
		}
	}
	if n := api.count("ListRoles"); n != 1 {
		t.Errorf("GET /roles sent %d times; want 1", n)
	}

	api.catalogErr = errors.New("connection refused")
	s = New(api, Options{})
	for range 2 {
		if _, err := s.Roles(t.Context()); err == nil {
			t.Fatal("Roles() succeeded; want the transport error")
		}
	}
	if n := api.count("ListRoles"); n != 3 {
		t.Errorf("GET /roles sent %d times in all; want 3 (a transport error is not remembered)", n)
	}
}

// partAUsers strips what a documented-only server does not report.
func partAUsers(api *fakeAPI) {
	for k, u := range api.users {
		u.Description, u.Status, u.BranchIDs = nil, nil, nil
		api.users[k] = u
	}
}

// hideOnce makes the next GET /users answer without login, as a caching
// proxy or a partial page might, and the ones after it answer in full.
func hideOnce(api *fakeAPI, login string) {
	hidden := false
	api.listUsers = func() ([]client.User, error) {
		users := api.sortedUsers()
		if hidden {
			return users, nil
		}
		hidden = true
		out := users[:0]
		for _, u := range users {
			if u.UserID != login {
				out = append(out, u)
			}
		}
		return out, nil
	}
}

func TestManagedUserConfirmsAMissBeforeReportingIt(t *testing.T) {
	t.Run("extended server: GET /users/{userID}", func(t *testing.T) {
		api := newFakeAPI("svc-a")
		hideOnce(api, "svc-a")
		s := New(api, Options{})
		u, found, err := s.ManagedUser(t.Context(), "svc-a")
		if err != nil || !found || u.UserID != "svc-a" {
			t.Fatalf("ManagedUser = %v, %t, %v; want svc-a found", u, found, err)
		}
		if n := api.count("GetUser"); n != 1 {
			t.Errorf("GET /users/{userID} sent %d times; want 1", n)
		}
		if _, found, _ := s.User(t.Context(), "svc-a"); !found {
			t.Error("the confirmed user is not in the snapshot for later lookups")
		}
		if _, found, err := s.ManagedUser(t.Context(), "gone"); err != nil || found {
			t.Errorf("ManagedUser(gone) = %t, %v; want not found", found, err)
		}
	})
	t.Run("documented server: one fresh list", func(t *testing.T) {
		api := newFakeAPI("svc-a", "svc-b")
		partAUsers(api)
		hideOnce(api, "svc-a")
		s := New(api, Options{})
		if _, found, err := s.ManagedUser(t.Context(), "svc-a"); err != nil || !found {
			t.Fatalf("ManagedUser = %t, %v; want found in the second list", found, err)
		}
		for _, login := range []string{"gone-1", "gone-2"} {
			if _, found, err := s.ManagedUser(t.Context(), login); err != nil || found {
				t.Errorf("ManagedUser(%s) = %t, %v; want not found", login, found, err)
			}
		}
		if n := api.count("ListUsers"); n != 2 {
			t.Errorf("GET /users sent %d times; want 2 (a miss in a confirming list is final)", n)
		}
		if n := api.count("GetUser"); n != 0 {
			t.Errorf("GET /users/{userID} sent %d times to a documented-only server; want 0", n)
		}
	})
}
