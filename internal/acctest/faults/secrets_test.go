package faults_test

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// leakConfig has a generated password, a given (stored) password and a
// write-only one, all from the environment (TF_VAR_*), never the command line.
const leakConfig = tfcli.RequiredProviders + `
provider "apiusers" {
  max_retries = 10
}

variable "given_password" {
  type      = string
  sensitive = true
}

variable "wo_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "wo_version" {
  type = number
}

variable "first_name" {
  type = string
}

resource "apiusers_api_user" "generated" {
  login_id   = "leak-generated"
  first_name = var.first_name
  last_name  = "Generated"
}

resource "apiusers_api_user" "given" {
  login_id   = "leak-given"
  first_name = var.first_name
  last_name  = "Given"
  password   = var.given_password
}

resource "apiusers_api_user" "write_only" {
  for_each            = toset(["leak-wo-1", "leak-wo-2"])
  login_id            = each.key
  first_name          = var.first_name
  last_name           = "WriteOnly"
  password_wo         = var.wo_password
  password_wo_version = var.wo_version
}
`

// leakLoginIDs are the users leakConfig declares.
var leakLoginIDs = []string{"leak-generated", "leak-given", "leak-wo-1", "leak-wo-2"}

// randomPassword meets the password policy and is unique to this run, so
// that finding it anywhere is a leak, not a coincidence.
func randomPassword(prefix string) string {
	return prefix + "-" + strings.ToUpper(rand.Text()[:6]) + "x9" + strings.ToLower(rand.Text()[:10])
}

// TestNoSecretInLogsPlansOrState runs create (one create rejected by the
// server's active-user limit), then update with a write-only rotation, with
// TF_LOG=trace, 503s to retry and revoked tokens to renew, and greps every
// log, every command's output, the plan and the state for the secrets.
func TestNoSecretInLogsPlansOrState(t *testing.T) {
	t.Parallel()
	adminPassword := randomPassword("Admin")
	host := startMock(t, mockserver.Options{AdminPassword: adminPassword, MaxActiveAPIUsers: 3})
	w := newWorkspace(t, host, leakConfig)
	givenPassword, woPassword1, woPassword2 := randomPassword("Given"), randomPassword("Wo"), randomPassword("Rotated")
	w.CaptureLog("TF_LOG", "TRACE")
	w.Env = append(w.Env, "TF_VAR_given_password="+givenPassword, "TF_VAR_first_name=Leak")
	recordScenario(t, host, w)
	var outputs []string // stdout and stderr of every command
	keep := func(results ...tfcli.Result) {
		for _, res := range results {
			outputs = append(outputs, res.Output())
		}
	}
	// applyInThreeTries re-applies when a 503 or a revocation fails an
	// apply. Unlike applyUntilConverged it does not log the failed tries:
	// their output may hold a leaked secret, which requireAbsent reports
	// masked.
	applyInThreeTries := func(step string) {
		t.Helper()
		var res tfcli.Result
		for range 3 {
			res = w.apply()
			keep(res)
			if res.ExitCode == 0 {
				return
			}
		}
		t.Fatalf("%s failed:\n%s", step, tfcli.Tail(res.Output(), 3000))
	}
	setWriteOnly := func(password string, version int) {
		w.Env = append(w.Env, "TF_VAR_wo_password="+password, fmt.Sprintf("TF_VAR_wo_version=%d", version))
	}

	// 1. Create: four active API users where the server allows three, so
	// one sync is rejected (its body held a password), with 503s retried.
	setWriteOnly(woPassword1, 1)
	// Not checked at plan (max_active_api_users = 0 overrides GET /limits),
	// so that the server rejects a sync.
	w.Env = append(w.Env, "APIUSERS_MAX_ACTIVE_API_USERS=0")
	host.setFaults(mockserver.Faults{ErrorRate: 0.25})
	res := w.apply()
	keep(res)
	if res.ExitCode == 0 {
		t.Fatal("apply succeeded although the server allows only three active API users")
	}
	if !strings.Contains(strings.ToLower(res.Output()), "active") {
		t.Errorf("the rejected create does not explain the active-user limit:\n%s", tfcli.Tail(res.Output(), 3000))
	}

	// 2. The limit lifted (server restarted from its state file), and the
	// first sync of this apply and of the next finds its token revoked, so
	// that the provider meets a 401 and authenticates again.
	host.opts.MaxActiveAPIUsers = -1
	host.restart()
	host.revokeTokensBeforeSyncs(1)
	applyInThreeTries("apply after lifting the limit")

	// 3. Update and rotate the write-only password, through a saved plan.
	w.Env = append(w.Env, "TF_VAR_first_name=Leaked")
	setWriteOnly(woPassword2, 2)
	planFile := filepath.Join(w.Dir, "update.tfplan")
	res = w.Run("plan", "-no-color", "-out="+planFile)
	keep(res)
	if res.ExitCode != 0 {
		t.Fatalf("plan: %s", tfcli.Tail(res.Output(), 3000))
	}
	planJSON := w.ShowJSON(planFile) // holds the prior state, so checked like the state below
	host.revokeTokensBeforeSyncs(1)
	applyInThreeTries("update apply")
	host.setFaults(mockserver.Faults{})
	if !host.server().CheckPassword("leak-wo-1", woPassword2) {
		t.Error("the write-only password was not rotated on the server")
	}
	stateJSON := w.ShowJSON()
	rawState := w.ReadFile("terraform.tfstate")
	generated := generatedPassword(t, stateJSON, "apiusers_api_user.generated")
	log := w.ReadFile(tfcli.LogFile)

	// Prove the test looked: the trace log holds the client's request lines
	// for each path this test meant to exercise.
	isAuth := func(q recordedRequest) bool { return q.route == mockserver.RouteAuth }
	if n := host.rec.count(func(q recordedRequest) bool { return !isAuth(q) && q.status == http.StatusUnauthorized }); n == 0 {
		t.Error("no request was answered 401: the re-authentication path was not exercised")
	}
	if host.faultCounts()["503"] == 0 {
		t.Error("no 503 was injected: the retry path was not exercised")
	}
	for _, want := range []string{"sending request", "received response", "status=503", "status=401", "path=/users/sync", "path=/auth"} {
		if !strings.Contains(log, want) {
			t.Errorf("the trace log (%d bytes) lacks %q: the test did not see what it means to check", len(log), want)
		}
	}
	tokens := host.rec.seenTokens()
	if len(tokens) < 2 {
		t.Errorf("%d tokens seen, want at least 2 (a renewal after 401)", len(tokens))
	}

	never := map[string]string{"admin password": adminPassword, "write-only password v1": woPassword1, "write-only password v2": woPassword2}
	for i, tok := range tokens {
		never[fmt.Sprintf("token %d", i)] = tok
	}
	notLogged := map[string]string{"given password": givenPassword, "generated password": generated}
	requireAbsent(t, "the trace log", log, never, notLogged)
	requireAbsent(t, "terraform's output", strings.Join(outputs, "\n"), never, notLogged)
	requireAbsent(t, "the plan (show -json)", planJSON, never)
	requireAbsent(t, "the state (show -json)", stateJSON, never)
	requireAbsent(t, "terraform.tfstate", rawState, never)
	if !strings.Contains(rawState, givenPassword) {
		t.Error("the given password is not in the state, where it belongs by design; is the state check looking at the right file?")
	}
	checkConvergence(t, host, w, configured{users: leakLoginIDs})
}

// literalConfig writes the passwords into the configuration itself, as a
// quick start or a careless pull request does: Terraform prints the source
// line of an attribute a diagnostic names, so a diagnostic on a password
// would print the password.
func literalConfig(adminPassword string, users ...string) string {
	return tfcli.RequiredProviders + fmt.Sprintf(`
provider "apiusers" {
  password = %q
}
`, adminPassword) + strings.Join(users, "")
}

// literalUser is a user block with the given password attributes.
func literalUser(loginID, passwordAttrs string) string {
	return fmt.Sprintf(`
resource "apiusers_api_user" %[1]q {
  login_id   = %[1]q
  first_name = "Literal"
  last_name  = "Password"
%[2]s}
`, loginID, passwordAttrs)
}

// TestNoLiteralPasswordInTerraformOutput: a password written into the
// configuration is in no plan or apply output, the human one or the JSON
// one (whose diagnostics carry the source snippet), whether the provider
// accepts it (the "Secret Stored in State" warning is still given) or
// refuses it (the error names the attribute and the rule).
func TestNoLiteralPasswordInTerraformOutput(t *testing.T) {
	t.Parallel()
	adminPassword := randomPassword("Admin")
	host := startMock(t, mockserver.Options{AdminPassword: adminPassword})
	given := randomPassword("Given")
	w := newWorkspace(t, host, literalConfig(adminPassword, literalUser("literal-given", fmt.Sprintf("  password   = %q\n", given))))
	never := map[string]string{"admin password": adminPassword, "given password": given}

	var outputs []string
	for _, args := range [][]string{{"plan", "-no-color"}, {"plan", "-json"}, applyArgs} {
		res := w.MustRun(args...)
		outputs = append(outputs, res.Output())
		if !strings.Contains(res.Output(), "Secret Stored in State") {
			t.Errorf("terraform %s does not warn that the password is stored in state:\n%s", args[0], tfcli.Tail(res.Output(), 3000))
		}
	}
	requireAbsent(t, "the output of plan and apply", strings.Join(outputs, "\n"), never)
	if !host.server().CheckPassword("literal-given", given) {
		t.Error("the given password was not set: the run did not do what this test checks")
	}

	// Passwords the plan refuses: a header cannot carry them (a space at
	// either end, a line break, a byte beyond ASCII), or password and
	// password_wo are both set. Their values differ from the accepted ones
	// only by what breaks the rule, so each is a secret too.
	lead, trail, nonASCII, both := randomPassword("Lead"), randomPassword("Trail"), randomPassword("Umlaut"), randomPassword("Both")
	w.WriteFile("main.tf", literalConfig(adminPassword,
		literalUser("literal-lead", fmt.Sprintf("  password   = \" %s\"\n", lead)),
		literalUser("literal-trail", fmt.Sprintf("  password_wo         = \"%s\\r\\n\"\n  password_wo_version = 1\n", trail)),
		literalUser("literal-umlaut", fmt.Sprintf("  password   = \"%s\u00fc\"\n", nonASCII)),
		literalUser("literal-both", fmt.Sprintf("  password            = %[1]q\n  password_wo         = %[1]q\n  password_wo_version = 1\n", both)),
	))
	var refused []string
	for _, args := range [][]string{{"plan", "-no-color"}, {"plan", "-json"}} {
		res := w.Run(args...)
		refused = append(refused, res.Output())
		if res.ExitCode == 0 {
			t.Fatalf("terraform %v accepted passwords a header cannot carry:\n%s", args, tfcli.Tail(res.Output(), 3000))
		}
	}
	out := strings.Join(refused, "\n")
	for _, want := range []string{"password: the password must", "password_wo: the password must", "printable ASCII", "cannot be configured together"} {
		if !strings.Contains(out, want) {
			t.Errorf("the refused plan does not say %q:\n%s", want, tfcli.Tail(refused[0], 4000))
		}
	}
	requireAbsent(t, "the output of the refused plan", out, never,
		map[string]string{"password with a leading space": lead, "write-only password with CR LF": trail, "password beyond ASCII": nonASCII, "conflicting password": both})
}

// requireAbsent fails for every secret found in text.
func requireAbsent(t *testing.T, where, text string, secretSets ...map[string]string) {
	t.Helper()
	if text == "" {
		t.Errorf("%s is empty: nothing was checked", where)
	}
	for _, secrets := range secretSets {
		for name, secret := range secrets {
			if i := strings.Index(text, secret); secret != "" && i >= 0 {
				// Show where, with the secret itself masked.
				around := text[max(0, i-300):min(len(text), i+len(secret)+100)]
				t.Errorf("%s contains the %s:\n%s", where, name, strings.ReplaceAll(around, secret, "<"+name+">"))
			}
		}
	}
}

// generatedPassword reads the generated password of a resource from
// `terraform show -json` (it is in state by design).
func generatedPassword(t *testing.T, stateJSON, address string) string {
	t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(stateJSON), &state); err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			if p, _ := r.Values["password"].(string); len(p) >= 8 {
				return p
			}
		}
	}
	t.Fatalf("no generated password for %s in state", address)
	return ""
}
