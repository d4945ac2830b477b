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
			"role_id": types.StringType, "name": types.StringType, "description": types.StringType,
		}}},
		"a list":            {NewRolesDataSource(), "role_ids", types.StringType},
		"a list of numbers": {NewBranchesDataSource(), "branch_ids", types.Int64Type},
		"a map of lists":    {NewRoleHoldersDataSource(), "holders", stringList},
		"a map of maps":     {NewProjectPrivilegesDataSource(), "privileges", types.MapType{ElemType: stringList}},
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

// TestKeyedObjectsOf: numeric ids key the map by their decimal form and
// stay numbers in the list, in numeric order (9 before 10, which a sort of
// the keys would not give); no ids is an empty list, not null.
func TestKeyedObjectsOf(t *testing.T) {
	t.Parallel()
	elem := types.StringType
	objects, ids, diags := keyedObjectsOf(t.Context(), elem, types.Int64Type, map[int64]string{101: "c", 10: "b", 9: "a"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	wantObjects := types.MapValueMust(elem, map[string]attr.Value{"9": types.StringValue("a"), "10": types.StringValue("b"), "101": types.StringValue("c")})
	if !objects.Equal(wantObjects) {
		t.Errorf("objects = %s, want %s", objects, wantObjects)
	}
	wantIDs := types.ListValueMust(types.Int64Type, []attr.Value{types.Int64Value(9), types.Int64Value(10), types.Int64Value(101)})
	if !ids.Equal(wantIDs) {
		t.Errorf("ids = %s, want %s", ids, wantIDs)
	}
	_, ids, diags = keyedObjectsOf(t.Context(), elem, types.Int64Type, map[int64]string{})
	if diags.HasError() || ids.IsNull() || len(ids.Elements()) != 0 {
		t.Errorf("ids of none = %s (%v), want an empty list", ids, diags)
	}
}
