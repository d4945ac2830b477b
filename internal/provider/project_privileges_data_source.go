package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*projectPrivilegesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*projectPrivilegesDataSource)(nil)
)

// NewProjectPrivilegesDataSource is the constructor the provider registers.
func NewProjectPrivilegesDataSource() datasource.DataSource { return &projectPrivilegesDataSource{} }

// projectPrivilegesDataSource lists who holds which privileges on a
// project, or on every project: what apiusers_project_privilege manages, as
// the server holds it.
type projectPrivilegesDataSource struct{ dataSourceData }

type projectPrivilegesDataSourceModel struct {
	ProjectID  types.String `tfsdk:"project_id"`
	Privileges types.Map    `tfsdk:"privileges"`
	LoginIDs   types.List   `tfsdk:"login_ids"`
}

// newProjectPrivilegesDataModel maps the privilege sets the server reports,
// by project id and login id, to the data source's attributes; projectID is
// the configuration's.
func newProjectPrivilegesDataModel(ctx context.Context, projectID types.String, privileges map[string]map[string][]string) (projectPrivilegesDataSourceModel, diag.Diagnostics) {
	privilegesElem, diags := elementType(ctx, dataSourceSchema(ctx, &projectPrivilegesDataSource{}), "privileges")
	if diags.HasError() {
		return projectPrivilegesDataSourceModel{}, diags
	}
	sorted := make(map[string]map[string][]string, len(privileges))
	var logins []string
	for project, byLogin := range privileges {
		sorted[project] = make(map[string][]string, len(byLogin))
		for login, set := range byLogin {
			sorted[project][login] = sortedUnique(set)
			logins = append(logins, login)
		}
	}
	m := projectPrivilegesDataSourceModel{ProjectID: projectID}
	var d diag.Diagnostics
	m.Privileges, d = types.MapValueFrom(ctx, privilegesElem, sorted)
	diags.Append(d...)
	m.LoginIDs, d = types.ListValueFrom(ctx, types.StringType, sortedUnique(logins))
	diags.Append(d...)
	return m, diags
}

func (d *projectPrivilegesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project_privileges"
}

func (d *projectPrivilegesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users' privileges on a project, or on every project of the server: the privilege sets " +
			"(`apiusers_project_privilege`) the server holds, whoever set them. `privileges` maps each project id to a map " +
			"from login id to that user's privileges, so that a configuration can check who may do what or build `import` " +
			"blocks for the sets (the import id of one is `" + projectPrivilegeID.format() + "`). " +
			"The login ids are spelled as `apiusers_users` spells them.",
		Attributes: map[string]schema.Attribute{
			"project_id": schema.StringAttribute{
				MarkdownDescription: "Id of the project to list, e.g. `badges`; one of the server's projects (`apiusers_projects`): " +
					"an unknown id fails the plan, naming the valid ones. When omitted, every project is listed.",
				Optional: true,
			},
			"privileges": schema.MapAttribute{
				MarkdownDescription: "Keyed by project id (`project_id` alone when it is set, else every project of the server), " +
					"a map from the login id of each user holding privileges there to those privileges, sorted " +
					"(e.g. `[\"access_producer\", \"print_card\"]`). A project where nobody holds privileges has an empty map.",
				Computed:    true,
				ElementType: types.MapType{ElemType: types.ListType{ElemType: types.StringType}},
			},
			"login_ids": schema.ListAttribute{
				MarkdownDescription: "Every login id in `privileges`, sorted, once each: the users holding privileges on `project_id`, " +
					"or on any project.",
				Computed:    true,
				ElementType: types.StringType,
			},
		},
	}
}

func (d *projectPrivilegesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config projectPrivilegesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	privileges := projectPrivileges.read(ctx, d.data, config.ProjectID, "apiusers_project_privileges", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	state, diags := newProjectPrivilegesDataModel(ctx, config.ProjectID, privileges)
	if resp.Diagnostics.Append(diags...); !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}
