package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

// passwordEphemeralResource implements no Configure on purpose: it needs
// neither the server nor any provider data (the provider's Configure sets no
// EphemeralResourceData; before ConfigureProvider, or while the provider's
// settings are unknown, an ephemeral resource's Configure would get a nil
// ProviderData). So Open works the same in all those cases and sends no
// request.
var _ ephemeral.EphemeralResource = (*passwordEphemeralResource)(nil)

// NewPasswordEphemeralResource returns the apiusers_password ephemeral
// resource.
func NewPasswordEphemeralResource() ephemeral.EphemeralResource {
	return &passwordEphemeralResource{}
}

// passwordEphemeralResource generates a password for one API user with the
// generator the apiusers_api_user resource uses, so both meet the same
// policy (API.md Part A).
type passwordEphemeralResource struct{}

type passwordEphemeralModel struct {
	LoginID      types.String `tfsdk:"login_id"`
	Organization types.String `tfsdk:"organization"`
	Length       types.Int64  `tfsdk:"length"`
	Result       types.String `tfsdk:"result"`
}

func (e *passwordEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_password"
}

func (e *passwordEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Generates a random password (from `crypto/rand`) that meets the server's password policy for one API user: " +
			client.PasswordRule + ", not containing the login id or the organization (case-insensitive). " +
			"Being ephemeral, the password is never stored in the plan or the state, and every plan and every apply generates a new one. " +
			"Pass `result` to `password_wo` of `apiusers_api_user` and rotate with `password_wo_version` (Terraform 1.11 and later). " +
			"Nothing keeps the value: to let an integration use the password, pass the same `result` in the same configuration to a write-only argument of the secret store it reads from. " +
			"Opening it sends no request to the server (Terraform still configures the provider block as usual). Terraform 1.10 and later.",
		Attributes: map[string]schema.Attribute{
			"login_id": schema.StringAttribute{
				MarkdownDescription: "Login id of the user the password is for; the password does not contain it. Must be " + client.LoginIDRule + ". " +
					"Write the value of the user's `login_id` (a reference to `apiusers_api_user` would be a cycle when the user's `password_wo` refers to this resource).",
				Required:   true,
				Validators: []validator.String{validators.LoginID()},
			},
			"organization": schema.StringAttribute{
				MarkdownDescription: "Organization of the user, when it has one; the password does not contain it.",
				Optional:            true,
			},
			"length": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Number of characters, between %d and %d. Defaults to `%d`.",
					client.PasswordMinLength, client.PasswordMaxLength, generatedPasswordLength),
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.Between(client.PasswordMinLength, client.PasswordMaxLength)},
			},
			"result": schema.StringAttribute{
				MarkdownDescription: "The generated password: letters, digits and `-_.~+=`, with at least one upper-case letter, one lower-case letter and one digit.",
				Computed:            true,
				Sensitive:           true,
			},
		},
	}
}

// Open generates the password. Terraform calls it during each plan and each
// apply, only once the configuration is known.
func (e *passwordEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var data passwordEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if data.Length.IsNull() {
		data.Length = types.Int64Value(generatedPasswordLength)
	}
	loginID := data.LoginID.ValueString()
	pw, err := generatePasswordOfLength(loginID, data.Organization.ValueString(), int(data.Length.ValueInt64()))
	if err != nil {
		hint := ""
		if errors.Is(err, errNoPasswordAvoids) {
			hint = " Every random draw contained the login id or the organization; a shorter length makes that less likely."
		}
		resp.Diagnostics.AddError("Unable to Generate Password",
			withCause(fmt.Sprintf("No password could be generated for API user %q.%s", loginID, hint), err))
		return
	}
	data.Result = types.StringValue(pw)
	tflog.Debug(ctx, "generated an ephemeral password", map[string]any{"login_id": loginID, "length": data.Length.ValueInt64()})
	resp.Diagnostics.Append(resp.Result.Set(ctx, data)...)
}
