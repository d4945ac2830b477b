package provider

// This file is apiusers_user_roles' plan modification (ModifyPlan: the
// roles claim, the role_ids check, the takeover warning); the resource's
// type, schema and CRUD are in user_roles_resource.go.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan claims the user's roles for this run (a conflict with an
// apiusers_role_assignment of the same user fails the plan, see roleClaim),
// checks role_ids against the server's roles and, for a create, warns of
// the roles the user holds that apply will take away.
func (r *userRolesResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer hintDestroyRefresh(&resp.Diagnostics, len(resp.Diagnostics))
	loginIdentity.modifyPlan(ctx, req, resp)
	r.refuseSelfLockout(ctx, req, &resp.Diagnostics)
	if planWrites(req) {
		r.data.requireAccountAdmin(ctx, &resp.Diagnostics)
	}
	if req.Plan.Raw.IsNull() {
		r.claimForDestroy(ctx, req.State, &resp.Diagnostics)
		return
	}
	var plan userRolesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var planned []types.String
	if !plan.RoleIDs.IsUnknown() {
		resp.Diagnostics.Append(plan.RoleIDs.ElementsAs(ctx, &planned, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	roleIDs, rolesKnown := knownStrings(planned)
	rolesKnown = rolesKnown && !plan.RoleIDs.IsUnknown()
	creating := req.State.Raw.IsNull()
	if !plan.LoginID.IsUnknown() {
		plan.ID = plan.LoginID
		r.data.claimUserRoles(plan.LoginID.ValueString(),
			roleClaim{resource: userRolesType, id: plan.LoginID.ValueString(), roles: roleIDs, rolesUnknown: !rolesKnown}, &resp.Diagnostics)
		// A create that another resource's destroy undoes needs no other check.
		creating = creating && !r.data.planObject(userRolesObject(plan.LoginID.ValueString()), false, path.Root("login_id"), &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if !r.data.configured() {
		return // the server is not known until apply
	}
	if !userRoleIDsCheck.checkEach(ctx, r.data, roleIDs, &resp.Diagnostics) || resp.Diagnostics.HasError() {
		return
	}
	if creating && !plan.LoginID.IsUnknown() && !r.data.replacesManaged(ctx, req.Private, userRolesKey(plan.LoginID.ValueString())) {
		r.warnTakeover(ctx, plan.LoginID.ValueString(), roleIDs, rolesKnown, &resp.Diagnostics)
	}
}

// claimForDestroy claims, for a destroy, the roles in state: destroying the
// resource takes them away.
func (r *userRolesResource) claimForDestroy(ctx context.Context, from tfsdk.State, diags *diag.Diagnostics) {
	var state userRolesModel
	diags.Append(from.Get(ctx, &state)...)
	if diags.HasError() {
		return
	}
	loginID, roleIDs, d := state.request(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	r.data.claimUserRoles(loginID, roleClaim{resource: userRolesType, id: loginID, roles: roleIDs, destroy: true}, diags)
	r.data.planObject(userRolesObject(loginID), true, path.Empty(), diags)
}

// userRolesObject is the role set a create or destroy of loginID's
// apiusers_user_roles plans (see planObject).
func userRolesObject(loginID string) plannedObject {
	return plannedObject{key: userRolesKey(loginID), resource: userRolesType, what: fmt.Sprintf("the roles of %q", loginID),
		loss: fmt.Sprintf("take the roles away after setting them, leaving user %q without roles", loginID)}
}

// knownStrings returns the values of the known elements, and whether all are.
func knownStrings(elems []types.String) (values []string, allKnown bool) {
	allKnown = true
	for _, e := range elems {
		if e.IsUnknown() {
			allKnown = false
			continue
		}
		values = append(values, e.ValueString())
	}
	return values, allKnown
}

// warnTakeover warns, when the resource is created for a user who already
// holds roles, of those apply takes away: role_ids does not list them.
// Being authoritative, the resource takes over what it finds by design; the
// warning shows what that costs before it happens.
func (r *userRolesResource) warnTakeover(ctx context.Context, loginID string, roleIDs []string, rolesKnown bool, diags *diag.Diagnostics) {
	held, err := r.data.store.UserRoles(ctx, loginID)
	if err != nil {
		diags.AddError("Unable to Check User Roles",
			withCause(fmt.Sprintf("The provider reads the roles user %q already holds, to show which ones apply would take away, and that failed. Check the endpoint and plan again.",
				loginID), err))
		return
	}
	var removed []string
	for _, role := range held {
		if !slices.Contains(roleIDs, role) {
			removed = append(removed, role)
		}
	}
	if len(removed) == 0 {
		return
	}
	what := "which role_ids does not list: apply takes them away"
	if !rolesKnown {
		what = "and role_ids is known only at apply: apply takes away those it does not list"
	}
	diags.AddAttributeWarning(path.Root("role_ids"), "Roles Held Outside Terraform Will Be Taken Away",
		fmt.Sprintf("User %q already holds %s, %s. %s is authoritative: the user ends up holding exactly the roles of role_ids. "+
			"Add a role to role_ids to keep it.", loginID, quotedList(removed), what, userRolesType))
}

// quotedList writes ids as "a", "b" and "c" for messages.
func quotedList(ids []string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	if len(quoted) == 1 {
		return "role " + quoted[0]
	}
	return "roles " + strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}
