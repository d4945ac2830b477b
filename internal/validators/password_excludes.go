package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// PasswordExcludes is a resource.ConfigValidator for the rule that a
// password must not contain the login id or the organization. It reads each
// of passwords (write-only attributes included: validation sees the
// configuration) and checks it against loginID and organization with the
// client's rule (client.ValidatePasswordExcludes). Unknown values are
// skipped; apply will see them. Its errors name no attribute path (Secret).
func PasswordExcludes(loginID, organization path.Path, passwords ...path.Path) resource.ConfigValidator {
	return Secret(passwordExcludes{loginID: loginID, organization: organization, passwords: passwords})
}

type passwordExcludes struct {
	loginID, organization path.Path
	passwords             []path.Path
}

var _ resource.ConfigValidator = passwordExcludes{}

func (v passwordExcludes) Description(_ context.Context) string {
	return "a password must not contain the login id or the organization (case-insensitive)"
}

func (v passwordExcludes) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v passwordExcludes) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var loginID, organization types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, v.loginID, &loginID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, v.organization, &organization)...)
	if resp.Diagnostics.HasError() || loginID.IsUnknown() || organization.IsUnknown() {
		return
	}
	for _, p := range v.passwords {
		var pw types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, p, &pw)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if pw.IsNull() || pw.IsUnknown() {
			continue
		}
		if err := client.ValidatePasswordExcludes(pw.ValueString(), loginID.ValueString(), organization.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(p, "Password Does Not Meet the Policy", p.String()+": "+err.Error()+".")
		}
	}
}
