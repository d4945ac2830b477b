package docs_test

import (
	"encoding/json"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

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
