package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/fakeclock"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
	"github.com/apiusers/terraform-provider-apiusers/internal/rpcserver"
)

// These tests move a fake clock that the provider and the mock share, so
// that a password is hours old without anyone waiting: the first step runs
// at the real time (to the second), later steps move the clock ahead in
// PreConfig.

// clockFactories serve the provider with clock, recording its diagnostics
// in rec.
func clockFactories(clock *fakeclock.Clock, rec *diagnosticRecorder) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"apiusers": func() (tfprotov6.ProviderServer, error) {
			inner, err := rpcserver.Factory(NewWithClock("test", clock.Now))()
			if err != nil {
				return nil, err
			}
			return &recordingServer{ProviderServer: inner, rec: rec}, nil
		},
	}
}

// newClockServer is newTestServer on clock.
func newClockServer(t *testing.T, clock *fakeclock.Clock, opts ...func(*mockserver.Options)) *mockserver.Server {
	return newTestServer(t, append(opts, func(o *mockserver.Options) { o.Now = clock.Now })...)
}

// warnedPlan is warned as a plan check.
type warnedPlan struct {
	rec     *diagnosticRecorder
	summary string
	lo, hi  int
	details []string
}

func (w warnedPlan) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = warned(w.rec, w.summary, w.lo, w.hi, w.details...)
}

// planCheckFunc is a plan check that looks elsewhere (the recorder, the
// mock).
type planCheckFunc func() error

func (f planCheckFunc) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// dueWarned checks that the due warning was given at least once, each
// time with details.
func dueWarned(rec *diagnosticRecorder, details ...string) plancheck.PlanCheck {
	return warnedPlan{rec: rec, summary: rotationDueSummary, lo: 1, hi: 1000, details: details}
}

// dueAtCheck asserts rotation_due_at: since() + after, as rotation_due_at
// rounds it.
func dueAtCheck(address string, after time.Duration, since func() time.Time) statecheck.StateCheck {
	return stateCheckFunc(func(state *tfjson.State) error {
		got, err := stateAttribute(state, address, "rotation_due_at")
		if err != nil {
			return err
		}
		want := passwordAge{after: after, since: since()}.dueAtValue().ValueString()
		if got != want {
			return fmt.Errorf("%s: rotation_due_at %v, want %s", address, got, want)
		}
		return nil
	})
}

// serverChangedAt is when the mock last set loginID's password.
func serverChangedAt(t *testing.T, srv *mockserver.Server, loginID string) func() time.Time {
	return func() time.Time {
		u, ok := srv.User(loginID)
		if !ok {
			t.Errorf("no user %q on the mock", loginID)
		}
		return u.PasswordChangedAt
	}
}

// rotatingUser is a user block with rotate_after and more lines.
func rotatingUser(loginID, rotateAfter, lines string) string {
	return testAccAPIUserBlock("rot", fmt.Sprintf(`
  login_id     = %q
  first_name   = "Rot"
  last_name    = "Ating"
  rotate_after = %q
%s`, loginID, rotateAfter, lines))
}

const rotAddr = "apiusers_api_user.rot"

// TestAccPasswordRotation_generated: a generated password under
// rotate_after = "1h" is not due after the create; two hours later the plan
// replaces it (shown as a password change) and warns, naming the user and
// the age; the apply sets a new password that works, the old one no longer
// does, and the plan after it is empty.
func TestAccPasswordRotation_generated(t *testing.T) {
	clock := fakeclock.New()
	srv := newClockServer(t, clock)
	rec := &diagnosticRecorder{}
	config := providerConfig(srv) + rotatingUser("gen-rot", "1h", "")
	var seen []string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: clockFactories(clock, rec),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(rotAddr, at("rotation_due_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, rotAddr, "gen-rot", &seen),
					dueAtCheck(rotAddr, time.Hour, serverChangedAt(t, srv, "gen-rot")),
					warnedCheck(rec, rotationDueSummary, 0, 0),
				},
			},
			{
				PreConfig:          func() { clock.Advance(2 * time.Hour) },
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rotAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(rotAddr, at("password")),
					plancheck.ExpectUnknownValue(rotAddr, at("password_changed_at")),
					plancheck.ExpectUnknownValue(rotAddr, at("rotation_due_at")),
					dueWarned(rec, `API user "gen-rot"`, "2h0m0s ago", `rotate_after is "1h"`, "generates a new one"),
				}},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rotAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(rotAddr, at("password")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, rotAddr, "gen-rot", &seen),
					passwordsCheck(srv, "gen-rot", func() []string { return seen }, false, true),
					dueAtCheck(rotAddr, time.Hour, clock.Now),
				},
			},
		},
	})
}

// TestAccPasswordRotation_writeOnlyWarns: a due write-only password is a
// warning on password_wo_version that says what to change, with an empty
// plan; raising password_wo_version rotates it, and the plan after that is
// empty.
func TestAccPasswordRotation_writeOnlyWarns(t *testing.T) {
	clock := fakeclock.New()
	srv := newClockServer(t, clock)
	rec := &diagnosticRecorder{}
	config := func(version int) string {
		return providerConfig(srv) + rotatingUser("wo-rot", "1h", fmt.Sprintf(`
  password_wo         = "Write-Only-Passw0rd-%[1]d"
  password_wo_version = %[1]d
`, version))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: clockFactories(clock, rec),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:            config(1),
				ConfigStateChecks: []statecheck.StateCheck{dueAtCheck(rotAddr, time.Hour, serverChangedAt(t, srv, "wo-rot"))},
			},
			{
				PreConfig: func() { clock.Advance(2 * time.Hour) },
				Config:    config(1),
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					dueWarned(rec, `API user "wo-rot"`, "2h0m0s ago", "set a new password_wo and raise password_wo_version"),
				}},
			},
			{
				Config: config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(rotAddr, at("rotation_due_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					dueAtCheck(rotAddr, time.Hour, clock.Now),
					httpAuthCheck(srv, "wo-rot", func() string { return "Write-Only-Passw0rd-2" }, 200),
				},
			},
		},
	})
	for _, w := range rec.warningsTitled(rotationDueSummary) {
		if !w.attribute.Equal(tftypes.NewAttributePath().WithAttributeName("password_wo_version")) {
			t.Errorf("the warning must be on password_wo_version, got %v", w.attribute)
		}
	}
}

// TestAccPasswordRotation_failMode: with rotation_due_action = "fail", a
// due given password fails the plan, naming what to change; a new password
// applies, and the plan after it is empty.
func TestAccPasswordRotation_failMode(t *testing.T) {
	clock := fakeclock.New()
	srv := newClockServer(t, clock)
	rec := &diagnosticRecorder{}
	config := func(password string) string {
		return providerConfig(srv) + rotatingUser("fail-rot", "1d", fmt.Sprintf(`
  password            = %q
  rotation_due_action = "fail"
`, password))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: clockFactories(clock, rec),
		Steps: []resource.TestStep{
			{Config: config("First-Passw0rd-given")},
			{
				PreConfig: func() { clock.Advance(25 * time.Hour) },
				Config:    config("First-Passw0rd-given"),
				PlanOnly:  true,
				ExpectError: expectErrorText(rotationDueSummary, `API user "fail-rot"`, "1d1h ago", `rotate_after is "1d"`,
					"set a new password, then apply", `rotation_due_action is "fail"`),
			},
			{
				Config: config("Second-Passw0rd-given"),
				ConfigStateChecks: []statecheck.StateCheck{
					passwordWorks(srv, rotAddr, "fail-rot", nil),
					dueAtCheck(rotAddr, 24*time.Hour, clock.Now),
				},
			},
		},
	})
}

// TestAccPasswordRotation_portalResetRestartsTheClock: an administrator's
// reset in the portal moves passwordChangedAt, and rotation_due_at with it:
// 70 minutes after the create, 20 after the reset, a 1h rotation is not
// due; it is due an hour after the reset.
func TestAccPasswordRotation_portalResetRestartsTheClock(t *testing.T) {
	clock := fakeclock.New()
	srv := newClockServer(t, clock)
	rec := &diagnosticRecorder{}
	config := providerConfig(srv) + rotatingUser("reset-rot", "1h", `
  password_wo         = "Write-Only-Passw0rd-1"
  password_wo_version = 1
`)
	var resetAt time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: clockFactories(clock, rec),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					clock.Advance(50 * time.Minute)
					if err := srv.ResetPassword("reset-rot", "Portal-Reset-Passw0rd9"); err != nil {
						t.Fatal(err)
					}
					resetAt = clock.Now()
					clock.Advance(20 * time.Minute)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rotAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					dueAtCheck(rotAddr, time.Hour, func() time.Time { return resetAt }),
					warnedCheck(rec, rotationDueSummary, 0, 0),
					warnedCheck(rec, "API User Password Changed Outside Terraform", 1, 100),
				},
			},
			{
				PreConfig: func() { clock.Advance(40 * time.Minute) },
				Config:    config,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					dueWarned(rec, `API user "reset-rot"`, "1h0m0s ago"),
				}},
			},
		},
	})
}

// TestAccPasswordRotation_documentedServer: on a server that does not
// report passwordChangedAt, the age counts from when the provider set the
// password, which it keeps in state. Such a server refuses a password
// change, so the rotation is a replacement there.
func TestAccPasswordRotation_documentedServer(t *testing.T) {
	clock := fakeclock.New()
	srv := newClockServer(t, clock, func(o *mockserver.Options) {
		o.Protocol = mockserver.ProtocolDocumented
		o.UnknownFields = mockserver.UnknownFieldsReject
	})
	rec := &diagnosticRecorder{}
	config := providerConfig(srv) + rotatingUser("doc-rot", "1h", "")
	var created time.Time
	var seen []string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: clockFactories(clock, rec),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { created = clock.Now() },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rotAddr, at("password_changed_at"), knownvalue.Null()),
					dueAtCheck(rotAddr, time.Hour, func() time.Time { return created }),
					passwordWorks(srv, rotAddr, "doc-rot", &seen),
				},
			},
			{
				PreConfig:          func() { clock.Advance(2 * time.Hour) },
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(rotAddr, at("password")),
					dueWarned(rec, `API user "doc-rot"`, "2h0m0s ago"),
				}},
			},
			{
				// As for a change of keepers: such a server refuses a new
				// password for an existing user, and says to replace it.
				Config:      config,
				ExpectError: wrapped("the server may not accept password changes"),
			},
			{
				Config: config,
				Taint:  []string{rotAddr},
				ConfigStateChecks: []statecheck.StateCheck{
					dueAtCheck(rotAddr, time.Hour, clock.Now),
					passwordWorks(srv, rotAddr, "doc-rot", &seen),
					passwordsCheck(srv, "doc-rot", func() []string { return seen }, false, true),
				},
			},
		},
	})
}

// TestAccPasswordRotation_ownUserWarnsOnly: the provider's own user is
// never rotated by its own configuration (that would lock it out): the
// plan is empty and warns that another admin must rotate it; the same
// configuration run as the admin proposes the rotation.
func TestAccPasswordRotation_ownUserWarnsOnly(t *testing.T) {
	clock := fakeclock.New()
	srv := newClockServer(t, clock)
	seedRunner(t, srv, runnerID, true)
	rec := &diagnosticRecorder{}
	user := fmt.Sprintf(`
import {
  to = apiusers_api_user.runner
  id = %[1]q
}

resource "apiusers_api_user" "runner" {
  login_id     = %[1]q
  first_name   = "Terraform"
  last_name    = "Runner"
  rotate_after = "1h"
}
`, runnerID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: clockFactories(clock, rec),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		Steps: []resource.TestStep{
			{Config: providerConfig(srv) + user},
			{
				PreConfig: func() { clock.Advance(2 * time.Hour) },
				Config:    asRunner(srv) + user,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					dueWarned(rec, fmt.Sprintf("API user %q", runnerID), "provider's own user", "Rotate it as another admin"),
					planCheckFunc(func() error {
						if _, errs := rec.snapshot(); len(errs) > 0 {
							return fmt.Errorf("no plan may fail, got %q: %s", errs[0].summary, errs[0].detail)
						}
						if !srv.CheckPassword(runnerID, runnerPassword) {
							return fmt.Errorf("the runner's password changed")
						}
						return nil
					}),
				}},
			},
			{
				Config:             providerConfig(srv) + user,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("apiusers_api_user.runner", at("password")),
				}},
			},
		},
	})
}

// TestAccPasswordRotation_validation: rotate_after, rotation_due_action and
// password_older_than are checked at plan time, naming the attribute and
// the rule.
func TestAccPasswordRotation_validation(t *testing.T) {
	srv := newTestServer(t)
	user := func(lines string) string {
		return testAccAPIUserConfig(srv, "v", `
  login_id   = "validated"
  first_name = "Vali"
  last_name  = "Dated"
`+lines)
	}
	step := func(config string, text ...string) resource.TestStep {
		return resource.TestStep{Config: config, PlanOnly: true, ExpectError: expectErrorText(text...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(user(`rotate_after = "90 days"`), "Invalid Duration", `rotate_after: must be a positive duration`, `"90d"`, `got "90 days"`),
			step(user(`rotate_after = "0d"`), "Invalid Duration", `rotate_after: must be a positive duration`, `got "0d"`),
			step(user(`rotate_after = "-36h"`), "Invalid Duration", `got "-36h"`),
			step(user("rotate_after = \"90d\"\n  rotation_due_action = \"explode\""), "rotation_due_action", `"warn"`, `"fail"`),
			step(user(`rotation_due_action = "fail"`), "Invalid Attribute Combination", `"rotate_after" must be specified when "rotation_due_action" is specified`),
			step(providerConfig(srv)+`
data "apiusers_users" "old" {
  password_older_than = "1w"
}
`, "Invalid Duration", `password_older_than: must be a positive duration`, `got "1w"`),
		},
	})
}

// TestAccUsersDataSource_passwordOlderThan: password_older_than keeps the
// users whose password is at least that old; on a server that does not
// report passwordChangedAt it is an error that says so.
func TestAccUsersDataSource_passwordOlderThan(t *testing.T) {
	clock := fakeclock.New()
	srv := newClockServer(t, clock)
	for id, age := range map[string]time.Duration{"stale-bot": 100 * 24 * time.Hour, "fresh-bot": 24 * time.Hour, "just-due-bot": 90*24*time.Hour + time.Second} {
		mustSeed(t, srv, mockserver.SeedUser{Password: "Seed-Passw0rd9", UserRecord: mockserver.UserRecord{
			UserID: id, FirstName: "Bot", LastName: "Seeded", APIUser: true, PasswordChangedAt: clock.Now().Add(-age),
		}})
	}
	documented := newDocumentedServer(t, mockserver.UnknownFieldsIgnore)
	const filter = `
data "apiusers_users" "old" {
  password_older_than = "90d"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: clockFactories(clock, &diagnosticRecorder{}),
		Steps: []resource.TestStep{
			{
				Config: providerConfig(srv) + filter,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.apiusers_users.old", at("login_ids"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("just-due-bot"), knownvalue.StringExact("stale-bot")})),
				},
			},
			{
				Config: providerConfig(documented) + filter,
				ExpectError: expectErrorText("Filter Not Supported by the Server", "password_older_than", "does not report `passwordChangedAt`",
					"when each password was last set"),
			},
		},
	})
}
