package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// fakeCatalogueCheck is a check of role_ids whose server lists ids, or
// fails with err.
func fakeCatalogueCheck(err error, ids ...string) catalogueCheck {
	c := roleCatalogue.checkFor(userRolesType, "role_ids")
	c.ids = func(context.Context, *store.Store) ([]string, error) { return ids, err }
	return c
}

func TestCatalogueCheckFor(t *testing.T) {
	t.Parallel()
	c := projectCatalogue.checkFor("apiusers_project_privilege", "project_id")
	if c.resource != "apiusers_project_privilege" || c.attr != "project_id" || c.what != "project" || c.ids == nil {
		t.Errorf("checkFor = %+v, want the resource, the attribute, what = project and the catalogue's ids", c)
	}
}

// TestCatalogueCheckEach: one error per unknown id, at the attribute,
// naming the valid ids; a catalogue that cannot be read fails the check,
// with the extension named when the server lacks it.
func TestCatalogueCheckEach(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		check      catalogueCheck
		ids        []string
		wantRead   bool
		wantErrors []string // summaries, in order
		wantDetail string   // in every error's detail
	}{
		"all known":  {check: fakeCatalogueCheck(nil, "a", "b"), ids: []string{"b", "a"}, wantRead: true},
		"none given": {check: fakeCatalogueCheck(nil, "a"), wantRead: true},
		"two unknown": {
			check: fakeCatalogueCheck(nil, "a", "b"), ids: []string{"x", "a", "y"}, wantRead: true,
			wantErrors: []string{"Unknown Role", "Unknown Role"}, wantDetail: "Valid roles: a, b.",
		},
		"server without roles": {
			check:      fakeCatalogueCheck(&client.MissingExtensionError{Extension: client.ExtensionRoles, Request: "GET /roles"}),
			ids:        []string{"a"},
			wantErrors: []string{"Server Lacks an Extension"}, wantDetail: userRolesType,
		},
		"read failed": {
			check: fakeCatalogueCheck(errors.New("boom")), ids: []string{"a"},
			wantErrors: []string{"Unable to Read Roles"}, wantDetail: "boom",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			if got := tt.check.checkEach(t.Context(), &providerData{}, tt.ids, &diags); got != tt.wantRead {
				t.Errorf("checkEach() = %v, want %v", got, tt.wantRead)
			}
			if len(diags) != len(tt.wantErrors) {
				t.Fatalf("got %d diagnostics, want %d: %v", len(diags), len(tt.wantErrors), diags)
			}
			for i, d := range diags {
				if d.Summary() != tt.wantErrors[i] || !strings.Contains(d.Detail(), tt.wantDetail) {
					t.Errorf("diagnostic %d = %q: %q, want %q containing %q", i, d.Summary(), d.Detail(), tt.wantErrors[i], tt.wantDetail)
				}
				if withPath, ok := d.(diag.DiagnosticWithPath); tt.wantErrors[i] == "Unknown Role" && (!ok || !withPath.Path().Equal(path.Root("role_ids"))) {
					t.Errorf("diagnostic %d is not at role_ids", i)
				}
			}
		})
	}
}

// TestCatalogueForPlan: a catalogue that cannot be read leaves the check to
// the server with a warning, given once per run for a missing extension.
func TestCatalogueForPlan(t *testing.T) {
	t.Parallel()
	list := func(err error, groups ...client.Group) func(context.Context) ([]client.Group, error) {
		return func(context.Context) ([]client.Group, error) { return groups, err }
	}
	data := &providerData{}
	var diags diag.Diagnostics
	if got := catalogueForPlan(t.Context(), data, list(nil, client.Group{GroupID: 1, Name: "API"}), "Group", "user_group", &diags); len(got) != 1 || diags.WarningsCount() != 0 {
		t.Errorf("catalogueForPlan() = %v, %v; want the group and no warning", got, diags)
	}
	missing := &client.MissingExtensionError{Extension: client.ExtensionGroups, Request: "GET /groups"}
	for range 2 {
		if got := catalogueForPlan(t.Context(), data, list(missing), "Group", "user_group", &diags); got != nil {
			t.Errorf("catalogueForPlan() = %v, want nil (no check)", got)
		}
	}
	if diags.WarningsCount() != 1 {
		t.Errorf("got %d warnings for a missing extension asked twice, want 1: %v", diags.WarningsCount(), diags)
	}
	if got := catalogueForPlan(t.Context(), data, list(errors.New("boom")), "Group", "user_group", &diags); got != nil || diags.WarningsCount() != 2 {
		t.Errorf("catalogueForPlan() = %v with %d warnings, want nil and a second warning", got, diags.WarningsCount())
	}
	if diags.HasError() {
		t.Errorf("catalogueForPlan() added an error: %v", diags)
	}
}
