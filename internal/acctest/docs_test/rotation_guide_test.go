package docs_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/fakeclock"
	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
	"github.com/apiusers/terraform-provider-apiusers/internal/rpcserver"
)

const rotationGuide = "templates/guides/rotating-api-user-passwords.md.tmpl"

// rotationWorkspace is blockWorkspace for the rotation guide.
func rotationWorkspace(t *testing.T, resource string) (*tfcli.Workspace, *mockserver.Server, string) {
	t.Helper()
	return blockWorkspace(t, rotationGuide, resource)
}

// edit replaces old by new in the guide's block, failing when the guide no
// longer has old: then this test must follow the guide.
func edit(t *testing.T, block, old, new string) string {
	t.Helper()
	if !strings.Contains(block, old) {
		t.Fatalf("the guide's block no longer contains %q:\n%s", old, block)
	}
	return strings.Replace(block, old, new, 1)
}

// applySecret sets the TF_VAR_ variable to secret, applies, and fails with
// why unless secret is now the password of loginID on the server.
func applySecret(t *testing.T, w *tfcli.Workspace, srv *mockserver.Server, variable, secret, loginID, why string) {
	t.Helper()
	w.Env = append(w.Env, "TF_VAR_"+variable+"="+secret)
	w.MustRun("apply", "-auto-approve", "-no-color")
	if !srv.CheckPassword(loginID, secret) {
		t.Fatal(why)
	}
}

// The generated password is in state for the pipeline, works on the server,
// and a keepers change rotates it in place.
func TestRotationGuideGeneratedPasswordRotatesWithKeepers(t *testing.T) {
	t.Parallel()
	w, srv, block := rotationWorkspace(t, `resource "apiusers_api_user" "crm_sync"`)
	w.MustRun("apply", "-auto-approve", "-no-color")
	first := strings.TrimSpace(w.MustRun("output", "-raw", "crm_sync_password").Stdout)
	if !srv.CheckPassword("crm-sync", first) {
		t.Fatal("the generated password in the output does not authenticate crm-sync")
	}
	user, _ := srv.User("crm-sync")
	w.RequireNoChanges()

	w.WriteFile("main.tf", edit(t, block, `rotation = "2026-11"`, `rotation = "2026-12"`))
	apply := w.MustRun("apply", "-auto-approve", "-no-color")
	if !strings.Contains(apply.Stdout, "0 added, 1 changed, 0 destroyed") {
		t.Errorf("a keepers change did not update the user in place:\n%s", apply.Stdout)
	}
	second := strings.TrimSpace(w.MustRun("output", "-raw", "crm_sync_password").Stdout)
	if second == first || !srv.CheckPassword("crm-sync", second) || srv.CheckPassword("crm-sync", first) {
		t.Fatal("changing keepers did not replace the password on the server with the one in state")
	}
	after, _ := srv.User("crm-sync")
	if after.Key != user.Key || after.FirstName != user.FirstName || after.Status != user.Status {
		t.Errorf("rotation changed more than the password: %+v -> %+v", user, after)
	}
	w.RequireNoChanges()
}

// A given password rotates when the secret changes.
func TestRotationGuideGivenPasswordRotatesWithTheSecret(t *testing.T) {
	t.Parallel()
	w, srv, _ := rotationWorkspace(t, `resource "apiusers_api_user" "billing"`)
	applySecret(t, w, srv, "billing_password", "Billing-Secret-1", "billing-sync", "the given password was not set")
	applySecret(t, w, srv, "billing_password", "Billing-Secret-2", "billing-sync", "a new secret did not rotate the password")
	w.RequireNoChanges()
}

// A write-only password never reaches the state, and only a version bump
// sends a new one.
func TestRotationGuideWriteOnlyPasswordRotatesWithItsVersion(t *testing.T) {
	t.Parallel()
	w, srv, block := rotationWorkspace(t, `resource "apiusers_api_user" "reporting"`)
	applySecret(t, w, srv, "reporting_password", "Reporting-Secret-1", "reporting-job", "the write-only password was not set")
	requireNotInState(t, w, "Reporting-Secret-1")

	// The secret alone changes: nothing is planned or sent.
	w.Env = append(w.Env, "TF_VAR_reporting_password=Reporting-Secret-2")
	w.RequireNoChanges()
	if !srv.CheckPassword("reporting-job", "Reporting-Secret-1") {
		t.Fatal("a plan changed the password")
	}

	w.WriteFile("main.tf", edit(t, block, "password_wo_version = 2", "password_wo_version = 3"))
	w.MustRun("apply", "-auto-approve", "-no-color")
	if !srv.CheckPassword("reporting-job", "Reporting-Secret-2") {
		t.Fatal("bumping password_wo_version did not send the new password")
	}
	requireNotInState(t, w, "Reporting-Secret-2")
	w.RequireNoChanges()
}

// The provider's ephemeral password sets a password on the server that the
// state never holds, and only a version bump sends a new one. Terraform runs
// the provider out of process here and nothing keeps the value, so the test
// cannot know it: it proves what the server records (a password set at
// create; a plan changes nothing; a bump replaces a password the test set
// itself) and what the state holds (the user alone, without a password).
// That the value sent is the one generated, and is in neither plan nor state,
// is proved in the provider's TestAccPasswordEphemeral_writeOnly, which can
// see it.
func TestRotationGuideEphemeralPasswordRotatesWithItsVersion(t *testing.T) {
	t.Parallel()
	const login, address = "audit-export", "apiusers_api_user.audit"
	w, srv, block := rotationWorkspace(t, `ephemeral "apiusers_password" "audit"`)
	w.MustRun("apply", "-auto-approve", "-no-color")
	created, ok := srv.User(login)
	if !ok || created.PasswordChangedAt.IsZero() {
		t.Fatal("the user was not created with a password")
	}
	requireNoPasswordInState(t, w, address)

	// Each plan generates a new password but sends none.
	w.RequireNoChanges()
	if u, _ := srv.User(login); !u.PasswordChangedAt.Equal(created.PasswordChangedAt) {
		t.Fatal("a plan without a version bump changed the password")
	}

	const known = "Known-Passw0rd-1"
	if err := srv.ResetPassword(login, known); err != nil {
		t.Fatal(err)
	}
	w.WriteFile("main.tf", edit(t, block, "password_wo_version = 1", "password_wo_version = 2"))
	w.MustRun("apply", "-auto-approve", "-no-color")
	if srv.CheckPassword(login, known) {
		t.Fatal("bumping password_wo_version did not send a new password")
	}
	if u, _ := srv.User(login); !u.PasswordChangedAt.After(created.PasswordChangedAt) {
		t.Fatal("bumping password_wo_version did not set a password")
	}
	requireNoPasswordInState(t, w, address)
	w.RequireNoChanges()
}

// requireNoPasswordInState fails unless the state holds address alone (an
// ephemeral resource never enters it) with password and password_wo null.
func requireNoPasswordInState(t *testing.T, w *tfcli.Workspace, address string) {
	t.Helper()
	if got := w.StateList(); len(got) != 1 || got[0] != address {
		t.Fatalf("state list = %v, want [%s]", got, address)
	}
	var state tfjson.State
	if err := json.Unmarshal([]byte(w.ShowJSON()), &state); err != nil {
		t.Fatal(err)
	}
	if state.Values == nil || state.Values.RootModule == nil {
		t.Fatal("terraform show -json shows no resources")
	}
	for _, r := range state.Values.RootModule.Resources {
		for _, name := range []string{"password", "password_wo"} {
			if v := r.AttributeValues[name]; v != nil {
				t.Fatalf("%s.%s is in the state", r.Address, name)
			}
		}
	}
}

// requireNotInState fails when secret appears anywhere in the state.
func requireNotInState(t *testing.T, w *tfcli.Workspace, secret string) {
	t.Helper()
	if strings.Contains(w.ShowJSON(), secret) || strings.Contains(w.ReadFile("terraform.tfstate"), secret) {
		t.Fatal("the write-only password is in the state")
	}
}

// clockWorkspace is a workspace on a fresh mock (limited to maxActive
// active API users, 0 for the mock's default) whose terraform commands
// attach (TF_REATTACH_PROVIDERS) to the provider served in this process:
// the mock and the provider share the returned clock, so that a test moves
// through months of rotate_after without waiting.
func clockWorkspace(t *testing.T, maxActive int) (*tfcli.Workspace, *mockserver.Server, *fakeclock.Clock) {
	t.Helper()
	h := tfcli.Shared(t)
	clock := fakeclock.New()
	srv := mockserver.Start(t, mockserver.Options{Now: clock.Now, MaxActiveAPIUsers: maxActive})
	ctx, cancel := context.WithCancel(context.Background())
	reattach, closed, err := rpcserver.ServeReattachable(ctx, provider.Addresses, func() tfprotov6.ProviderServer {
		return rpcserver.Wrap(providerserver.NewProtocol6(provider.NewWithClock("test", clock.Now)())())
	})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); <-closed })
	w := h.NewWorkspace(t)
	// The provider runs in this process, so it reads no APIUSERS_ variable
	// of terraform's: the provider block takes the server from variables.
	w.Env = append(w.Env, "TF_REATTACH_PROVIDERS="+reattach, "TF_VAR_apiusers_endpoint="+srv.URL(),
		"TF_VAR_apiusers_username="+srv.AdminUsername(), "TF_VAR_apiusers_password="+srv.AdminPassword())
	w.WriteFile("providers.tf", tfcli.RequiredProviders+attachedProvider)
	return w, srv, clock
}

// attachedProvider configures the provider clockWorkspace serves.
const attachedProvider = `
variable "apiusers_endpoint" {
  type = string
}

variable "apiusers_username" {
  type = string
}

variable "apiusers_password" {
  type      = string
  sensitive = true
}

provider "apiusers" {
  endpoint = var.apiusers_endpoint
  username = var.apiusers_username
  password = var.apiusers_password
}
`

// period is rotate_after in the guide's configurations: 90 days.
const period = 90 * 24 * time.Hour

// The guide's generated password is due after rotate_after: the first plan
// from then on generates a new one, with a warning, and not a moment before.
func TestRotationGuideGeneratedPasswordRotatesByAge(t *testing.T) {
	t.Parallel()
	w, srv, clock := clockWorkspace(t, 0)
	w.WriteFile("main.tf", templateBlock(t, rotationGuide, `resource "apiusers_api_user" "crm_sync"`))
	w.MustRun("apply", "-auto-approve", "-no-color")
	first := strings.TrimSpace(w.MustRun("output", "-raw", "crm_sync_password").Stdout)

	clock.Advance(period - time.Second)
	w.RequireNoChanges()

	clock.Advance(time.Second)
	apply := w.MustRun("apply", "-auto-approve", "-no-color")
	if !strings.Contains(apply.Stdout, "API User Password Due for Rotation") || !strings.Contains(apply.Stdout, "0 added, 1 changed, 0 destroyed") {
		t.Fatalf("a due password was not rotated in place with a warning:\n%s", apply.Stdout)
	}
	second := strings.TrimSpace(w.MustRun("output", "-raw", "crm_sync_password").Stdout)
	if second == first || !srv.CheckPassword("crm-sync", second) || srv.CheckPassword("crm-sync", first) {
		t.Fatal("the due rotation did not replace the password on the server with the one in state")
	}
	w.RequireNoChanges()
}

// The guide's given password with rotation_due_action "fail": once due,
// every plan fails, naming what to change, until the secret changes.
func TestRotationGuideGivenPasswordFailsWhenDue(t *testing.T) {
	t.Parallel()
	w, srv, clock := clockWorkspace(t, 0)
	w.WriteFile("main.tf", templateBlock(t, rotationGuide, `resource "apiusers_api_user" "billing"`))
	applySecret(t, w, srv, "billing_password", "Billing-Secret-1", "billing-sync", "the given password was not set")

	clock.Advance(period)
	plan := w.Run("plan", "-no-color")
	if plan.ExitCode == 0 || !strings.Contains(plan.Stderr, "API User Password Due for Rotation") || !strings.Contains(plan.Stderr, "set a new password") {
		t.Fatalf("a due given password with rotation_due_action = \"fail\" did not fail the plan, naming the change:\n%s", plan.Output())
	}
	applySecret(t, w, srv, "billing_password", "Billing-Secret-2", "billing-sync", "a new secret did not rotate the due password")
	w.RequireNoChanges()
}

// pairWorkspace is a clockWorkspace with the guide's call of the pair
// module, and the module copied from examples/ where the call expects it.
func pairWorkspace(t *testing.T, maxActive int) (*tfcli.Workspace, *mockserver.Server, *fakeclock.Clock) {
	t.Helper()
	w, srv, clock := clockWorkspace(t, maxActive)
	call := guideBlock(t, rotationGuide, "hcl", `module "crm_export"`)
	const source = `source = "./modules/rotating-api-user-pair"`
	if !strings.Contains(call, source) {
		t.Fatalf("the guide's module call no longer has %s:\n%s", source, call)
	}
	w.WriteFile("main.tf", call)
	module := repoPath(t, "examples/modules/rotating-api-user-pair")
	files, err := filepath.Glob(filepath.Join(module, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf files in %s: %v", module, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f) //nolint:gosec // G304: a file of this repository's examples
		if err != nil {
			t.Fatal(err)
		}
		w.WriteFile(filepath.Join("modules", "rotating-api-user-pair", filepath.Base(f)), string(b))
	}
	// What the guide's call leaves out, for the test to check too.
	w.WriteFile("module_outputs.tf", `output "standby_login_id" {
  value = module.crm_export.standby_login_id
}

output "next_rotation_at" {
  value = module.crm_export.next_rotation_at
}
`)
	w.MustRun("init", "-no-color")
	return w, srv, clock
}

// guideBlock is the fenced block of template in lang that contains marker.
func guideBlock(t *testing.T, template, lang, marker string) string {
	t.Helper()
	for _, b := range readFencedBlocks(t, repoPath(t, template)) {
		if b.lang == lang && strings.Contains(b.body, marker) {
			return b.body
		}
	}
	t.Fatalf("%s has no %s block with %s", template, lang, marker)
	return ""
}

// credential is a login id and its password, as the integration holds them.
type credential struct{ login, password string }

// current is the credential the guide's outputs hand to the integration.
func current(w *tfcli.Workspace) credential {
	return credential{
		login:    strings.TrimSpace(w.MustRun("output", "-raw", "crm_export_login_id").Stdout),
		password: strings.TrimSpace(w.MustRun("output", "-raw", "crm_export_password").Stdout),
	}
}

// activeAPIUsers are the login ids of the mock's active API users.
func activeAPIUsers(srv *mockserver.Server) []string {
	var ids []string
	for _, u := range srv.Users() {
		if u.APIUser && u.Status == mockserver.StatusActive {
			ids = append(ids, u.UserID)
		}
	}
	return ids
}

// The guide's pair over a year and a half of its 90 days: b joins at half
// a period, then every due rotation falls on the standby, so that after
// each apply the credential the integration held before still works, and
// the new current one works too. Nothing changes a moment early, and the
// pair holds two active slots.
func TestRotationGuidePairRotatesInTurn(t *testing.T) {
	t.Parallel()
	w, srv, clock := pairWorkspace(t, 0)
	const a, b = "crm-export-a", "crm-export-b"

	w.MustRun("apply", "-auto-approve", "-no-color")
	held := current(w)
	if held.login != a || !srv.CheckPassword(a, held.password) {
		t.Fatalf("after the first apply the current user is %q, or its password does not work; want %q", held.login, a)
	}
	if got := activeAPIUsers(srv); !slices.Equal(got, []string{a}) {
		t.Fatalf("active API users = %v, want only %s before half a period", got, a)
	}
	requireNextChange(t, w, "", clock.Now().Add(period/2))
	w.RequireNoChanges()

	// Each step: just before it nothing is planned; at it, one apply makes
	// want the current user, and the one held before keeps working.
	steps := []struct {
		after   time.Duration // since the previous step
		want    string
		rotated string // "" when b joins
	}{
		{period / 2, b, ""},
		{period / 2, a, a},
		{period / 2, b, b},
		{period / 2, a, a},
	}
	for i, s := range steps {
		clock.Advance(s.after - time.Minute)
		w.RequireNoChanges()
		clock.Advance(time.Minute)
		apply := w.MustRun("apply", "-auto-approve", "-no-color")
		if s.rotated != "" && (!strings.Contains(apply.Stdout, "API User Password Due for Rotation") || !strings.Contains(apply.Stdout, s.rotated) ||
			!strings.Contains(apply.Stdout, "0 added, 1 changed, 0 destroyed")) {
			t.Fatalf("step %d: the apply did not rotate %s alone, with a warning:\n%s", i, s.rotated, apply.Stdout)
		}
		now := current(w)
		if now.login != s.want || !srv.CheckPassword(now.login, now.password) {
			t.Fatalf("step %d: the current user is %q, or its password does not work; want %q", i, now.login, s.want)
		}
		if !srv.CheckPassword(held.login, held.password) {
			t.Fatalf("step %d: the credential the integration held (%s) no longer works: an outage", i, held.login)
		}
		if got := activeAPIUsers(srv); !slices.Equal(got, []string{a, b}) {
			t.Fatalf("step %d: active API users = %v, want the pair", i, got)
		}
		requireNextChange(t, w, held.login, clock.Now().Add(period/2))
		if strings.Contains(apply.Output(), "pair_alternates") {
			t.Fatalf("step %d: the module's check warns that the pair no longer alternates:\n%s", i, apply.Output())
		}
		held = now
		w.RequireNoChanges()
	}
}

// requireNextChange fails unless the module names standby as the other
// user ("" for none yet) and at as the time of the next change.
func requireNextChange(t *testing.T, w *tfcli.Workspace, standby string, at time.Time) {
	t.Helper()
	var got struct {
		Standby struct {
			Value *string `json:"value"`
		} `json:"standby_login_id"`
		Next struct {
			Value string `json:"value"`
		} `json:"next_rotation_at"`
	}
	if err := json.Unmarshal([]byte(w.MustRun("output", "-json").Stdout), &got); err != nil {
		t.Fatal(err)
	}
	if gotStandby := ptrValue(got.Standby.Value); gotStandby != standby || got.Next.Value != at.UTC().Format(time.RFC3339) {
		t.Fatalf("standby_login_id = %q, next_rotation_at = %q; want %q, %q", gotStandby, got.Next.Value, standby, at.UTC().Format(time.RFC3339))
	}
}

// ptrValue is *p, or "" for nil.
func ptrValue(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// The plan in which b would join fails at plan time where the server has no
// free active-API-user slot, naming the limit, and writes nothing.
func TestRotationGuidePairNeedsASecondSlot(t *testing.T) {
	t.Parallel()
	w, srv, clock := pairWorkspace(t, 1)
	w.MustRun("apply", "-auto-approve", "-no-color")
	clock.Advance(period / 2)
	plan := w.Run("plan", "-no-color")
	if plan.ExitCode == 0 || !strings.Contains(plan.Stderr, "at most 1 active API users") {
		t.Fatalf("the plan that adds the second user of the pair did not fail on the limit:\n%s", plan.Output())
	}
	if _, ok := srv.User("crm-export-b"); ok {
		t.Fatal("the refused plan created crm-export-b")
	}
}

// As the guide says: when no apply runs for more than half a period, one
// apply rotates both users, the current one too, and the module's check
// warns; changing the standby's keepers once the current password is half
// a period old staggers the pair again, and it alternates from then on.
func TestRotationGuidePairStaggersAgainAfterAGap(t *testing.T) {
	t.Parallel()
	w, srv, clock := pairWorkspace(t, 0)
	const a, b = "crm-export-a", "crm-export-b"
	w.MustRun("apply", "-auto-approve", "-no-color")
	clock.Advance(period / 2)
	w.MustRun("apply", "-auto-approve", "-no-color") // b joins
	held := current(w)

	clock.Advance(2 * period)
	apply := w.MustRun("apply", "-auto-approve", "-no-color")
	if !strings.Contains(apply.Stdout, "0 added, 2 changed, 0 destroyed") || srv.CheckPassword(held.login, held.password) {
		t.Fatalf("after a gap of two periods the apply did not rotate both users:\n%s", apply.Stdout)
	}
	if !strings.Contains(apply.Output(), "no longer alternate") {
		t.Fatalf("the module's check did not warn that the pair no longer alternates:\n%s", apply.Output())
	}
	if plan := w.MustRun("plan", "-no-color"); !strings.Contains(plan.Output(), "no longer alternate") {
		t.Fatalf("the module's check did not warn again at the next plan:\n%s", plan.Output())
	}
	held = current(w)
	if held.login != a {
		t.Fatalf("of two passwords set together the current one is %q, want %q (the tie goes to a)", held.login, a)
	}

	clock.Advance(period / 2)
	call := w.ReadFile("main.tf")
	w.WriteFile("main.tf", edit(t, call, `  roles             = ["api_default"]`+"\n",
		`  roles             = ["api_default"]`+"\n"+`  keepers           = { b = { restagger = "1" } }`+"\n"))
	apply = w.MustRun("apply", "-auto-approve", "-no-color")
	if !strings.Contains(apply.Stdout, "0 added, 1 changed, 0 destroyed") || !srv.CheckPassword(held.login, held.password) ||
		strings.Contains(apply.Output(), "no longer alternate") {
		t.Fatalf("changing the standby's keepers did not rotate it alone and stagger the pair:\n%s", apply.Output())
	}
	if now := current(w); now.login != b {
		t.Fatalf("after the standby's rotation the current user is %q, want %q", now.login, b)
	}
	held = current(w)

	clock.Advance(period / 2)
	apply = w.MustRun("apply", "-auto-approve", "-no-color")
	if !strings.Contains(apply.Stdout, "0 added, 1 changed, 0 destroyed") || !srv.CheckPassword(held.login, held.password) || current(w).login != a {
		t.Fatalf("half a period after the stagger, the apply did not rotate %s alone:\n%s", a, apply.Output())
	}
	w.RequireNoChanges()
}

// The guide's audit block lists the API users whose password is at least
// 90 days old by the provider's clock, and none that was set since.
func TestRotationGuideOverdueUsers(t *testing.T) {
	t.Parallel()
	w, srv, clock := clockWorkspace(t, 0)
	for _, id := range []string{"old-sync", "fresh-sync"} {
		mustSeedAPIUser(t, srv, id, clock.Now())
	}
	clock.Advance(period)
	if err := srv.ResetPassword("fresh-sync", "Fresh-Passw0rd-2"); err != nil {
		t.Fatal(err)
	}
	w.WriteFile("main.tf", templateBlock(t, rotationGuide, `data "apiusers_users" "overdue"`))
	w.MustRun("apply", "-auto-approve", "-no-color")
	var overdue []string
	if err := json.Unmarshal([]byte(w.MustRun("output", "-json", "overdue_api_users").Stdout), &overdue); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(overdue, []string{"old-sync"}) {
		t.Fatalf("overdue_api_users = %v, want [old-sync]", overdue)
	}
}

// As the guide says of imported users with rotate_after: the age counts
// from the server's passwordChangedAt, so a password older than
// rotate_after is replaced by the apply that imports the user, and a
// younger one is kept until it is due.
func TestRotationGuideImportedUserRotatesWhenDue(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		age  time.Duration // of the server's password at the import
	}{
		{"overdue", period + time.Hour},
		{"younger", period - 10*24*time.Hour},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			w, srv, clock := clockWorkspace(t, 0)
			seeded := mustSeedAPIUser(t, srv, "crm-sync", clock.Now().Add(-c.age))
			w.WriteFile("main.tf", templateBlock(t, rotationGuide, `resource "apiusers_api_user" "crm_sync"`)+
				"\nimport {\n  to = apiusers_api_user.crm_sync\n  id = \"crm-sync\"\n}\n")
			if c.age < period {
				// The apply records rotate_after and keepers; it sends nothing.
				apply := w.MustRun("apply", "-auto-approve", "-no-color")
				if strings.Contains(apply.Stdout, "Due for Rotation") || !srv.CheckPassword("crm-sync", seeded) {
					t.Fatalf("the import of a user whose password is not due changed it:\n%s", apply.Stdout)
				}
				w.RequireNoChanges()
				clock.Advance(period - c.age)
			}
			apply := w.MustRun("apply", "-auto-approve", "-no-color")
			if !strings.Contains(apply.Stdout, "API User Password Due for Rotation") || !strings.Contains(apply.Stdout, "0 added, 1 changed, 0 destroyed") {
				t.Fatalf("the imported user's due password was not rotated, with a warning:\n%s", apply.Stdout)
			}
			password := strings.TrimSpace(w.MustRun("output", "-raw", "crm_sync_password").Stdout)
			if !srv.CheckPassword("crm-sync", password) || srv.CheckPassword("crm-sync", seeded) {
				t.Fatal("the due rotation of the imported user did not replace its server password with the one in state")
			}
			w.RequireNoChanges()
		})
	}
}

// mustSeedAPIUser creates an active API user on srv whose password was set
// at changedAt, and returns that password. Its names are the guide's
// crm_sync's, so that an import of it plans no other change.
func mustSeedAPIUser(t *testing.T, srv *mockserver.Server, loginID string, changedAt time.Time) string {
	t.Helper()
	const password = "Seeded-Passw0rd-1"
	err := srv.SeedUser(mockserver.SeedUser{Password: password, UserRecord: mockserver.UserRecord{
		UserID: loginID, FirstName: "CRM", LastName: "Sync", APIUser: true, Status: mockserver.StatusActive, PasswordChangedAt: changedAt,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return password
}
