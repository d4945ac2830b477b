package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

// The list resources apiusers_role_assignment and apiusers_project_privilege
// (`terraform query`, Terraform 1.14+) are the link resource types
// themselves: they share Metadata and Configure with the managed resource,
// and list what apiusers_role_holders and apiusers_project_privileges list,
// read the same way (the store caches each role's holders and each
// project's privileges per run), narrowed to one role or project, one user,
// or API users only.

// NewRoleAssignmentListResource is the constructor the provider registers.
func NewRoleAssignmentListResource() list.ListResource { return newRoleAssignmentResource() }

// NewProjectPrivilegeListResource is the constructor the provider registers.
func NewProjectPrivilegeListResource() list.ListResource { return newProjectPrivilegeResource() }

// linkListing is what a link resource's list reads and returns.
type linkListing struct {
	links linkReader
	// model is the resource's state of one link as the server holds it,
	// what an import of it gives.
	model func(ctx context.Context, first, second string, values []string) (any, diag.Diagnostics)
}

// roleAssignmentListing lists the holders of roles.
var roleAssignmentListing = linkListing{
	links: roleHolders,
	model: func(_ context.Context, roleID, loginID string, _ []string) (any, diag.Diagnostics) {
		m := newRoleAssignmentModel(roleID, loginID)
		return &m, nil
	},
}

// projectPrivilegeListing lists the privilege sets on projects.
var projectPrivilegeListing = linkListing{
	links: projectPrivileges,
	model: func(ctx context.Context, projectID, loginID string, privileges []string) (any, diag.Diagnostics) {
		m, diags := newProjectPrivilegeModel(ctx, projectID, loginID, privileges)
		return &m, diags
	},
}

// ListResourceConfigSchema is the list block's config: the catalogue id
// (role_id, project_id), the login id and api_users_only, all optional.
func (l *linkResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	what := l.catalogue.what
	example, _, _ := l.id.parse(l.id.example)
	attrs := loginFilterSchema()
	attrs[l.id.first] = schema.StringAttribute{
		MarkdownDescription: "Id of the " + what + " to list, e.g. `" + example + "`; one of the server's " + what + "s " +
			"(an unknown id fails, naming the valid ones). When omitted, every " + what + " is listed.",
		Optional:   true,
		Validators: []validator.String{idHalfValidator},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the `" + l.catalogue.resource + "` objects the server holds, whoever made them, optionally narrowed to one " +
			what + ", one user, or API users only; all filters given must match. Each result's identity is `" + l.id.first + "` and `" + l.id.second +
			"`, and `terraform query -generate-config-out` writes a resource and an `import` block for each.",
		Attributes: attrs,
	}
}

func (l *linkResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var first types.String
	var diags diag.Diagnostics
	diags.Append(req.Config.GetAttribute(ctx, path.Root(l.id.first), &first)...)
	filter := readLoginFilter(ctx, req.Config, &diags)
	links := l.listing.links.read(ctx, l.data, first, l.catalogue.resource, &diags)
	var logins []string // none when diags has an error: links is nil then
	for _, byLogin := range links {
		logins = append(logins, slices.Collect(maps.Keys(byLogin))...)
	}
	kept := filter.keep(ctx, l.data, logins, &diags)
	var listed [][2]string // object id, login id
	for _, object := range slices.Sorted(maps.Keys(links)) {
		for _, login := range slices.Sorted(maps.Keys(links[object])) {
			if kept[login] {
				listed = append(listed, [2]string{object, login})
			}
		}
	}
	identity := l.id.identity()
	stream.Results = listResults(ctx, req, diags, listed, func(link [2]string, result *list.ListResult) {
		object, login := link[0], link[1]
		result.DisplayName = l.id.join(object, login)
		identity.set(ctx, result.Identity, link[:], &result.Diagnostics)
		if req.IncludeResource {
			model, d := l.listing.model(ctx, object, login, links[object][login])
			result.Diagnostics.Append(d...)
			result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
		}
	})
}

// loginFilter is the filters on the user that the list resources of what
// users hold (roles, privileges) share.
type loginFilter struct {
	loginID      types.String // compared case-insensitively, like the server
	apiUsersOnly types.Bool
}

// loginFilterSchema describes loginFilter's attributes.
func loginFilterSchema() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"login_id": schema.StringAttribute{
			MarkdownDescription: "List only what the user with this login id holds (compared case-insensitively, like the server does).",
			Optional:            true,
			Validators:          []validator.String{validators.LoginID()},
		},
		"api_users_only": schema.BoolAttribute{
			MarkdownDescription: "When `true`, keep only what API users (integrations) hold, and leave people's alone, " +
				"the administrator's `account_admin` among them. Defaults to `false`.",
			Optional: true,
		},
	}
}

// readLoginFilter reads loginFilter's attributes from a list block's config.
func readLoginFilter(ctx context.Context, config attributeGetter, diags *diag.Diagnostics) loginFilter {
	var f loginFilter
	diags.Append(config.GetAttribute(ctx, path.Root("login_id"), &f.loginID)...)
	diags.Append(config.GetAttribute(ctx, path.Root("api_users_only"), &f.apiUsersOnly)...)
	return f
}

// keep returns which of logins pass the filter. api_users_only looks the
// users up in the store's snapshot (the run's one GET /users), and is
// refused on a server that cannot tell API users from people. When diags
// has an error the result is not usable.
func (f loginFilter) keep(ctx context.Context, data *providerData, logins []string, diags *diag.Diagnostics) map[string]bool {
	kept := make(map[string]bool, len(logins))
	var apiUsers map[string]bool
	if f.apiUsersOnly.ValueBool() {
		users, _ := filteredUsers(ctx, data, usersDataSourceModel{APIUsersOnly: f.apiUsersOnly}, diags)
		if diags.HasError() {
			return nil
		}
		apiUsers = make(map[string]bool, len(users))
		for _, u := range users {
			apiUsers[client.LoginKey(u.UserID)] = true
		}
	}
	for _, login := range logins {
		if !f.loginID.IsNull() && client.LoginKey(login) != client.LoginKey(f.loginID.ValueString()) {
			continue
		}
		if apiUsers != nil && !apiUsers[client.LoginKey(login)] {
			continue
		}
		kept[login] = true
	}
	return kept
}
