package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

var (
	_ datasource.DataSource                   = (*usersDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*usersDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*usersDataSource)(nil)
)

// NewUsersDataSource is the constructor the provider registers.
func NewUsersDataSource() datasource.DataSource { return &usersDataSource{} }

// usersDataSource lists the server's users, people and integrations alike,
// keyed by login id so that for_each and import blocks can use it directly.
type usersDataSource struct{ dataSourceData }

type usersDataSourceModel struct {
	LoginIDRegex types.String `tfsdk:"login_id_regex"`
	Status       types.String `tfsdk:"status"`
	APIUsersOnly types.Bool   `tfsdk:"api_users_only"`
	BranchID     types.Int64  `tfsdk:"branch_id"`
	UserGroup    types.String `tfsdk:"user_group"`
	// PasswordOlderThan is not a filter of the apiusers_api_user list
	// resource, which leaves it null.
	PasswordOlderThan types.String `tfsdk:"password_older_than"`
	Users             types.Map    `tfsdk:"users"`
	LoginIDs          types.List   `tfsdk:"login_ids"`
}

// userDataModel is one element of users: every attribute the server
// reports. Passwords are never reported, so there is none.
type userDataModel struct {
	reportedUser
	APIUser types.Bool `tfsdk:"api_user"`
}

// newUserDataModel maps a user as the server reports it. It reuses
// apiusers_api_user's mapping (userToModel) so that both show a user the
// same way: lower-case status, null for empty or absent fields.
func newUserDataModel(u client.User) userDataModel {
	return userDataModel{
		reportedUser: userToModel(u, apiUserModel{}).reportedUser,
		APIUser:      types.BoolPointerValue(u.APIUser),
	}
}

// userFilter is the data source's filters; the zero value keeps every user.
type userFilter struct {
	loginIDRegex *regexp.Regexp
	status       string // lower case, as in the configuration
	apiUsersOnly bool
	branchID     *int64
	userGroup    string // matched case-insensitively, like the server
	// passwordOlderThan keeps users whose password is at least this old
	// at now (the test of rotate_after); zero keeps every user.
	passwordOlderThan time.Duration
	now               time.Time
}

// newUserFilter reads the filters from the configuration. The regular
// expression was checked in ValidateConfig; an error here is a bug.
func newUserFilter(m usersDataSourceModel) (userFilter, error) {
	f := userFilter{
		status:       m.Status.ValueString(),
		apiUsersOnly: m.APIUsersOnly.ValueBool(),
		branchID:     m.BranchID.ValueInt64Pointer(),
		userGroup:    m.UserGroup.ValueString(),
	}
	if !m.LoginIDRegex.IsNull() {
		re, err := regexp.Compile(m.LoginIDRegex.ValueString())
		if err != nil {
			return userFilter{}, err
		}
		f.loginIDRegex = re
	}
	if !m.PasswordOlderThan.IsNull() {
		f.passwordOlderThan, _ = validators.ParseAge(m.PasswordOlderThan.ValueString()) // checked by validators.Age
	}
	return f, nil
}

// unsupportedFilters refuses a filter on a field the server does not report:
// it would silently match no user (or every user) instead of the ones meant.
func unsupportedFilters(config usersDataSourceModel, ext client.Extensions, diags *diag.Diagnostics) {
	filters := []struct {
		attr  string
		set   bool
		field client.UserField
	}{
		{"status", !config.Status.IsNull(), client.FieldStatus},
		{"api_users_only", config.APIUsersOnly.ValueBool(), client.FieldAPIUser},
		{"branch_id", !config.BranchID.IsNull(), client.FieldBranchIDs},
		{"user_group", !config.UserGroup.IsNull(), client.FieldUserGroup},
		{"password_older_than", !config.PasswordOlderThan.IsNull(), client.FieldPasswordChangedAt},
	}
	for _, f := range filters {
		if f.set && !ext.Reports(f.field) {
			what := ""
			if f.field == client.FieldPasswordChangedAt {
				what = " (when each password was last set)"
			}
			diags.AddAttributeError(path.Root(f.attr), "Filter Not Supported by the Server",
				fmt.Sprintf("%s: the server does not report `%s`%s in GET /users (an extension of the Users API; see the Server API guide), so the users cannot be filtered by it: "+
					"the result would be empty or wrong rather than the users meant. Remove %s. %s", f.attr, f.field, what, f.attr, overrideHint))
		}
	}
}

// keeps reports whether a user, as mapped by newUserDataModel, passes every filter.
func (f userFilter) keeps(m userDataModel) bool {
	if f.loginIDRegex != nil && !f.loginIDRegex.MatchString(m.LoginID.ValueString()) {
		return false
	}
	if f.status != "" && m.Status.ValueString() != f.status {
		return false
	}
	if f.apiUsersOnly && !m.APIUser.ValueBool() {
		return false
	}
	if f.branchID != nil && !slices.Contains(setToBranchIDs(m.BranchIDs), *f.branchID) {
		return false
	}
	if f.userGroup != "" && !strings.EqualFold(m.UserGroup.ValueString(), f.userGroup) {
		return false
	}
	if f.passwordOlderThan > 0 {
		// A user whose password was never set has no age: it is left out.
		since, ok := passwordChangedAt(m.PasswordChangedAt)
		if !ok || !(passwordAge{after: f.passwordOlderThan, since: since}).due(f.now) {
			return false
		}
	}
	return true
}

// filteredUsers is what the data source lists, and the apiusers_api_user
// list resource too: the server's users that pass the filters of config, in
// the server's order, read from the store's snapshot (one GET /users per
// run). ext is what the server reports. When diags has an error the users
// are not usable.
func filteredUsers(ctx context.Context, data *providerData, config usersDataSourceModel, diags *diag.Diagnostics) (kept []client.User, ext client.Extensions) {
	s := data.requireStore(diags)
	if s == nil {
		return nil, ext
	}
	filter, err := newUserFilter(config)
	if err != nil {
		diags.AddAttributeError(path.Root("login_id_regex"), "Invalid Regular Expression",
			withCause("login_id_regex is not a valid regular expression (RE2 syntax).", err))
		return nil, ext
	}
	filter.now = data.now()
	users, err := s.Users(ctx)
	if err == nil {
		ext, err = s.Extensions(ctx) // learnt from that same list
	}
	if err != nil {
		diags.AddError("Unable to Read Users",
			withCause("Could not list the server's users (GET /users). Check the endpoint and credentials and try again.", err))
		return nil, ext
	}
	if unsupportedFilters(config, ext, diags); diags.HasError() {
		return nil, ext
	}
	for _, u := range users {
		if filter.keeps(newUserDataModel(u)) {
			kept = append(kept, u)
		}
	}
	tflog.Debug(ctx, "listed users", map[string]any{"total": len(users), "kept": len(kept)})
	return kept, ext
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the server's users, people and API users alike, optionally filtered. All filters given must match. " +
			"`users` is a map keyed by login id and `login_ids` a sorted list, so a configuration can use them with `for_each`, " +
			"in `import` blocks, or to check that a user exists. Passwords are never reported.",
		Attributes: map[string]schema.Attribute{
			"login_id_regex": schema.StringAttribute{
				MarkdownDescription: userFilterDescriptions.loginIDRegex,
				Optional:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: userFilterDescriptions.status,
				Optional:            true,
				Validators:          []validator.String{statusFilterValidator},
			},
			"api_users_only": schema.BoolAttribute{
				MarkdownDescription: "When `true`, keep only API users (integrations) and leave out people. Defaults to `false`.",
				Optional:            true,
			},
			"branch_id": schema.Int64Attribute{
				MarkdownDescription: userFilterDescriptions.branchID,
				Optional:            true,
			},
			"user_group": schema.StringAttribute{
				MarkdownDescription: userFilterDescriptions.userGroup,
				Optional:            true,
			},
			"password_older_than": schema.StringAttribute{
				MarkdownDescription: "Keep users whose password was last set (`password_changed_at`) at least this long ago, " +
					"the test `rotate_after` uses, to find passwords due for rotation: " + validators.AgeRule + ". Users whose password was never set are left out. " +
					"Needs a server that reports `passwordChangedAt`; an error on one that does not.",
				Optional:   true,
				Validators: []validator.String{validators.Age()},
			},
			"users": schema.MapNestedAttribute{
				MarkdownDescription: "The users that pass the filters, keyed by login id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: userDataSchemaAttributes(),
				},
			},
			"login_ids": schema.ListAttribute{
				MarkdownDescription: "The login ids of `users`, sorted.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

// userDataSchemaAttributes describes userDataModel.
func userDataSchemaAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"login_id":     str("Login id (`userID`)."),
		"key":          schema.Int64Attribute{MarkdownDescription: "Server-assigned id, never reused.", Computed: true},
		"first_name":   str("First name."),
		"last_name":    str("Last name."),
		"email":        str("E-mail address; null when empty."),
		"description":  str("What the integration is; null when empty or not reported by the server."),
		"organization": str("Organization; null when empty or not reported."),
		"language":     str("Language, a BCP 47 tag; null when empty or not reported."),
		"timezone":     str("Time zone, an IANA name; null when empty or not reported."),
		"private_note": str("Private note; null when empty or not reported."),
		"branch_ids": schema.SetAttribute{
			MarkdownDescription: "Branches the user may access; null when none or not reported.",
			Computed:            true,
			ElementType:         types.Int64Type,
		},
		"user_group": str("Name of the user's group; null when not reported."),
		"group_id":   schema.Int64Attribute{MarkdownDescription: "Id of the user's group; null when not reported.", Computed: true},
		"status":     str("`" + statusActive + "`, `" + statusInactive + "` or `" + statusTrash + "` (`" + statusActive + "` when the server does not report a status)."),
		"api_user": schema.BoolAttribute{
			MarkdownDescription: "Whether the user is an API user (an integration) rather than a person; null when not reported.",
			Computed:            true,
		},
		"password_changed_at": str("RFC 3339 time the password was last set; null when not reported."),
		"token_expires":       schema.Int64Attribute{MarkdownDescription: tokenExpiresDescription, Computed: true},
	}
}

// userFilterDescriptions describe the filters, in this data source and in
// the apiusers_api_user list resource, which takes the same ones.
var userFilterDescriptions = struct{ loginIDRegex, status, branchID, userGroup string }{
	loginIDRegex: "Keep users whose login id matches this regular expression " +
		"([RE2 syntax](https://github.com/google/re2/wiki/Syntax), unanchored: use `^...$` to match the whole id).",
	status:   "Keep users with this status: `" + statusActive + "`, `" + statusInactive + "` or `" + statusTrash + "`.",
	branchID: "Keep users with access to this branch.",
	userGroup: "Keep users in this group, by name (`Admin`, `User`, `Guest`, `API` on a default server); " +
		"compared case-insensitively.",
}

// statusFilterValidator checks the status filter.
var statusFilterValidator = stringvalidator.OneOf(statusActive, statusInactive, statusTrash)

// ValidateConfig refuses an invalid regular expression before anything is
// read, pointing at the attribute.
func (d *usersDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateLoginIDRegex(ctx, req.Config, &resp.Diagnostics)
}

// validateLoginIDRegex is the check of the login_id_regex filter.
func validateLoginIDRegex(ctx context.Context, config attributeGetter, diags *diag.Diagnostics) {
	var re types.String
	diags.Append(config.GetAttribute(ctx, path.Root("login_id_regex"), &re)...)
	if diags.HasError() || re.IsNull() || re.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(re.ValueString()); err != nil {
		diags.AddAttributeError(path.Root("login_id_regex"), "Invalid Regular Expression",
			withCause(fmt.Sprintf("login_id_regex %q is not a valid regular expression (RE2 syntax). Correct it, e.g. \"^billing-\".",
				re.ValueString()), err))
	}
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config usersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	users, _ := filteredUsers(ctx, d.data, config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	kept := make(map[string]userDataModel, len(users))
	for _, u := range users {
		kept[u.UserID] = newUserDataModel(u)
	}

	elemType, diags := elementType(ctx, resp.State.Schema, "users")
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	config.Users, config.LoginIDs, diags = keyedObjects(ctx, elemType, kept)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &config)...)
}
