package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// loginIDIgnoresCase plans a login id that differs from the state only in
// letter case as the state's: the server's login ids are case-insensitive
// (API.md), so "Payroll" and "payroll" are the same user, and replacing it,
// or refusing the new spelling as an existing user, would be wrong. Terraform
// accepts a planned value equal to the prior one as the provider's reading
// of an equivalent configuration. It runs before RequiresReplace, which
// then sees no change.
type loginIDIgnoresCase struct{}

var _ planmodifier.String = loginIDIgnoresCase{}

func (loginIDIgnoresCase) Description(context.Context) string {
	return "A change of letter case only is no change."
}

func (m loginIDIgnoresCase) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (loginIDIgnoresCase) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.IsNull() {
		return
	}
	if client.LoginKey(req.PlanValue.ValueString()) == client.LoginKey(req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
