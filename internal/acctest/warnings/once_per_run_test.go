package warnings_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// The once-per-run warnings of a server that speaks only the documented
// protocol.
const (
	writtenNotRead = "Attributes Written but Not Read Back"
	noBranches     = "Unable to Check Branches at Plan Time"
	noGroups       = "Unable to Check Group at Plan Time"
)

// documentedConfig declares three users whose branches and group a
// documented server takes but never returns, with the provider's
// server_extensions (empty: not set) and a first name to change.
func documentedConfig(serverExtensions, firstName string) string {
	var b strings.Builder
	b.WriteString(tfcli.RequiredProviders)
	if serverExtensions != "" {
		fmt.Fprintf(&b, "provider \"apiusers\" {\n  server_extensions = %q\n}\n", serverExtensions)
	}
	for i := range 3 {
		fmt.Fprintf(&b, `
resource "apiusers_api_user" "u%[1]d" {
  login_id   = "once-%[1]d"
  first_name = %[2]q
  last_name  = "Once"
  branch_ids = [101]
  user_group = "API"
}
`, i, firstName)
	}
	return b.String()
}

// warningCounts runs terraform with -json and counts the warnings it
// printed by summary; each diagnostic is one message there, where the
// human output folds repeats into "(and N more similar warnings)".
func warningCounts(t *testing.T, w *tfcli.Workspace, args ...string) map[string]int {
	t.Helper()
	res := w.MustRun(append(args, "-json")...)
	counts := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(res.Stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var msg struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Severity, Summary string
			} `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) == nil && msg.Type == "diagnostic" && msg.Diagnostic.Severity == "warning" {
			counts[msg.Diagnostic.Summary]++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return counts
}

func documentedWorkspace(t *testing.T) *tfcli.Workspace {
	t.Helper()
	srv := mockserver.Start(t, mockserver.Options{Protocol: mockserver.ProtocolDocumented})
	w := tfcli.Shared(t).NewWorkspace(t)
	w.UseServer(srv.URL(), srv.AdminUsername(), srv.AdminPassword())
	return w
}

// TestOncePerRunWarningsOncePerApply: `terraform apply` plans in one
// provider process and applies in another, which plans each change again;
// the warnings that say they are shown once per run are shown once by one
// apply, and once by one plan, however many users they concern.
func TestOncePerRunWarningsOncePerApply(t *testing.T) {
	t.Parallel()
	w := documentedWorkspace(t)
	w.WriteFile("main.tf", documentedConfig("", "Once"))
	got := warningCounts(t, w, "apply", "-auto-approve")
	for _, summary := range []string{writtenNotRead, noBranches, noGroups} {
		if got[summary] != 1 {
			t.Errorf("one apply printed %q %d times, want once; all warnings: %v", summary, got[summary], got)
		}
	}

	w.WriteFile("main.tf", documentedConfig("", "Twice"))
	if got := warningCounts(t, w, "plan"); got[writtenNotRead] != 1 {
		t.Errorf("one plan printed %q %d times, want once; all warnings: %v", writtenNotRead, got[writtenNotRead], got)
	}
	if got := warningCounts(t, w, "apply", "-auto-approve"); got[writtenNotRead] != 1 {
		t.Errorf("the next apply printed %q %d times, want once again; all warnings: %v", writtenNotRead, got[writtenNotRead], got)
	}
}

// TestServerExtensionsNoneIsNotWarned: server_extensions = "none" says
// the server has no extension, so what that implies (branches and group
// not read back, no catalogue to check them against) is not repeated.
func TestServerExtensionsNoneIsNotWarned(t *testing.T) {
	t.Parallel()
	w := documentedWorkspace(t)
	w.WriteFile("main.tf", documentedConfig("none", "Once"))
	got := warningCounts(t, w, "apply", "-auto-approve")
	w.WriteFile("main.tf", documentedConfig("none", "Twice"))
	for summary, n := range warningCounts(t, w, "plan") {
		got[summary] += n
	}
	for _, summary := range []string{writtenNotRead, noBranches, noGroups} {
		if got[summary] != 0 {
			t.Errorf("with server_extensions = \"none\", %q was printed %d times; all warnings: %v", summary, got[summary], got)
		}
	}
}

// TestSecretStoredInStateOncePerUser: the nudge from password to
// password_wo comes once per user and run, although Terraform validates the
// resource in every walk.
func TestSecretStoredInStateOncePerUser(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t, mockserver.Options{})
	w := tfcli.Shared(t).NewWorkspace(t)
	w.UseServer(srv.URL(), srv.AdminUsername(), srv.AdminPassword())
	var b strings.Builder
	b.WriteString(tfcli.RequiredProviders + "variable \"password\" {\n  type      = string\n  sensitive = true\n}\n")
	for i := range 2 {
		fmt.Fprintf(&b, `
resource "apiusers_api_user" "u%[1]d" {
  login_id   = "stored-%[1]d"
  first_name = "Stored"
  last_name  = "Password"
  password   = var.password
}
`, i)
	}
	w.WriteFile("main.tf", b.String())
	w.Env = append(w.Env, "TF_VAR_password=Stored-Passw0rd-7q")
	if got := warningCounts(t, w, "apply", "-auto-approve")["Secret Stored in State"]; got != 2 {
		t.Errorf("one apply of two users with a stored password warned %d times, want once per user", got)
	}
}
