package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// NewGroupsDataSource is the constructor the provider registers:
// apiusers_groups, the server's group catalogue (see
// catalogue_data_source.go), the one apiusers_api_user's group_id and
// user_group are checked against at plan time.
func NewGroupsDataSource() datasource.DataSource {
	return &catalogueDataSource[client.Group, groupDataModel, int64]{
		catalogue: groupCatalogue,
		description: "The server's user groups, one of which `apiusers_api_user`'s `group_id` or `user_group` names. " +
			"Index `groups` by id to fail at plan time when a group a configuration relies on is missing, " +
			"or search it by `name` to refer to a group by its display name. " +
			"Needs a server with the group catalogue extension of the Users API; on one without it the data source fails.",
		attrs: map[string]schema.Attribute{
			"group_id": schema.Int64Attribute{MarkdownDescription: "Id of the group, the same as its key in `groups`, as `group_id` takes it.", Computed: true},
			"name":     schema.StringAttribute{MarkdownDescription: "Display name, as `user_group` takes it, e.g. `API`.", Computed: true},
		},
	}
}

// groupDataModel is one element of groups.
type groupDataModel struct {
	GroupID types.Int64  `tfsdk:"group_id"`
	Name    types.String `tfsdk:"name"`
}

// groupCatalogue is the server's groups.
var groupCatalogue = catalogue[client.Group, groupDataModel, int64]{
	what: "group", plural: "groups", example: "4", list: (*store.Store).Groups,
	id: func(g client.Group) int64 { return g.GroupID }, model: newGroupDataModel,
}

// newGroupDataModel maps a group as the server reports it.
func newGroupDataModel(g client.Group) groupDataModel {
	return groupDataModel{GroupID: types.Int64Value(g.GroupID), Name: types.StringValue(g.Name)}
}
