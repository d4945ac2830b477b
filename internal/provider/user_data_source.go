package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var (
	_ datasource.DataSource              = (*userDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*userDataSource)(nil)
)

// NewUserDataSource is the constructor the provider registers.
func NewUserDataSource() datasource.DataSource { return &userDataSource{} }

// userDataSource is one user, found by login id. Its attributes are those
// of an element of apiusers_users (userDataModel), read from the same
// snapshot of the users, so that a configuration with both, or with many of
// these, lists the users once.
type userDataSource struct{ dataSourceData }

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userDataSchemaAttributes()
	attrs["login_id"] = schema.StringAttribute{
		MarkdownDescription: "Login id (`userID`) of the user to read, compared case-insensitively like the server does; " +
			"the attribute keeps the configuration's spelling. A login id the server does not have fails the plan.",
		Required: true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one user, a person or an API user, by login id: every attribute an element of " +
			"the `apiusers_users` data source has. Use it to refer to a user Terraform does not manage, and to fail at plan " +
			"time when that user is missing. Passwords are never reported.",
		Attributes: attrs,
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var loginID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("login_id"), &loginID)...)
	s := d.data.requireStore(&resp.Diagnostics)
	if s == nil {
		return
	}
	ctx = tflog.SetField(ctx, "login_id", loginID.ValueString())

	u, found, err := s.User(ctx, loginID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read User",
			withCause(fmt.Sprintf("Could not list the server's users (GET /users) to read user %q. Check the endpoint and credentials and try again.",
				loginID.ValueString()), err))
		return
	}
	if !found {
		resp.Diagnostics.AddAttributeError(path.Root("login_id"), "User Not Found",
			fmt.Sprintf("The server has no user %q (login ids are compared case-insensitively). Correct login_id, or create the user first; "+
				"the apiusers_users data source lists the users there are.", loginID.ValueString()))
		return
	}
	tflog.Debug(ctx, "read user")

	state := newUserDataModel(*u)
	// Required: the state keeps the configuration's spelling.
	state.LoginID = loginID
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
