package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// An API user that state holds ACTIVE but the server shows INACTIVE was
// disabled outside this configuration: most likely in an incident (an
// administrator in the portal, or the apiusers_deactivate action). The plan
// that follows would set status back to active; that must not pass as a
// silent `~ status`, so Read marks the user in private state and ModifyPlan
// warns, naming it. The mark stays while the server keeps the user INACTIVE
// (a refresh-only apply that accepts the drift does not hide it) and goes
// once the server shows it otherwise.
const privateDeactivatedOutsideKey = "deactivated_outside"

// noteDeactivatedOutside is Read's part: prior is the state before the
// refresh, u the user as the server holds it.
func noteDeactivatedOutside(ctx context.Context, private privateSetter, prior apiUserModel, u client.User, diags *diag.Diagnostics) {
	inactive := u.Status != nil && *u.Status == client.StatusInactive
	switch {
	case inactive && prior.Status.ValueString() == statusActive:
		setPrivate(ctx, private, privateDeactivatedOutsideKey, true, diags)
	case !inactive:
		setPrivate(ctx, private, privateDeactivatedOutsideKey, nil, diags)
	}
}

// warnReactivation is ModifyPlan's part: a plan that sets such a user's
// status to active gets a warning that names it.
func warnReactivation(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	var marked bool
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() || !getPrivate(ctx, req.Private, privateDeactivatedOutsideKey, &marked) {
		return
	}
	var planned, current, loginID types.String
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("status"), &planned)...)
	diags.Append(req.State.GetAttribute(ctx, path.Root("status"), &current)...)
	diags.Append(req.State.GetAttribute(ctx, path.Root("login_id"), &loginID)...)
	if planned.ValueString() != statusActive || current.ValueString() != statusInactive {
		return
	}
	diags.AddAttributeWarning(path.Root("status"), "Plan Re-Activates a User Disabled Outside Terraform",
		fmt.Sprintf("API user %q was ACTIVE in the Terraform state but the server shows it INACTIVE: someone disabled it outside this configuration, "+
			"most likely an administrator in the portal or the apiusers_deactivate action, in an incident. This plan sets it ACTIVE again. "+
			"If it was disabled on purpose (a leaked credential), do not apply: set status = %q, or rotate its password first and then re-activate it.",
			loginID.ValueString(), statusInactive))
}
