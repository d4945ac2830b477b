package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

var (
	_ datasource.DataSource              = (*rolesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*rolesDataSource)(nil)
)

// NewRolesDataSource is the constructor the provider registers.
func NewRolesDataSource() datasource.DataSource { return &rolesDataSource{} }

// rolesDataSource is the server's role catalogue.
type rolesDataSource struct {
	data *providerData
}

type rolesDataSourceModel struct {
	Roles   types.Map  `tfsdk:"roles"`
	RoleIDs types.List `tfsdk:"role_ids"`
}

// roleDataModel is one element of roles.
type roleDataModel struct {
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

var roleDataAttrTypes = map[string]attr.Type{
	"name":        types.StringType,
	"description": types.StringType,
}

// roleCatalogue is the server's roles.
var roleCatalogue = catalogue[client.Role, roleDataModel]{
	what: "role", example: "api_default", list: (*store.Store).Roles,
	id: func(r client.Role) string { return r.RoleID }, model: newRoleDataModel, attrTypes: roleDataAttrTypes,
}

// newRoleDataModel maps a role as the server reports it.
func newRoleDataModel(r client.Role) roleDataModel {
	return roleDataModel{Name: types.StringValue(r.Name), Description: types.StringValue(r.Description)}
}

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_roles"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = roleCatalogue.schema("The server's roles, which `apiusers_role_assignment` assigns to users. "+
		"Index `roles` by id to fail at plan time when a role a configuration relies on is missing, "+
		"or search it by `name` to refer to a role by its display name.",
		map[string]schema.Attribute{
			"name":        schema.StringAttribute{MarkdownDescription: "Display name, e.g. `API default role`.", Computed: true},
			"description": schema.StringAttribute{MarkdownDescription: "What the role grants.", Computed: true},
		})
}

func (d *rolesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *rolesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state rolesDataSourceModel
	state.Roles, state.RoleIDs = roleCatalogue.read(ctx, d.data, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
