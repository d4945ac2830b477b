package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// NewProjectsDataSource is the constructor the provider registers:
// apiusers_projects, the server's project catalogue (see
// catalogue_data_source.go).
func NewProjectsDataSource() datasource.DataSource {
	return &catalogueDataSource[client.Project, projectDataModel, string]{
		catalogue: projectCatalogue,
		description: "The server's projects (bodies of records such as card designs), on which " +
			"`apiusers_project_privilege` grants privileges. Index `projects` by id to fail at plan time when a project " +
			"a configuration relies on is missing, or search it by `name` to refer to a project by its display name.",
		attrs: map[string]schema.Attribute{
			"project_id": schema.StringAttribute{MarkdownDescription: "Id of the project, the same as its key in `projects`.", Computed: true},
			"name":       schema.StringAttribute{MarkdownDescription: "Display name, e.g. `Badges`.", Computed: true},
		},
	}
}

// projectDataModel is one element of projects.
type projectDataModel struct {
	ProjectID types.String `tfsdk:"project_id"`
	Name      types.String `tfsdk:"name"`
}

// projectCatalogue is the server's projects.
var projectCatalogue = catalogue[client.Project, projectDataModel, string]{
	what: "project", plural: "projects", example: "badges", list: (*store.Store).Projects,
	id: func(p client.Project) string { return p.ProjectID }, model: newProjectDataModel,
}

// newProjectDataModel maps a project as the server reports it.
func newProjectDataModel(p client.Project) projectDataModel {
	return projectDataModel{ProjectID: types.StringValue(p.ProjectID), Name: types.StringValue(p.Name)}
}
