package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// The list resource apiusers_api_user (`terraform query`, Terraform 1.14+)
// is the resource type itself: it shares Metadata and Configure with the
// managed resource, and lists what apiusers_users lists, with the same
// filters, but only API users: a person cannot be imported as one.

// NewAPIUserListResource is the constructor the provider registers.
func NewAPIUserListResource() list.ListResource { return &apiUserResource{} }

// apiUserListModel is the list block's config: the users data source's
// filters, but api_users_only, which is always true here.
type apiUserListModel struct {
	LoginIDRegex types.String `tfsdk:"login_id_regex"`
	Status       types.String `tfsdk:"status"`
	BranchID     types.Int64  `tfsdk:"branch_id"`
	UserGroup    types.String `tfsdk:"user_group"`
}

// filters is the configuration of the users data source that keeps the
// same users.
func (m apiUserListModel) filters() usersDataSourceModel {
	return usersDataSourceModel{LoginIDRegex: m.LoginIDRegex, Status: m.Status, BranchID: m.BranchID, UserGroup: m.UserGroup}
}

func (r *apiUserResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the server's API users (people are left out: they cannot be imported as `apiusers_api_user`), " +
			"optionally filtered like the `apiusers_users` data source; all filters given must match. " +
			"Each result's identity is the login id, and `terraform query -generate-config-out` writes a resource and an `import` block for each.",
		Attributes: map[string]schema.Attribute{
			"login_id_regex": schema.StringAttribute{MarkdownDescription: userFilterDescriptions.loginIDRegex, Optional: true},
			"status": schema.StringAttribute{
				MarkdownDescription: userFilterDescriptions.status,
				Optional:            true,
				Validators:          []validator.String{statusFilterValidator},
			},
			"branch_id":  schema.Int64Attribute{MarkdownDescription: userFilterDescriptions.branchID, Optional: true},
			"user_group": schema.StringAttribute{MarkdownDescription: userFilterDescriptions.userGroup, Optional: true},
		},
	}
}

// ValidateListResourceConfig refuses an invalid regular expression before
// anything is read.
func (r *apiUserResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	validateLoginIDRegex(ctx, req.Config, &resp.Diagnostics)
}

func (r *apiUserResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config apiUserListModel
	diags := req.Config.Get(ctx, &config)
	users, ext := filteredUsers(ctx, r.data, config.filters(), &diags)
	if !diags.HasError() && !ext.Reports(client.FieldAPIUser) {
		diags.AddWarning("Cannot Tell API Users From People",
			"The server does not report apiUser (an extension of the Users API; see the Server API guide), so every user that passes the filters is listed, people too. "+
				"Import only the accounts of integrations: apiusers_api_user manages them as such, and destroying the resource deletes the account.")
	}
	apiUsers := slices.DeleteFunc(users, func(u client.User) bool { return u.APIUser != nil && !*u.APIUser })
	stream.Results = listResults(ctx, req, diags, apiUsers, func(u client.User, result *list.ListResult) {
		result.DisplayName = u.UserID
		loginIdentity.set(ctx, result.Identity, []string{u.UserID}, &result.Diagnostics)
		if req.IncludeResource {
			model := importedUserModel(u)
			result.Diagnostics.Append(result.Resource.Set(ctx, &model)...)
		}
	})
}

// importedUserModel is the state an import of u gives (ImportState, then
// Read), so that a configuration generated from a listed user plans no
// change once imported.
func importedUserModel(u client.User) apiUserModel {
	return userToModel(u, apiUserModel{Keepers: types.MapNull(types.StringType)})
}
