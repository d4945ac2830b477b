package docs_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
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

// requireNoChanges requires `terraform plan -detailed-exitcode` to exit 0.
func requireNoChanges(t *testing.T, w *tfcli.Workspace) {
	t.Helper()
	w.MustRun("plan", "-detailed-exitcode", "-no-color")
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
	requireNoChanges(t, w)

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
	requireNoChanges(t, w)
}

// A given password rotates when the secret changes.
func TestRotationGuideGivenPasswordRotatesWithTheSecret(t *testing.T) {
	t.Parallel()
	w, srv, _ := rotationWorkspace(t, `resource "apiusers_api_user" "billing"`)
	w.Env = append(w.Env, "TF_VAR_billing_password=Billing-Secret-1")
	w.MustRun("apply", "-auto-approve", "-no-color")
	if !srv.CheckPassword("billing-sync", "Billing-Secret-1") {
		t.Fatal("the given password was not set")
	}
	w.Env = append(w.Env, "TF_VAR_billing_password=Billing-Secret-2")
	w.MustRun("apply", "-auto-approve", "-no-color")
	if !srv.CheckPassword("billing-sync", "Billing-Secret-2") {
		t.Fatal("a new secret did not rotate the password")
	}
	requireNoChanges(t, w)
}

// A write-only password never reaches the state, and only a version bump
// sends a new one.
func TestRotationGuideWriteOnlyPasswordRotatesWithItsVersion(t *testing.T) {
	t.Parallel()
	w, srv, block := rotationWorkspace(t, `resource "apiusers_api_user" "reporting"`)
	w.Env = append(w.Env, "TF_VAR_reporting_password=Reporting-Secret-1")
	w.MustRun("apply", "-auto-approve", "-no-color")
	if !srv.CheckPassword("reporting-job", "Reporting-Secret-1") {
		t.Fatal("the write-only password was not set")
	}
	requireNotInState(t, w, "Reporting-Secret-1")

	// The secret alone changes: nothing is planned or sent.
	w.Env = append(w.Env, "TF_VAR_reporting_password=Reporting-Secret-2")
	requireNoChanges(t, w)
	if !srv.CheckPassword("reporting-job", "Reporting-Secret-1") {
		t.Fatal("a plan changed the password")
	}

	w.WriteFile("main.tf", edit(t, block, "password_wo_version = 2", "password_wo_version = 3"))
	w.MustRun("apply", "-auto-approve", "-no-color")
	if !srv.CheckPassword("reporting-job", "Reporting-Secret-2") {
		t.Fatal("bumping password_wo_version did not send the new password")
	}
	requireNotInState(t, w, "Reporting-Secret-2")
	requireNoChanges(t, w)
}

// requireNotInState fails when secret appears anywhere in the state.
func requireNotInState(t *testing.T, w *tfcli.Workspace, secret string) {
	t.Helper()
	state := w.MustRun("show", "-json", "-no-color").Stdout
	if !json.Valid([]byte(state)) {
		t.Fatalf("terraform show -json printed no JSON:\n%s", tfcli.Tail(state, 2000))
	}
	if strings.Contains(state, secret) || strings.Contains(w.ReadFile("terraform.tfstate"), secret) {
		t.Fatal("the write-only password is in the state")
	}
}
