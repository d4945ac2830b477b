package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*roleHoldersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*roleHoldersDataSource)(nil)
)

// NewRoleHoldersDataSource is the constructor the provider registers.
func NewRoleHoldersDataSource() datasource.DataSource { return &roleHoldersDataSource{} }

// roleHoldersDataSource lists who holds a role, or every role: what
// apiusers_role_assignment manages, as the server holds it. It is named
// after what it returns (the holders) rather than apiusers_role, which would
// read as one role of the catalogue (apiusers_roles lists those).
type roleHoldersDataSource struct{ dataSourceData }

type roleHoldersDataSourceModel struct {
	RoleID   types.String `tfsdk:"role_id"`
	Holders  types.Map    `tfsdk:"holders"`
	LoginIDs types.List   `tfsdk:"login_ids"`
}

// newRoleHoldersDataModel maps the holders the server reports, by role id,
// to the data source's attributes; roleID is the configuration's.
func newRoleHoldersDataModel(ctx context.Context, roleID types.String, holders map[string][]string) (roleHoldersDataSourceModel, diag.Diagnostics) {
	holdersElem, diags := elementType(ctx, dataSourceSchema(ctx, &roleHoldersDataSource{}), "holders")
	if diags.HasError() {
		return roleHoldersDataSourceModel{}, diags
	}
	sorted := make(map[string][]string, len(holders))
	for role, logins := range holders {
		sorted[role] = sortedUnique(logins)
	}
	m := roleHoldersDataSourceModel{RoleID: roleID}
	var d diag.Diagnostics
	m.Holders, d = types.MapValueFrom(ctx, holdersElem, sorted)
	diags.Append(d...)
	m.LoginIDs, d = types.ListValueFrom(ctx, types.StringType, sortedUnique(slices.Concat(slices.Collect(maps.Values(sorted))...)))
	diags.Append(d...)
	return m, diags
}

// sortedUnique is values sorted, without duplicates, and never nil: an
// empty list is a list, not null.
func sortedUnique(values []string) []string {
	return slices.Compact(append([]string{}, slices.Sorted(slices.Values(values))...))
}

func (d *roleHoldersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role_holders"
}

func (d *roleHoldersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users holding a role, or every role of the server: the role assignments " +
			"(`apiusers_role_assignment`) the server holds, whoever made them. `holders` maps each role id to its holders' " +
			"login ids, so that a configuration can check who holds a role or build `import` blocks for the assignments " +
			"(the import id of one is `" + roleAssignmentID.format() + "`). The login ids are spelled as `apiusers_users` spells them.",
		Attributes: map[string]schema.Attribute{
			"role_id": schema.StringAttribute{
				MarkdownDescription: "Id of the role to list, e.g. `api_default`; one of the server's roles (`apiusers_roles`): " +
					"an unknown id fails the plan, naming the valid ones. When omitted, every role is listed.",
				Optional: true,
			},
			"holders": schema.MapAttribute{
				MarkdownDescription: "Login ids of the holders, sorted, keyed by role id: `role_id` alone when it is set, " +
					"else every role of the server (a role nobody holds has an empty list).",
				Computed:    true,
				ElementType: types.ListType{ElemType: types.StringType},
			},
			"login_ids": schema.ListAttribute{
				MarkdownDescription: "Every login id in `holders`, sorted, once each: the holders of `role_id`, or every user holding any role.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

func (d *roleHoldersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config roleHoldersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	links := roleHolders.read(ctx, d.data, config.RoleID, "apiusers_role_holders", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	holders := make(map[string][]string, len(links))
	for role, byLogin := range links {
		holders[role] = slices.Collect(maps.Keys(byLogin))
	}
	state, diags := newRoleHoldersDataModel(ctx, config.RoleID, holders)
	if resp.Diagnostics.Append(diags...); !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}
