package provider

// This file refuses, at plan time, every change that would lock the
// provider out of the server: the provider authenticates as its configured
// username (its own user), and a plan that deactivates, trashes, deletes,
// replaces or re-passwords that user, or takes account_admin away from it,
// applies; afterwards every run fails with bad credentials or 403, the
// destroy that would undo it included, and only another admin can repair
// the account. Login ids are compared as the server does, ignoring case.

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// The summaries of the refusals below and of the account_admin check.
const (
	lockoutSummary = "Plan Would Lock the Provider Out"
	adminSummary   = "Provider's User Lacks account_admin"
	ownUserSummary = "Cannot Manage the Provider's Own User"
)

// refusedWithoutRefresh are the refusals that terraform destroy
// -refresh=false meets too (they check the destroy itself, or the
// provider's user), so hintDestroyRefresh must not advise it for them.
var refusedWithoutRefresh = map[string]bool{lockoutSummary: true, adminSummary: true, ownUserSummary: true}

// roleAccountAdmin is the role that lets a user manage users, roles and
// privileges: the provider's own user needs it.
const roleAccountAdmin = "account_admin"

// ownUser is the login id the provider authenticates as; "" while the
// provider is not configured.
func (d *providerData) ownUser() string {
	if !d.configured() {
		return ""
	}
	return d.store.OwnUser()
}

// isOwnUser reports whether a known loginID is the provider's own user.
func (d *providerData) isOwnUser(loginID types.String) bool {
	own := d.ownUser()
	return own != "" && !loginID.IsNull() && !loginID.IsUnknown() && client.LoginKey(own) == client.LoginKey(loginID.ValueString())
}

// refuseLockout adds the refusal of change (what the plan would do to the
// provider's own user) at attribute at.
func (d *providerData) refuseLockout(at path.Path, change string, diags *diag.Diagnostics) {
	diags.AddAttributeError(at, lockoutSummary,
		fmt.Sprintf("The provider authenticates as %q (its username), and this plan would %s. "+
			"After that apply, every later run of Terraform with this provider configuration, including the destroy that would undo it, "+
			"would fail with bad credentials or 403 Forbidden, and only another administrator could repair the account. "+
			"To do it safely, do it as another admin: first configure the provider with another user that holds %s "+
			"(its username and password attributes, or APIUSERS_USERNAME and APIUSERS_PASSWORD), then plan again.",
			d.ownUser(), change, roleAccountAdmin))
}

// checkProviderUser is apiusers_api_user's part of ModifyPlan for the
// provider's account: a plan that writes needs account_admin
// (account_admin_check.go), and no plan may lock the own user out.
func (r *apiUserResource) checkProviderUser(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	_, reset := passwordReset(ctx, req.Private)
	if req.Plan.Raw.Equal(req.State.Raw) && !reset {
		return
	}
	r.data.requireAccountAdmin(ctx, diags)
	if r.data.ownUser() == "" {
		return
	}
	destroy, creating := req.Plan.Raw.IsNull(), req.State.Raw.IsNull()
	plan, config, state := apiUserPlanModels(ctx, req, diags)
	if diags.HasError() {
		return
	}
	stateOwn, planOwn := r.data.isOwnUser(state.LoginID), r.data.isOwnUser(plan.LoginID)
	switch {
	case destroy && stateOwn:
		r.data.refuseLockout(path.Empty(), fmt.Sprintf("destroy API user %q (deletion_mode %q: any mode leaves it unable to authenticate)",
			state.LoginID.ValueString(), state.DeletionMode.ValueString()), diags)
		return
	case destroy:
		return
	case stateOwn && !plan.LoginID.IsUnknown() && !planOwn:
		r.data.refuseLockout(path.Root("login_id"), fmt.Sprintf("replace API user %q: a new login_id destroys it first", state.LoginID.ValueString()), diags)
		return
	case creating && planOwn && r.data.replacesManaged(ctx, req.Private, apiUserKey(plan.LoginID.ValueString())):
		r.data.refuseLockout(path.Root("login_id"), fmt.Sprintf("replace API user %q (-replace or a tainted resource): the replacement destroys it first", plan.LoginID.ValueString()), diags)
		return
	case creating && planOwn:
		diags.AddAttributeError(path.Root("login_id"), ownUserSummary,
			fmt.Sprintf("login_id: %q is the provider's own user (it authenticates as %q, its username), so that user exists and cannot be created. "+
				"apiusers_api_user does not adopt the provider's own user either: importing it is refused, since a later change or destroy of it "+
				"would lock the provider out. Manage it as another admin (configure the provider with another user that holds %s), or choose another login_id. "+
				"If this resource is tainted or being replaced, the replacement would destroy the user first and lock the provider out: "+
				"run terraform untaint on it, or replace it as another admin.",
				plan.LoginID.ValueString(), r.data.ownUser(), roleAccountAdmin))
		return
	case !planOwn:
		return
	}
	r.data.refuseOwnUserUpdate(config, state, plan, creating, reset, diags)
}

// apiUserPlanModels decodes what a ModifyPlan of apiusers_api_user may look
// at: the state unless creating, the plan and configuration unless
// destroying (the others are left empty).
func apiUserPlanModels(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) (plan, config, state apiUserModel) {
	if !req.State.Raw.IsNull() {
		diags.Append(req.State.Get(ctx, &state)...)
	}
	if !req.Plan.Raw.IsNull() {
		diags.Append(req.Plan.Get(ctx, &plan)...)
		diags.Append(req.Config.Get(ctx, &config)...)
	}
	return plan, config, state
}

// refuseOwnUserUpdate refuses the updates of the provider's own user that
// leave the provider unable to authenticate: a status other than active, a
// new password.
func (d *providerData) refuseOwnUserUpdate(config, state, plan apiUserModel, creating, reset bool, diags *diag.Diagnostics) {
	if !plan.Status.IsNull() && !plan.Status.IsUnknown() && plan.Status.ValueString() != statusActive {
		d.refuseLockout(path.Root("status"), fmt.Sprintf("set the status of API user %q to %q: only active users can authenticate", plan.LoginID.ValueString(), plan.Status.ValueString()), diags)
	}
	if planPassword(config, state, creating, reset).sets {
		// Not at the attribute: Terraform prints the source line of the
		// attribute a diagnostic names, and password's may hold the password.
		d.refuseLockout(path.Empty(), fmt.Sprintf("change the password of API user %q (a new password, password_wo_version or keepers, "+
			"or the password in state set again after a reset): the provider would go on with the old one. Rotate it as another admin", plan.LoginID.ValueString()), diags)
	}
}

// refuseOwnImport refuses an import of the provider's own user into
// apiusers_api_user, on any server, and reports whether it did: once in
// state, a change or destroy of it locks the provider out.
func (d *providerData) refuseOwnImport(loginID string, diags *diag.Diagnostics) bool {
	if !d.isOwnUser(types.StringValue(loginID)) {
		return false
	}
	diags.AddError("Cannot Import the Provider's Own User",
		fmt.Sprintf("%q is the provider's own user (it authenticates as %q, its username). apiusers_api_user does not manage the provider's own user: a later change of its status or password, "+
			"or a destroy (terraform destroy included), would lock the provider out, failing every later run with bad credentials or 403 Forbidden "+
			"until another administrator repaired the account. To manage this user with Terraform, do it as another admin: configure the provider with another "+
			"user that holds %s, then import it.", loginID, d.ownUser(), roleAccountAdmin))
	return true
}

// refuseSelfLockout refuses a plan that takes account_admin away from the
// provider's own user through its apiusers_user_roles: role_ids without
// it, a destroy (which takes every role away), or a new login_id.
func (r *userRolesResource) refuseSelfLockout(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	if r.data.ownUser() == "" || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	var state, plan userRolesModel
	holds := func(m userRolesModel, raw bool) bool { return holdsAccountAdmin(ctx, m, raw, diags) }
	hasState, hasPlan := !req.State.Raw.IsNull(), !req.Plan.Raw.IsNull()
	if hasState {
		diags.Append(req.State.Get(ctx, &state)...)
	}
	if hasPlan {
		diags.Append(req.Plan.Get(ctx, &plan)...)
	}
	if diags.HasError() {
		return
	}
	stateOwn, planOwn := r.data.isOwnUser(state.LoginID), r.data.isOwnUser(plan.LoginID)
	// The create half of a replacement (-replace, a tainted resource) runs
	// after its destroy has taken every role away, account_admin included.
	// A tainted one planned with -refresh=false has no sign of what it
	// replaces (replacement.go), and is let through as a new resource.
	replaced := !hasState && planOwn && r.data.replacesManaged(ctx, req.Private, userRolesKey(plan.LoginID.ValueString()))
	// A user without account_admin now loses nothing; a create may take
	// it away, since apply sets exactly role_ids.
	held := (stateOwn && holds(state, hasState)) || (!hasState && planOwn)
	if !held || (planOwn && holds(plan, hasPlan) && !replaced) {
		return
	}
	own, at, change := userRolesLockout(state, plan, hasState, hasPlan, planOwn, replaced)
	r.data.refuseLockout(at, fmt.Sprintf(change, own.ValueString(), roleAccountAdmin), diags)
}

// holdsAccountAdmin reports whether m's role_ids hold account_admin; false
// for a model that is not there (present false). Roles known only at apply
// are taken to keep it: the plan cannot tell.
func holdsAccountAdmin(ctx context.Context, m userRolesModel, present bool, diags *diag.Diagnostics) bool {
	if !present || m.RoleIDs.IsUnknown() {
		return present
	}
	var roles []types.String
	diags.Append(m.RoleIDs.ElementsAs(ctx, &roles, false)...)
	return slices.ContainsFunc(roles, func(s types.String) bool { return s.IsUnknown() || s.ValueString() == roleAccountAdmin })
}

// userRolesLockout is what a refused plan of apiusers_user_roles does to the
// provider's own user: which login id (own), the attribute to name (at) and
// the change, a format of the login id and the role.
func userRolesLockout(state, plan userRolesModel, hasState, hasPlan, planOwn, replaced bool) (own types.String, at path.Path, change string) {
	own = state.LoginID
	at, change = path.Root("role_ids"), "set the roles of user %q without %s"
	switch {
	case replaced:
		own, at, change = plan.LoginID, path.Empty(), "replace the apiusers_user_roles of user %q (-replace or a tainted resource): the replacement destroys it first, taking every role away, %s included"
	case !hasPlan:
		at, change = path.Empty(), "destroy the apiusers_user_roles of user %q, which takes every role away, %s included"
	case !planOwn:
		at, change = path.Root("login_id"), "move the apiusers_user_roles of user %q to another user, taking every role away from it, %s included"
	case !hasState:
		own = plan.LoginID
	}
	return own, at, change
}

// refuseSelfLockout refuses a destroy or replacement of the assignment of
// account_admin to the provider's own user: even a replacement that
// assigns it again runs its create as a user without the role.
func (r *roleAssignmentResource) refuseSelfLockout(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	if req.Plan.Raw.Equal(req.State.Raw) || r.data.ownUser() == "" {
		return
	}
	if req.State.Raw.IsNull() {
		r.refuseReplacedOwnAdmin(ctx, req, diags)
		return
	}
	var state roleAssignmentModel
	diags.Append(req.State.Get(ctx, &state)...)
	if diags.HasError() || !r.data.isOwnUser(state.LoginID) || state.RoleID.ValueString() != roleAccountAdmin {
		return
	}
	var plan roleAssignmentModel
	if !req.Plan.Raw.IsNull() {
		diags.Append(req.Plan.Get(ctx, &plan)...)
		if diags.HasError() || (plan.RoleID.Equal(state.RoleID) && plan.LoginID.Equal(state.LoginID)) {
			return
		}
	}
	change := "destroy the assignment of %s to user %q"
	if !req.Plan.Raw.IsNull() {
		change = "replace the assignment of %s to user %q, which removes the role first"
	}
	r.data.refuseLockout(path.Empty(), fmt.Sprintf(change, roleAccountAdmin, state.LoginID.ValueString()), diags)
}

// refuseReplacedOwnAdmin refuses the create half of a replacement
// (-replace, a tainted resource) of the own user's account_admin
// assignment: its destroy runs first and removes the role.
func (r *roleAssignmentResource) refuseReplacedOwnAdmin(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	var plan roleAssignmentModel
	diags.Append(req.Plan.Get(ctx, &plan)...)
	if diags.HasError() || !r.data.isOwnUser(plan.LoginID) || plan.RoleID.ValueString() != roleAccountAdmin ||
		!r.data.replacesManaged(ctx, req.Private, r.key(plan.ids())) {
		return
	}
	r.data.refuseLockout(path.Empty(), fmt.Sprintf("replace the assignment of %s to user %q (-replace or a tainted resource), which removes the role first",
		roleAccountAdmin, plan.LoginID.ValueString()), diags)
}
