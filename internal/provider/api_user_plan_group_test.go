package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestPlanGroup(t *testing.T) {
	catalogue := []client.Group{{GroupID: 1, Name: "Admin"}, {GroupID: 2, Name: "User"}, {GroupID: 3, Name: "Guest"}, {GroupID: 4, Name: "API"}}
	name, id := types.StringValue, types.Int64Value
	nullName, nullID := types.StringNull(), types.Int64Null()
	state := importedPrior()
	state.UserGroup, state.GroupID = name("API"), id(4)

	cases := []struct {
		name       string
		cfgName    types.String
		cfgID      types.Int64
		creating   bool
		groups     []client.Group
		wantName   types.String
		wantID     types.Int64
		wantErrDet string
	}{
		{"create, neither: server default", nullName, nullID, true, catalogue, types.StringUnknown(), types.Int64Unknown(), ""},
		{"update, neither: keep server's", nullName, nullID, false, nil, name("API"), id(4), ""},
		{"create by name, resolved", name("Guest"), nullID, true, catalogue, name("Guest"), id(3), ""},
		{"create by id, resolved", nullName, id(2), true, catalogue, name("User"), id(2), ""},
		{"create by name, no catalogue", name("Guest"), nullID, true, nil, name("Guest"), types.Int64Unknown(), ""},
		{"unchanged name keeps id", name("API"), nullID, false, nil, name("API"), id(4), ""},
		{"unchanged id keeps name", nullName, id(4), false, nil, name("API"), id(4), ""},
		{"changed id resolved", nullName, id(3), false, catalogue, name("Guest"), id(3), ""},
		{"both, same group", name("Guest"), id(3), false, catalogue, name("Guest"), id(3), ""},
		{"both, different groups", name("Guest"), id(2), false, catalogue, name("Guest"), id(2), "must name the same group"},
		{"unknown name", name("Robots"), nullID, true, catalogue, name("Robots"), nullID, `"Robots" is not one`},
		{"name spelled differently", name("api"), nullID, true, catalogue, name("api"), nullID, "spelled as the server does"},
		{"unknown id", nullName, id(9), true, catalogue, nullName, id(9), "9 is not one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			config := importedPrior()
			config.UserGroup, config.GroupID = c.cfgName, c.cfgID
			plan := config // the framework plans configured values as configured
			if c.cfgName.IsNull() {
				plan.UserGroup = types.StringUnknown()
			}
			if c.cfgID.IsNull() {
				plan.GroupID = types.Int64Unknown()
			}
			var diags diag.Diagnostics
			planGroup(config, state, &plan, c.creating, c.groups, &diags)
			if c.wantErrDet != "" {
				if !diags.HasError() || !strings.Contains(diags[0].Detail(), c.wantErrDet) {
					t.Fatalf("want an error containing %q, got %v", c.wantErrDet, diags)
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected %v", diags)
			}
			if !plan.UserGroup.Equal(c.wantName) || !plan.GroupID.Equal(c.wantID) {
				t.Errorf("planned (%v, %v), want (%v, %v)", plan.UserGroup, plan.GroupID, c.wantName, c.wantID)
			}
		})
	}
}

func TestGroupsChanged(t *testing.T) {
	state := importedPrior()
	state.UserGroup, state.GroupID = types.StringValue("API"), types.Int64Value(4)
	config := importedPrior()
	if groupsChanged(config, state, true) {
		t.Error("no group configured: no catalogue needed")
	}
	config.UserGroup = types.StringValue("API")
	if groupsChanged(config, state, false) {
		t.Error("unchanged group: no catalogue needed")
	}
	if !groupsChanged(config, state, true) {
		t.Error("create with a group: catalogue needed")
	}
	config.UserGroup = types.StringValue("Guest")
	if !groupsChanged(config, state, false) {
		t.Error("changed group: catalogue needed")
	}
}
