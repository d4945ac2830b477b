package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// memPrivate is private data in memory.
type memPrivate map[string][]byte

func (p memPrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

func (p memPrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

var rotationBase = time.Date(2026, 3, 1, 12, 0, 0, 500_000_000, time.UTC)

// TestPasswordAgeDueAt: due at since + after, rounded up to the second
// rotation_due_at shows, and due from that second on; unknown without an
// age or a start.
func TestPasswordAgeDueAt(t *testing.T) {
	a := passwordAge{after: time.Hour, since: rotationBase}
	if got := a.dueAtValue().ValueString(); got != "2026-03-01T13:00:01Z" {
		t.Errorf("rotation_due_at = %s, want the second after since + 1h", got)
	}
	due := time.Date(2026, 3, 1, 13, 0, 1, 0, time.UTC)
	if a.due(due.Add(-time.Nanosecond)) || !a.due(due) || !a.due(due.Add(time.Hour)) {
		t.Error("due must hold from rotation_due_at on, and not before")
	}
	exact := passwordAge{after: 90 * 24 * time.Hour, since: rotationBase.Truncate(time.Second)}
	if got := exact.dueAtValue().ValueString(); got != "2026-05-30T12:00:00Z" {
		t.Errorf("a whole second is not rounded: got %s", got)
	}
	for _, unknown := range []passwordAge{{}, {after: time.Hour}, {since: rotationBase}} {
		if !unknown.dueAtValue().IsNull() || unknown.due(rotationBase.Add(1000*time.Hour)) {
			t.Errorf("%+v: want null and never due", unknown)
		}
	}
}

// TestPasswordAgeSince: the server's passwordChangedAt first, else the
// provider's record, else nothing.
func TestPasswordAgeSince(t *testing.T) {
	ctx := context.Background()
	private := memPrivate{}
	var diags diag.Diagnostics
	recordPasswordAge(ctx, private, rotationBase, &diags)
	server := rotationBase.Add(time.Hour)
	reported := apiUserModel{}
	reported.PasswordChangedAt = types.StringValue(server.Format(time.RFC3339Nano))
	for name, c := range map[string]struct {
		m       apiUserModel
		private privateGetter
		want    time.Time
	}{
		"server reports":         {m: reported, private: private, want: server},
		"server silent":          {m: apiUserModel{}, private: private, want: rotationBase},
		"nothing tells":          {m: apiUserModel{}, private: memPrivate{}, want: time.Time{}},
		"no private data either": {m: apiUserModel{}, want: time.Time{}},
	} {
		if got := passwordAgeSince(ctx, c.m, c.private); !got.Equal(c.want) {
			t.Errorf("%s: since %s, want %s", name, got, c.want)
		}
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
}

// TestSettleRotation: a create or rotation starts the age (the server's
// time where it reports one, else the clock's); an apply that set no
// password keeps what the plan showed; a user whose age nothing tells
// starts it at the apply.
func TestSettleRotation(t *testing.T) {
	ctx := context.Background()
	now := rotationBase.Add(24 * time.Hour)
	d := &providerData{clock: func() time.Time { return now }}
	withRotation := func(changedAt, dueAt types.String) apiUserModel {
		m := apiUserModel{RotateAfter: types.StringValue("1d"), RotationDueAt: dueAt}
		m.PasswordChangedAt = changedAt
		return m
	}
	var diags diag.Diagnostics

	// Sent, on a server that does not report passwordChangedAt.
	private := memPrivate{}
	m := withRotation(types.StringNull(), types.StringUnknown())
	d.settleRotation(ctx, private, &m, true, &diags)
	if got := m.RotationDueAt.ValueString(); got != "2026-03-03T12:00:01Z" {
		t.Errorf("sent, server silent: rotation_due_at %s, want the clock + 1d", got)
	}
	if since := passwordAgeSince(ctx, apiUserModel{}, private); !since.Equal(now) {
		t.Errorf("the clock's time must be recorded, got %s", since)
	}

	// Sent, on a server that reports it: the server's time.
	m = withRotation(types.StringValue("2026-03-02T13:00:00Z"), types.StringUnknown())
	d.settleRotation(ctx, memPrivate{}, &m, true, &diags)
	if got := m.RotationDueAt.ValueString(); got != "2026-03-03T13:00:00Z" {
		t.Errorf("sent, server reports: rotation_due_at %s", got)
	}

	// Not sent, planned from state: kept.
	m = withRotation(types.StringValue("2026-03-02T13:00:00Z"), types.StringValue("2026-03-02T00:00:00Z"))
	d.settleRotation(ctx, memPrivate{}, &m, false, &diags)
	if got := m.RotationDueAt.ValueString(); got != "2026-03-02T00:00:00Z" {
		t.Errorf("the planned value must stay, got %s", got)
	}

	// Not sent, nothing tells the age (an import, server silent): it starts now.
	private = memPrivate{}
	m = withRotation(types.StringNull(), types.StringUnknown())
	d.settleRotation(ctx, private, &m, false, &diags)
	if got := m.RotationDueAt.ValueString(); got != "2026-03-03T12:00:01Z" {
		t.Errorf("import: rotation_due_at %s, want the clock + 1d", got)
	}
	if len(private[privatePasswordAgeKey]) == 0 {
		t.Error("the start must be recorded, or the next plan would not know it")
	}

	// Without rotate_after: null.
	m = apiUserModel{RotationDueAt: types.StringUnknown()}
	d.settleRotation(ctx, memPrivate{}, &m, true, &diags)
	if !m.RotationDueAt.IsNull() {
		t.Errorf("without rotate_after: %s, want null", m.RotationDueAt)
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
}

// TestPasswordToApplyFollowsThePlan: the apply generates a new password
// exactly when the plan left a generated one unknown, whatever the clock.
func TestPasswordToApplyFollowsThePlan(t *testing.T) {
	state := apiUserModel{Password: types.StringValue("Old-Passw0rd-in-state"), Keepers: types.MapNull(types.StringType)}
	state.LoginID = types.StringValue("rotating")
	config := state
	config.Password = types.StringNull()

	plan := state
	plan.Password = types.StringUnknown()
	pw, sent, err := passwordToApply(config, state, plan, false)
	if err != nil || sent == nil || *sent == "Old-Passw0rd-in-state" || !pw.sets {
		t.Fatalf("a rotation planned must send a new password: %v %v %+v", sent, err, pw)
	}
	if got := pw.stateValue(*sent); got.ValueString() != *sent {
		t.Errorf("the new generated password is kept in state, got %s", got)
	}

	plan.Password = state.Password
	if _, sent, err := passwordToApply(config, state, plan, false); err != nil || sent != nil {
		t.Errorf("a plan that keeps the password must send none: %v %v", sent, err)
	}
}

func TestFormatAge(t *testing.T) {
	for in, want := range map[time.Duration]string{
		2 * time.Hour:                               "2h0m0s",
		90*time.Second + 400*time.Millisecond:       "1m30s",
		91*24*time.Hour + 3*time.Hour + time.Minute: "91d3h",
	} {
		if got := formatAge(in); got != want {
			t.Errorf("formatAge(%s) = %q, want %q", in, got, want)
		}
	}
}

// TestUserFilterPasswordOlderThan: password_older_than keeps passwords at
// least that old (rotate_after's test) and leaves out users whose password
// was never set.
func TestUserFilterPasswordOlderThan(t *testing.T) {
	f, err := newUserFilter(usersDataSourceModel{PasswordOlderThan: types.StringValue("90d")})
	if err != nil {
		t.Fatal(err)
	}
	now := rotationBase.Truncate(time.Second)
	f.now = now
	for changedAt, want := range map[string]bool{
		now.Add(-90 * 24 * time.Hour).Format(time.RFC3339):                    true,
		now.Add(-400 * 24 * time.Hour).Format(time.RFC3339Nano):               true,
		now.Add(-90*24*time.Hour + time.Second).Format(time.RFC3339):          false,
		now.Add(-90*24*time.Hour + time.Millisecond).Format(time.RFC3339Nano): false,
		now.Format(time.RFC3339Nano):                                          false,
		"":                                                                    false,
	} {
		m := userDataModel{}
		m.PasswordChangedAt = types.StringNull()
		if changedAt != "" {
			m.PasswordChangedAt = types.StringValue(changedAt)
		}
		if got := f.keeps(m); got != want {
			t.Errorf("password set at %q: kept %t, want %t", changedAt, got, want)
		}
	}
	if all, _ := newUserFilter(usersDataSourceModel{}); !all.keeps(userDataModel{}) {
		t.Error("without password_older_than every user is kept")
	}
}
