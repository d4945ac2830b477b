package provider

// This file is apiusers_api_user's rotation by age (rotate_after): when a
// password is due, what a plan does about it, and rotation_due_at.
//
// The age counts from the server's passwordChangedAt where the server
// reports it, so that an administrator's reset in the portal restarts it;
// otherwise from when this provider last set the password. That time is
// kept in the resource's private data, not in an attribute: an attribute
// beside password_changed_at (the server's word, null where the server says
// nothing) would read as the server's and tempt configurations to depend
// on a value that is only the provider's bookkeeping. What the user needs
// to see, rotation_due_at, is an attribute.

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

// Values of rotation_due_action: what a due password Terraform cannot
// choose (given or write-only) does to the plan.
const (
	rotationDueWarn = "warn"
	rotationDueFail = "fail"
)

// privatePasswordAgeKey holds, in private data, when the password's age
// began as far as this provider knows (RFC 3339): when it last set the
// password, or when it started counting for a user whose age nothing told.
const privatePasswordAgeKey = "password_age_since"

// rotationDueSummary is the summary of every "due" diagnostic.
const rotationDueSummary = "API User Password Due for Rotation"

// passwordAge is rotate_after applied to one user.
type passwordAge struct {
	after time.Duration // zero without rotate_after
	since time.Time     // when the age began; zero when nothing tells
}

// passwordAgeOf is the age of m's password under rotateAfter (from the
// configuration at plan time, from m itself after apply).
func passwordAgeOf(ctx context.Context, rotateAfter types.String, m apiUserModel, private privateGetter) passwordAge {
	if rotateAfter.IsNull() || rotateAfter.IsUnknown() {
		return passwordAge{}
	}
	after, _ := validators.ParseAge(rotateAfter.ValueString()) // refused at plan time when not an age
	return passwordAge{after: after, since: passwordAgeSince(ctx, m, private)}
}

// passwordAgeSince is the server's passwordChangedAt, or else the time in
// private data.
func passwordAgeSince(ctx context.Context, m apiUserModel, private privateGetter) time.Time {
	if t, ok := passwordChangedAt(m.PasswordChangedAt); ok {
		return t
	}
	var t time.Time
	if !getPrivate(ctx, private, privatePasswordAgeKey, &t) {
		return time.Time{}
	}
	return t
}

// passwordChangedAt parses password_changed_at; false when null or not
// RFC 3339.
func passwordChangedAt(v types.String) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	return t, err == nil
}

// recordPasswordAge keeps since in private data.
func recordPasswordAge(ctx context.Context, private privateSetter, since time.Time, diags *diag.Diagnostics) {
	setPrivate(ctx, private, privatePasswordAgeKey, since.UTC(), diags)
}

// dueAt is when the password is due, rounded up to the second that
// rotation_due_at shows, so that the attribute and the plan's test agree.
func (a passwordAge) dueAt() (time.Time, bool) {
	if a.after <= 0 || a.since.IsZero() {
		return time.Time{}, false
	}
	at := a.since.Add(a.after)
	if whole := at.Truncate(time.Second); whole.Before(at) {
		at = whole.Add(time.Second)
	}
	return at.UTC(), true
}

// due reports whether the password is due at now.
func (a passwordAge) due(now time.Time) bool {
	at, ok := a.dueAt()
	return ok && !now.Before(at)
}

// dueAtValue is rotation_due_at: null when not known.
func (a passwordAge) dueAtValue() types.String {
	at, ok := a.dueAt()
	if !ok {
		return types.StringNull()
	}
	return types.StringValue(at.Format(time.RFC3339))
}

// rotationDueInState is the cheap test of a plan without changes, which
// ModifyPlan otherwise skips: whether the rotation_due_at in state has
// passed. It is planRotation's test on the value Read keeps up to date.
func (d *providerData) rotationDueInState(ctx context.Context, state tfsdk.State) bool {
	var dueAt types.String
	if diags := state.GetAttribute(ctx, path.Root("rotation_due_at"), &dueAt); diags.HasError() || dueAt.IsNull() || dueAt.IsUnknown() {
		return false
	}
	at, err := time.Parse(time.RFC3339, dueAt.ValueString())
	return err == nil && !d.now().Before(at)
}

// planRotation is ModifyPlan's part for rotate_after, once pw (the
// password's fate by the configuration) is known: a due generated password
// is replaced, as a change of keepers would replace it; a due given or
// write-only one warns, or fails with rotation_due_action "fail"; the
// provider's own user only warns. rotation_due_at is unknown when the
// apply sets a password (or starts counting), and otherwise the stable
// value in state.
func (r *apiUserResource) planRotation(ctx context.Context, private privateGetter, config, state apiUserModel, pw passwordPlan, plan *apiUserModel, diags *diag.Diagnostics) passwordPlan {
	if config.RotateAfter.IsNull() {
		plan.RotationDueAt = types.StringNull()
		return pw
	}
	age := passwordAgeOf(ctx, config.RotateAfter, state, private)
	if now := r.data.now(); !pw.sets && age.due(now) {
		pw = r.dueRotation(ctx, config, state, pw, age, now, diags)
	}
	plan.RotationDueAt = age.dueAtValue()
	if pw.sets || plan.RotationDueAt.IsNull() {
		plan.RotationDueAt = types.StringUnknown()
	}
	return pw
}

// dueRotation is planRotation for a password that is due and that the
// configuration does not change.
func (r *apiUserResource) dueRotation(ctx context.Context, config, state apiUserModel, pw passwordPlan, age passwordAge, now time.Time, diags *diag.Diagnostics) passwordPlan {
	loginID := state.LoginID.ValueString()
	since := fmt.Sprintf("was last set at %s, %s ago, and rotate_after is %q", age.since.UTC().Format(time.RFC3339), formatAge(now.Sub(age.since)), config.RotateAfter.ValueString())
	switch {
	case r.data.isOwnUser(state.LoginID):
		// Never proposed: the lockout check would refuse the plan.
		diags.AddWarning(rotationDueSummary,
			fmt.Sprintf("The password of API user %q %s, so it is due for rotation. %q is the provider's own user (its username): "+
				"this plan does not change it, since the provider would go on with the old password and be locked out. "+
				"Rotate it as another admin: configure the provider with another user that holds %s, then plan and apply.",
				loginID, since, loginID, roleAccountAdmin))
		return pw
	case pw.mode == passwordGenerated:
		r.data.requireAccountAdmin(ctx, diags)
		diags.AddWarning(rotationDueSummary,
			fmt.Sprintf("The password of API user %q %s, so this plan generates a new one, as a change of keepers would. "+
				"After the apply the old password no longer works: hand the new one to the integration.", loginID, since))
		return pw.regenerated()
	}
	// Not on password: Terraform prints the source line of the attribute a
	// diagnostic names, and password's may hold the password.
	change, at := "set a new password", path.Root("rotate_after")
	if pw.mode == passwordWriteOnly {
		change, at = "set a new password_wo and raise password_wo_version", path.Root("password_wo_version")
	}
	detail := fmt.Sprintf("The password of API user %q %s, so it is due for rotation. Terraform cannot choose a password the configuration gives: %s, then apply.",
		loginID, since, change)
	if config.RotationDueAction.ValueString() == rotationDueFail {
		diags.AddAttributeError(at, rotationDueSummary, detail+fmt.Sprintf(" Until then every plan fails, since rotation_due_action is %q.", rotationDueFail))
		return pw
	}
	diags.AddAttributeWarning(at, rotationDueSummary, detail)
	return pw
}

// formatAge writes an age for a message: "91d3h" from a day on, else "2h0m0s".
func formatAge(d time.Duration) string {
	const day = 24 * time.Hour
	if d >= day {
		return fmt.Sprintf("%dd%dh", d/day, (d%day)/time.Hour)
	}
	return d.Round(time.Second).String()
}

// regenerated is the plan of a due generated password: a new one.
func (pw passwordPlan) regenerated() passwordPlan {
	pw.sets, pw.resend, pw.planned = true, false, types.StringUnknown()
	return pw
}

// passwordToApply is passwordToSend for an update, following the plan: a
// generated password that the plan left unknown where the configuration
// alone keeps it is the rotation the plan decided. The apply does not
// decide it again by the clock, which has moved since: that could change
// a password the plan showed unchanged.
func passwordToApply(config, state, plan apiUserModel, resetOutside bool) (passwordPlan, *string, error) {
	pw := planPassword(config, state, false, resetOutside)
	if pw.mode == passwordGenerated && !pw.sets && plan.Password.IsUnknown() {
		pw = pw.regenerated()
	}
	return pw.toSend(config, state)
}

// settleRotation completes m, the state an apply records, for rotate_after:
// it records the time when the apply sent a password, and works out a
// rotation_due_at the plan left unknown. A user whose age nothing tells (an
// import from a server that does not report passwordChangedAt) starts it
// now.
func (d *providerData) settleRotation(ctx context.Context, private privateData, m *apiUserModel, sent bool, diags *diag.Diagnostics) {
	now := d.now()
	if sent {
		recordPasswordAge(ctx, private, now, diags)
	}
	if !m.RotationDueAt.IsUnknown() {
		return // planned from state, which the apply did not change
	}
	age := passwordAgeOf(ctx, m.RotateAfter, *m, private)
	if age.after > 0 && age.since.IsZero() {
		age.since = now
		recordPasswordAge(ctx, private, now, diags)
	}
	m.RotationDueAt = age.dueAtValue()
}

// refreshRotationDueAt is Read's part: rotation_due_at follows a
// passwordChangedAt that moved (an administrator's reset). Where nothing
// tells the age, the recorded value stays.
func refreshRotationDueAt(ctx context.Context, private privateGetter, m *apiUserModel) {
	age := passwordAgeOf(ctx, m.RotateAfter, *m, private)
	if age.after == 0 || !age.since.IsZero() {
		m.RotationDueAt = age.dueAtValue()
	}
}
