package provider

// This file is apiusers_api_user's plan modification (ModifyPlan and what
// it needs: the group pair, the unreported attributes, the branch and group
// checks against the server's catalogues); the resource's type, schema and
// CRUD are in api_user_resource.go, create in api_user_create.go.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// ModifyPlan completes the plan with what the schema alone cannot say: the
// password's fate, the group pair, and the checks that need the server
// (existing login id, known branches and groups, the server's limits and
// policies: active_slots.go).
func (r *apiUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer hintDestroyRefresh(&resp.Diagnostics, len(resp.Diagnostics))
	loginIdentity.modifyPlan(ctx, req, resp)
	r.planAccountChecks(ctx, req, &resp.Diagnostics)
	warnReactivation(ctx, req, &resp.Diagnostics)
	if req.Plan.Raw.IsNull() {
		r.planDestroy(ctx, req, &resp.Diagnostics)
		return
	}
	resetAt, reset := passwordReset(ctx, req.Private)
	if req.Plan.Raw.Equal(req.State.Raw) && !reset && !r.data.rotationDueInState(ctx, req.State) {
		// No change (most resources of a large plan): the framework marks
		// nothing unknown then, a write-only password changes only with
		// password_wo_version, and the checks below look only at what
		// changes, so there is nothing to plan or check. Returning before
		// decoding saves most of this method's cost in a no-op plan. A
		// password due for rotation is a change the configuration does not
		// show.
		return
	}
	var plan, config, state apiUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = plan.LoginID
	checkFree := creating && r.loginIDMustBeFree(ctx, req.Private, plan.LoginID, &resp.Diagnostics)

	pw := planPassword(config, state, creating, reset)
	if reset {
		warnPasswordReset(plan.LoginID.ValueString(), resetAt, pw, &resp.Diagnostics)
	}
	pw = r.planRotation(ctx, req.Private, config, state, pw, &plan, &resp.Diagnostics)
	plan.Password = pw.planned
	switch {
	case pw.sets:
		plan.PasswordChangedAt = types.StringUnknown()
	case !creating:
		plan.PasswordChangedAt = state.PasswordChangedAt
	}

	var groups []client.Group
	var ext *client.Extensions
	if r.data.configured() {
		e, err := r.data.store.Extensions(ctx)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Read Users",
				withCause(fmt.Sprintf("The provider reads the server's users (GET /users) to plan API user %q, and that failed. Check the provider's endpoint and credentials and plan again.",
					plan.LoginID.ValueString()), err))
			return
		}
		ext = &e
		groups = r.checkAgainstServer(ctx, config, state, &plan, e, creating, checkFree, &resp.Diagnostics)
	}
	planGroup(config, state, &plan, creating, groups, &resp.Diagnostics)
	if ext != nil {
		planUnreported(config, &plan, *ext)
	}
	prior := &state
	if creating {
		prior = nil
	}
	// A login id known only at apply has a tally entry of its own.
	r.checkServerPolicy(ctx, &plan, prior, fmt.Sprintf("?%p", resp), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planDestroy checks a destroy: another resource's create may undo it
// (planObject), and the server's limits and policies may refuse it.
func (r *apiUserResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	var state apiUserModel
	diags.Append(req.State.Get(ctx, &state)...)
	if diags.HasError() {
		return
	}
	r.data.planObject(apiUserObject(state.LoginID.ValueString()), true, path.Empty(), diags)
	r.checkServerPolicy(ctx, nil, &state, "", diags)
}

// loginIDMustBeFree reports whether a create must find its login id free on
// the server: not while the id is unknown, nor when another resource's
// destroy in this plan frees it (a create that undoes a destroy needs no
// other check).
func (r *apiUserResource) loginIDMustBeFree(ctx context.Context, private privateGetter, loginID types.String, diags *diag.Diagnostics) bool {
	return !loginID.IsUnknown() &&
		!r.data.planObject(apiUserObject(loginID.ValueString()), false, path.Root("login_id"), diags) &&
		!r.data.replacesManaged(ctx, private, apiUserKey(loginID.ValueString()))
}

// checkAgainstServer makes ModifyPlan's checks that need the server's
// extensions (ext) and catalogues: attributes the server cannot honour, a
// login id already taken (when checkFree), unknown branches. It returns the
// group catalogue when the group pair changes, for planGroup, else nil.
func (r *apiUserResource) checkAgainstServer(ctx context.Context, config, state apiUserModel, plan *apiUserModel, ext client.Extensions, creating, checkFree bool, diags *diag.Diagnostics) []client.Group {
	unsupportedAttributes(config, ext, diags)
	r.data.warnWrittenNotRead(config, ext, diags)
	if checkFree {
		r.checkLoginIDFree(ctx, plan, diags)
	}
	r.checkBranches(ctx, plan.BranchIDs, state.BranchIDs, diags)
	if !groupsChanged(config, state, creating) {
		return nil
	}
	return catalogueForPlan(ctx, r.data, r.data.store.Groups, "Group", "user_group and group_id", diags)
}

// planUnreported plans the computed attributes the server does not report:
// they are null after apply, so the plan says so instead of "known after
// apply". status is null unless configured (refused then, by
// unsupportedAttributes), rather than the schema default the server would
// never confirm.
func planUnreported(config apiUserModel, plan *apiUserModel, ext client.Extensions) {
	if !ext.Reports(client.FieldPasswordChangedAt) && plan.PasswordChangedAt.IsUnknown() {
		plan.PasswordChangedAt = types.StringNull()
	}
	if !ext.Reports(client.FieldStatus) && config.Status.IsNull() {
		plan.Status = types.StringNull()
	}
	if !ext.Reports(client.FieldUserGroup) && plan.UserGroup.IsUnknown() {
		plan.UserGroup = types.StringNull()
	}
	if !ext.Reports(client.FieldGroupID) && plan.GroupID.IsUnknown() {
		plan.GroupID = types.Int64Null()
	}
}

// checkBranches reports planned branch ids the server does not know. Only
// branches not already in state are checked, so a plan without changes
// needs no catalogue.
func (r *apiUserResource) checkBranches(ctx context.Context, planned, prior types.Set, diags *diag.Diagnostics) {
	held := setToBranchIDs(prior)
	added := slices.DeleteFunc(setToBranchIDs(planned), func(id int64) bool { return slices.Contains(held, id) })
	if len(added) == 0 {
		return
	}
	branches := catalogueForPlan(ctx, r.data, r.data.store.Branches, "Branches", "branch_ids", diags)
	if branches == nil {
		return
	}
	known := map[int64]bool{}
	var ids []string
	for _, b := range branches {
		known[b.BranchID] = true
		ids = append(ids, fmt.Sprint(b.BranchID))
	}
	for _, id := range added {
		if !known[id] {
			diags.AddAttributeError(path.Root("branch_ids"), "Unknown Branch",
				fmt.Sprintf("branch_ids: each branch id must be a branch the server knows; %d is not one. Known branches: %s.", id, strings.Join(ids, ", ")))
		}
	}
}

// groupsChanged reports whether the plan needs the groups catalogue: a
// create or a change of user_group or group_id in the configuration.
func groupsChanged(config, state apiUserModel, creating bool) bool {
	if config.UserGroup.IsNull() && config.GroupID.IsNull() {
		return false
	}
	return creating || (!config.UserGroup.IsNull() && !config.UserGroup.Equal(state.UserGroup)) ||
		(!config.GroupID.IsNull() && !config.GroupID.Equal(state.GroupID))
}

// planGroup plans user_group and group_id. Whichever is configured is
// planned as configured; the other is kept from state when the configured
// one did not change, resolved from groups (the server's catalogue, nil when
// not available) when it did, and unknown otherwise. With neither
// configured, the server's values are kept (unknown at create: the server
// picks its default). Names must be spelled as the server does, because the
// server reports its own spelling back.
func planGroup(config, state apiUserModel, plan *apiUserModel, creating bool, groups []client.Group, diags *diag.Diagnostics) {
	name, id := config.UserGroup, config.GroupID
	byName, byID := indexGroups(groups)
	if groups != nil && !checkKnownGroups(name, id, groups, byName, byID, diags) {
		return
	}
	switch {
	case name.IsNull() && id.IsNull():
		if creating {
			plan.UserGroup, plan.GroupID = types.StringUnknown(), types.Int64Unknown()
		} else {
			plan.UserGroup, plan.GroupID = state.UserGroup, state.GroupID
		}
	case !name.IsNull() && !id.IsNull():
		if groups != nil && !name.IsUnknown() && !id.IsUnknown() && byName[name.ValueString()] != id.ValueInt64() {
			diags.AddAttributeError(path.Root("group_id"), "Conflicting Group",
				fmt.Sprintf("user_group and group_id: when both are set they must name the same group; group %d is %q, not %q.",
					id.ValueInt64(), byID[id.ValueInt64()], name.ValueString()))
		}
	case !name.IsNull(): // user_group only
		plan.GroupID = planGroupID(name, state, creating, groups != nil, byName)
	default: // group_id only
		plan.UserGroup = planUserGroup(id, state, creating, groups != nil, byID)
	}
}

func indexGroups(groups []client.Group) (byName map[string]int64, byID map[int64]string) {
	byName, byID = map[string]int64{}, map[int64]string{}
	for _, g := range groups {
		byName[g.Name] = g.GroupID
		byID[g.GroupID] = g.Name
	}
	return byName, byID
}

// checkKnownGroups reports, with an error on the attribute, a configured
// user_group or group_id that is not in the server's catalogue (groups),
// and returns false then.
func checkKnownGroups(name types.String, id types.Int64, groups []client.Group, byName map[string]int64, byID map[int64]string, diags *diag.Diagnostics) bool {
	if !name.IsNull() && !name.IsUnknown() {
		if _, ok := byName[name.ValueString()]; !ok {
			diags.AddAttributeError(path.Root("user_group"), "Unknown Group",
				fmt.Sprintf("user_group: must name a group the server knows, spelled as the server does; %q is not one. Known groups: %s.", name.ValueString(), knownGroups(groups)))
			return false
		}
	}
	if !id.IsNull() && !id.IsUnknown() {
		if _, ok := byID[id.ValueInt64()]; !ok {
			diags.AddAttributeError(path.Root("group_id"), "Unknown Group",
				fmt.Sprintf("group_id: must be a group the server knows; %d is not one. Known groups: %s.", id.ValueInt64(), knownGroups(groups)))
			return false
		}
	}
	return true
}

// knownGroups lists the catalogue for an error message, sorted.
func knownGroups(groups []client.Group) string {
	var s []string
	for _, g := range groups {
		s = append(s, fmt.Sprintf("%d %q", g.GroupID, g.Name))
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}

// planGroupID is group_id when only user_group (name) is configured: kept
// from state while name does not change, resolved from the catalogue when
// there is one (haveGroups), and unknown otherwise.
func planGroupID(name types.String, state apiUserModel, creating, haveGroups bool, byName map[string]int64) types.Int64 {
	switch {
	case !creating && name.Equal(state.UserGroup):
		return state.GroupID
	case haveGroups && !name.IsUnknown():
		return types.Int64Value(byName[name.ValueString()])
	default:
		return types.Int64Unknown()
	}
}

// planUserGroup is planGroupID's counterpart when only group_id is
// configured.
func planUserGroup(id types.Int64, state apiUserModel, creating, haveGroups bool, byID map[int64]string) types.String {
	switch {
	case !creating && id.Equal(state.GroupID):
		return state.UserGroup
	case haveGroups && !id.IsUnknown():
		return types.StringValue(byID[id.ValueInt64()])
	default:
		return types.StringUnknown()
	}
}
