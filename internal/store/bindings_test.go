package store

import (
	"slices"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// TestUserBindings: what a user holds is read from the per-role and
// per-project lists; a server without the extensions reports nothing, and
// says so, rather than failing.
func TestUserBindings(t *testing.T) {
	api := newFakeAPI("kept")
	api.roles["api_default"]["kept"] = true
	api.privileges["badges"]["kept"] = []string{"access_producer", "print_card"}
	b, err := New(api, Options{}).UserBindings(t.Context(), "KEPT")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Roles, []string{"api_default"}) || !slices.Equal(b.Privileges["badges"], []string{"access_producer", "print_card"}) ||
		len(b.Privileges) != 1 || len(b.Unreported) != 0 || b.Empty() {
		t.Errorf("UserBindings = %+v", b)
	}

	api.catalogErr = &client.MissingExtensionError{Extension: client.ExtensionRoles, Request: "GET /roles"}
	b, err = New(api, Options{}).UserBindings(t.Context(), "kept")
	if err != nil {
		t.Fatal(err)
	}
	if !b.Empty() || !slices.Equal(b.Unreported, []string{"roles", "project privileges"}) {
		t.Errorf("UserBindings on a server without the extensions = %+v; want nothing, both unreported", b)
	}
}
