package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// NewBranchesDataSource is the constructor the provider registers:
// apiusers_branches, the server's branch catalogue (see
// catalogue_data_source.go), the one apiusers_api_user's branch_ids are
// checked against at plan time.
func NewBranchesDataSource() datasource.DataSource {
	return &catalogueDataSource[client.Branch, branchDataModel, int64]{
		catalogue: branchCatalogue,
		description: "The server's branches, to which `apiusers_api_user`'s `branch_ids` grant access. " +
			"Index `branches` by id to fail at plan time when a branch a configuration relies on is missing, " +
			"or search it by `name` to refer to a branch by its display name. " +
			"Needs a server with the branch catalogue extension of the Users API; on one without it the data source fails.",
		attrs: map[string]schema.Attribute{
			"branch_id": schema.Int64Attribute{MarkdownDescription: "Id of the branch, the same as its key in `branches`, as `branch_ids` takes it.", Computed: true},
			"name":      schema.StringAttribute{MarkdownDescription: "Display name, e.g. `Branch 101`.", Computed: true},
		},
	}
}

// branchDataModel is one element of branches.
type branchDataModel struct {
	BranchID types.Int64  `tfsdk:"branch_id"`
	Name     types.String `tfsdk:"name"`
}

// branchCatalogue is the server's branches.
var branchCatalogue = catalogue[client.Branch, branchDataModel, int64]{
	what: "branch", plural: "branches", example: "101", list: (*store.Store).Branches,
	id: func(b client.Branch) int64 { return b.BranchID }, model: newBranchDataModel,
}

// newBranchDataModel maps a branch as the server reports it.
func newBranchDataModel(b client.Branch) branchDataModel {
	return branchDataModel{BranchID: types.Int64Value(b.BranchID), Name: types.StringValue(b.Name)}
}
