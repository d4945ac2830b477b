package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// NewRolesDataSource is the constructor the provider registers:
// apiusers_roles, the server's role catalogue (see catalogue_data_source.go).
func NewRolesDataSource() datasource.DataSource {
	return &catalogueDataSource[client.Role, roleDataModel, string]{
		catalogue: roleCatalogue,
		description: "The server's roles, which `apiusers_role_assignment` assigns to users. " +
			"Index `roles` by id to fail at plan time when a role a configuration relies on is missing, " +
			"or search it by `name` to refer to a role by its display name.",
		attrs: map[string]schema.Attribute{
			"role_id":     schema.StringAttribute{MarkdownDescription: "Id of the role, the same as its key in `roles`.", Computed: true},
			"name":        schema.StringAttribute{MarkdownDescription: "Display name, e.g. `API default role`.", Computed: true},
			"description": schema.StringAttribute{MarkdownDescription: "What the role grants.", Computed: true},
		},
	}
}

// roleDataModel is one element of roles.
type roleDataModel struct {
	RoleID      types.String `tfsdk:"role_id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

// roleCatalogue is the server's roles.
var roleCatalogue = catalogue[client.Role, roleDataModel, string]{
	what: "role", plural: "roles", example: "api_default", list: (*store.Store).Roles,
	id: func(r client.Role) string { return r.RoleID }, model: newRoleDataModel,
}

// newRoleDataModel maps a role as the server reports it.
func newRoleDataModel(r client.Role) roleDataModel {
	return roleDataModel{RoleID: types.StringValue(r.RoleID), Name: types.StringValue(r.Name), Description: types.StringValue(r.Description)}
}
