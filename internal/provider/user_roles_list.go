package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The list resource apiusers_user_roles (`terraform query`, Terraform
// 1.14+) is the resource type itself, sharing Metadata and Configure with
// the managed resource: one result per user holding at least one role, with
// all of that user's roles, read from the role holders as
// apiusers_role_holders reads them.

// NewUserRolesListResource is the constructor the provider registers.
func NewUserRolesListResource() list.ListResource { return &userRolesResource{} }

func (r *userRolesResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists, for each user holding at least one role, all of the user's roles, optionally narrowed to one user or API users only; " +
			"all filters given must match. Each result's identity is the login id, and `terraform query -generate-config-out` writes a resource and " +
			"an `import` block for each. List either these or `" + roleIDCheck.resource + "` for a user, not both: a configuration may not manage a user's roles with both.",
		Attributes: loginFilterSchema(),
	}
}

func (r *userRolesResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	filter := readLoginFilter(ctx, req.Config, &diags)
	links := roleHolders.read(ctx, r.data, types.StringNull(), userRolesType, &diags)
	roles := map[string][]string{} // login id -> role ids
	for role, byLogin := range links {
		for login := range byLogin {
			roles[login] = append(roles[login], role)
		}
	}
	kept := filter.keep(ctx, r.data, slices.Collect(maps.Keys(roles)), &diags) // none when diags has an error: links is nil then
	listed := slices.DeleteFunc(slices.Sorted(maps.Keys(roles)), func(login string) bool { return !kept[login] })
	stream.Results = listResults(ctx, req, diags, listed, func(login string, result *list.ListResult) {
		result.DisplayName = login
		loginIdentity.set(ctx, result.Identity, []string{login}, &result.Diagnostics)
		if req.IncludeResource {
			model, d := newUserRolesModel(ctx, login, sortedUnique(roles[login]))
			result.Diagnostics.Append(d...)
			result.Diagnostics.Append(result.Resource.Set(ctx, &model)...)
		}
	})
}
