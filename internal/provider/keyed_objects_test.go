package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// dataSourceElementType is elementType of ds's schema: the type the data
// source builds the attribute with.
func dataSourceElementType(t *testing.T, ds datasource.DataSource, name string) attr.Type {
	t.Helper()
	elem, diags := elementType(t.Context(), dataSourceSchema(t.Context(), ds), name)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return elem
}

// TestElementType: the element types the list data sources build their
// values with come from their schemas.
func TestElementType(t *testing.T) {
	t.Parallel()
	stringList := types.ListType{ElemType: types.StringType}
	tests := map[string]struct {
		ds   datasource.DataSource
		attr string
		want attr.Type
	}{
		"a map of objects": {NewRolesDataSource(), "roles", types.ObjectType{AttrTypes: map[string]attr.Type{
			"name": types.StringType, "description": types.StringType,
		}}},
		"a list":         {NewRolesDataSource(), "role_ids", types.StringType},
		"a map of lists": {NewRoleHoldersDataSource(), "holders", stringList},
		"a map of maps":  {NewProjectPrivilegesDataSource(), "privileges", types.MapType{ElemType: stringList}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := dataSourceElementType(t, tt.ds, tt.attr); !got.Equal(tt.want) {
				t.Errorf("elementType(%s) = %s, want %s", tt.attr, got, tt.want)
			}
		})
	}
}

// TestElementTypeUsersMatchesModel: an element of apiusers_users holds
// every attribute of userDataModel and no other, so that keyedObjects can
// build the map from the model.
func TestElementTypeUsersMatchesModel(t *testing.T) {
	t.Parallel()
	elem := dataSourceElementType(t, NewUsersDataSource(), "users")
	m := newUserDataModel(fullUser())
	if _, _, diags := keyedObjects(t.Context(), elem, map[string]userDataModel{"a": m}); diags.HasError() {
		t.Fatal(diags)
	}
}

// TestElementTypeRefusesAScalar: an attribute that is not a map or a list
// has no element type; that is a bug, reported rather than a panic.
func TestElementTypeRefusesAScalar(t *testing.T) {
	t.Parallel()
	s := dataSourceSchema(t.Context(), NewRoleHoldersDataSource())
	if _, diags := elementType(t.Context(), s, "role_id"); !diags.HasError() {
		t.Error("elementType(role_id) has no error, want one: role_id is a string")
	}
	if _, diags := elementType(t.Context(), s, "no_such_attribute"); !diags.HasError() {
		t.Error("elementType(no_such_attribute) has no error, want one")
	}
}
