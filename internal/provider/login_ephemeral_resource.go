package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*loginEphemeralResource)(nil)

// NewLoginEphemeralResource returns the apiusers_login ephemeral resource.
func NewLoginEphemeralResource() ephemeral.EphemeralResource { return &loginEphemeralResource{} }

// loginEphemeralResource proves that a login id and password authenticate,
// as the integration would: one GET /auth as that user, apart from the
// provider's own token.
type loginEphemeralResource struct{ data *providerData }

type loginEphemeralModel struct {
	LoginID   types.String `tfsdk:"login_id"`
	Password  types.String `tfsdk:"password"`
	Token     types.String `tfsdk:"token"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

func (e *loginEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_login"
}

func (e *loginEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *loginEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Logs in as an API user (`GET /auth` with its login id and password, once per plan and once per apply) and returns the token, " +
			"so that a configuration can prove the credential works: after a password change, in a smoke test, or to hand the token to another provider. " +
			"The provider's own login is not touched. Being ephemeral, neither the password nor the token is ever stored in the plan or the state. " +
			"A refused login fails with the likely cause: a wrong password or login id, or a user whose status is not `ACTIVE`. Terraform 1.10 and later.",
		Attributes: map[string]schema.Attribute{
			"login_id": schema.StringAttribute{
				MarkdownDescription: "Login id of the user to log in as: " + client.LoginIDRule + ".",
				Required:            true,
				Validators:          []validator.String{validators.LoginID()},
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Its password. Accepts ephemeral values (an `apiusers_password` result, a secret manager's ephemeral resource), which never reach the state either.",
				Required:            true,
				Sensitive:           true,
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "The token the server issued (`AuthenticationToken`).",
				Computed:            true,
				Sensitive:           true,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "RFC 3339 time the token expires, as the token says; null when it does not say.",
				Computed:            true,
			},
		},
	}
}

// Open logs in. Terraform calls it once the configuration is known.
func (e *loginEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var data loginEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	s := e.data.requireStore(&resp.Diagnostics)
	if s == nil {
		return
	}
	loginID := data.LoginID.ValueString()
	token, err := s.Login(ctx, loginID, data.Password.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("login_id"), "Login Refused", loginFailureDetail(ctx, e.data, loginID, err))
		return
	}
	data.Token = types.StringValue(token.Token)
	data.ExpiresAt = types.StringNull()
	if !token.ExpiresAt.IsZero() {
		data.ExpiresAt = types.StringValue(token.ExpiresAt.UTC().Format(time.RFC3339))
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, data)...)
}

// loginFailureDetail explains a failed login. The server answers the same
// 401 for every cause, so the provider, which may read users, narrows it
// down by looking the user up. The password is never part of it (the
// client masks it in err).
func loginFailureDetail(ctx context.Context, d *providerData, loginID string, err error) string {
	if !errors.Is(err, client.ErrUnauthorized) {
		return withCause(fmt.Sprintf("Logging in as %q failed before the server could judge the credentials.", loginID), err)
	}
	cause := "The likely causes: the password is not the one the server holds (it was changed, or the change was not applied), " +
		"the user's status is not ACTIVE, or no user has this login id."
	if u, found, lookErr := d.store.User(ctx, loginID); lookErr == nil {
		switch {
		case !found:
			cause = "No user with this login id exists on the server."
		case u.Status != nil && *u.Status != client.StatusActive:
			cause = fmt.Sprintf("The user's status is %s: only ACTIVE users can log in. Activate it (status = %q, or the apiusers_activate action).",
				*u.Status, statusActive)
		default:
			cause = "The user exists" + map[bool]string{true: " and is ACTIVE", false: ""}[u.Status != nil] +
				", so the password is not the one the server holds: it was changed since, or the change did not reach the server."
		}
	}
	return withCause(fmt.Sprintf("The server refused to log in user %q. %s", loginID, strings.TrimSpace(cause)), err)
}
