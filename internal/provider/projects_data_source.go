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
	_ datasource.DataSource              = (*projectsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*projectsDataSource)(nil)
)

// NewProjectsDataSource is the constructor the provider registers.
func NewProjectsDataSource() datasource.DataSource { return &projectsDataSource{} }

// projectsDataSource is the server's project catalogue.
type projectsDataSource struct {
	data *providerData
}

type projectsDataSourceModel struct {
	Projects   types.Map  `tfsdk:"projects"`
	ProjectIDs types.List `tfsdk:"project_ids"`
}

// projectDataModel is one element of projects.
type projectDataModel struct {
	Name types.String `tfsdk:"name"`
}

var projectDataAttrTypes = map[string]attr.Type{"name": types.StringType}

// projectCatalogue is the server's projects.
var projectCatalogue = catalogue[client.Project, projectDataModel]{
	what: "project", example: "badges", list: (*store.Store).Projects,
	id: func(p client.Project) string { return p.ProjectID }, model: newProjectDataModel, attrTypes: projectDataAttrTypes,
}

// newProjectDataModel maps a project as the server reports it.
func newProjectDataModel(p client.Project) projectDataModel {
	return projectDataModel{Name: types.StringValue(p.Name)}
}

func (d *projectsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_projects"
}

func (d *projectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = projectCatalogue.schema("The server's projects (bodies of records such as card designs), on which "+
		"`apiusers_project_privilege` grants privileges. Index `projects` by id to fail at plan time when a project "+
		"a configuration relies on is missing, or search it by `name` to refer to a project by its display name.",
		map[string]schema.Attribute{
			"name": schema.StringAttribute{MarkdownDescription: "Display name, e.g. `Badges`.", Computed: true},
		})
}

func (d *projectsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *projectsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state projectsDataSourceModel
	state.Projects, state.ProjectIDs = projectCatalogue.read(ctx, d.data, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
