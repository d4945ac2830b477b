package provider

// This file checks at plan time what the server's policy (GET /limits, or
// the provider's settings in its place: store.Policy) would refuse at
// apply, so that an apply does not stop half-way: the limit of active API
// users, and a plain delete on a server that erases only from the trash.
//
// The limit is a rule about the whole run, while each ModifyPlan sees one
// resource, in an order Terraform does not fix. So every plan of an API
// user records in the run's tally (runState.active) whether the run
// leaves that user active, and each plan that activates one (a create, a
// restore, a status change to active) checks the users the server reports
// active now, with every status recorded so far put in their place,
// against the limit. A deactivation (a destroy, a status change away from
// active) never fails; it frees a slot for the activations planned after
// it. An activation cannot count a deactivation planned later, so it fails
// closed: a plan that passes never exceeds the limit; one that relies on a
// deactivation Terraform happened to plan later fails, and its message says
// how to order the two (depends_on, which orders the apply too) or to apply
// the deactivations first. The tally is by login id and records states,
// not steps, so that a user planned twice (a replacement, or the plan
// Terraform makes again of each change at apply, in another process whose
// server snapshot already holds what that apply did) counts once.

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// slotChange is what the run does to one API user: active after it or not.
type slotChange struct {
	login  string // client.LoginKey of the login id, or a key of its own when unknown
	active bool
}

// slotChanges is what a plan does to the active API users: plan is nil for
// a destroy, state for a create. unknownKey stands for a login id known
// only at apply. A status that is null (a server that does not report it:
// its users are ACTIVE) or unknown counts as active.
func slotChanges(plan, state *apiUserModel, unknownKey string) []slotChange {
	key := func(login types.String) string {
		if login.IsUnknown() {
			return unknownKey
		}
		return client.LoginKey(login.ValueString())
	}
	active := func(status types.String) bool {
		return status.IsNull() || status.IsUnknown() || status.ValueString() == statusActive
	}
	switch {
	case plan == nil:
		return []slotChange{{key(state.LoginID), false}}
	case state == nil:
		return []slotChange{{key(plan.LoginID), active(plan.Status)}}
	case key(plan.LoginID) != key(state.LoginID): // the update half of a replacement
		return []slotChange{{key(state.LoginID), false}, {key(plan.LoginID), active(plan.Status)}}
	case !plan.Status.Equal(state.Status):
		return []slotChange{{key(plan.LoginID), active(plan.Status)}}
	}
	return nil
}

// checkServerPolicy refuses at plan what the server's policy would refuse
// at apply (see the file comment). plan is nil for a destroy, state for a
// create.
func (r *apiUserResource) checkServerPolicy(ctx context.Context, plan, state *apiUserModel, unknownKey string, diags *diag.Diagnostics) {
	if !r.data.configured() {
		return
	}
	changes := slotChanges(plan, state, unknownKey)
	mode := state
	if plan != nil {
		mode = plan
	}
	plainDelete := mode.DeletionMode.ValueString() == deletionModeDelete
	if len(changes) == 0 && !plainDelete {
		return
	}
	policy, err := r.data.store.Policy(ctx)
	if err != nil {
		if r.data.once("no-limits") {
			diags.AddWarning("Unable to Check the Server's Limits at Plan Time",
				withCause("Reading the server's limits and policies (GET /limits) failed, so the limit of active API users and the rule for deleting them are checked by the server at apply.", err))
		}
		return
	}
	if plainDelete && policy.EraseOnlyFromTrash {
		refusePlainDelete(mode.LoginID.ValueString(), plan == nil, policy, diags)
	}
	if policy.MaxActiveAPIUsers > 0 && len(changes) > 0 {
		r.data.checkActiveSlots(ctx, policy, changes, diags)
	}
}

// refusePlainDelete refuses deletion_mode "delete" on a server that erases
// API users only from the trash: a create or update on the attribute, a
// destroy (which may have no configuration to point at) on the resource.
func refusePlainDelete(loginID string, destroying bool, policy store.Policy, diags *diag.Diagnostics) {
	source := "its GET /limits reports eraseOnlyFromTrash"
	if policy.EraseFromSetting {
		source = "the provider's erase_only_from_trash setting says so"
	}
	detail := fmt.Sprintf("deletion_mode: this server erases API users only from the trash (%s), so deletion_mode = %q would be refused by the server when API user %q is destroyed. "+
		"Set deletion_mode = %q (it moves the user to the trash and erases it, in one sync), or %q or %q to keep the record.",
		source, deletionModeDelete, loginID, deletionModeTrashThenDelete, deletionModeTrash, deletionModeDeactivate)
	if destroying {
		diags.AddError("Plain Delete Refused by the Server", detail+
			" Destroy uses the deletion_mode in state: set it in the resource's configuration, apply, then destroy. Nothing was changed.")
		return
	}
	diags.AddAttributeError(path.Root("deletion_mode"), "Plain Delete Refused by the Server", detail)
}

// checkActiveSlots records changes in the run's tally and, when they
// activate a user, fails the plan if the users the run leaves active
// exceed the limit.
func (d *providerData) checkActiveSlots(ctx context.Context, policy store.Policy, changes []slotChange, diags *diag.Diagnostics) {
	planned := d.run.planActive(changes)
	// The users at hand: at apply, those this process created since are
	// in the tally already, and its deletes and status changes are in
	// the snapshot, so waiting for a fresh list would only slow the apply.
	users, err := d.store.UsersAtHand(ctx)
	if err != nil {
		diags.AddError("Unable to Read Users",
			withCause("The provider reads the server's users (GET /users) to check the limit of active API users, and that failed. Check the provider's endpoint and credentials and plan again.", err))
		return
	}
	now := map[string]string{} // the users active now, by client.LoginKey
	for _, u := range users {
		if countsActive(u) {
			now[client.LoginKey(u.UserID)] = u.UserID
		}
	}
	if !slices.ContainsFunc(changes, func(c slotChange) bool { _, was := now[c.login]; return c.active && !was }) {
		return // no activation: deactivations only free slots
	}
	after := 0
	for login := range now {
		if active, ok := planned[login]; !ok || active {
			after++
		}
	}
	var deactivated int
	for login, active := range planned {
		_, was := now[login]
		switch {
		case active && !was:
			after++
		case !active && was:
			deactivated++
		}
	}
	if after <= policy.MaxActiveAPIUsers {
		return
	}
	source := "as its GET /limits reports"
	if policy.MaxActiveFromSetting {
		source = "as the provider's max_active_api_users setting says"
	}
	diags.AddError("Too Many Active API Users",
		fmt.Sprintf("The server allows at most %d active API users (%s). Active now: %d (%s). This plan adds %d (counting the %d it deactivates or destroys so far), "+
			"which makes %d. Nothing has been changed: the plan fails as a whole. "+
			"Plan fewer active API users (status = %q keeps a user without a slot), deactivate or destroy others, or raise the limit on the server. "+
			"An API user this plan deactivates or destroys frees its slot only for the activations Terraform plans after it, and the server counts it only once it is applied: "+
			"make the new or restored users depend on it (depends_on), which orders both the plan and the apply, or apply the deactivations first "+
			"(terraform apply -target=<ADDRESS>). Where the server does not report status or apiUser, every user it does not call a person counts as active.",
			policy.MaxActiveAPIUsers, source, len(now), loginList(slices.Collect(maps.Values(now))), after-len(now), deactivated, after, statusInactive))
}

// countsActive: the user takes an active API user slot, as far as the
// server says (one that reports neither status nor apiUser gets no benefit
// of the doubt: a plan that passes must not exceed the limit).
func countsActive(u client.User) bool {
	return (u.APIUser == nil || *u.APIUser) && (u.Status == nil || strings.EqualFold(*u.Status, client.StatusActive))
}

// loginList names users for a message: sorted, quoted, at most 20.
func loginList(logins []string) string {
	if len(logins) == 0 {
		return "none"
	}
	slices.Sort(logins)
	const most = 20
	quoted := make([]string, 0, most)
	for _, l := range logins[:min(len(logins), most)] {
		quoted = append(quoted, fmt.Sprintf("%q", l))
	}
	if len(logins) > most {
		quoted = append(quoted, fmt.Sprintf("and %d more", len(logins)-most))
	}
	return strings.Join(quoted, ", ")
}
