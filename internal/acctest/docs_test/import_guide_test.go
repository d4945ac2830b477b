package docs_test

import (
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

const importGuide = "templates/guides/importing-existing-api-users.md.tmpl"

// importGuideUsers are the API users a tenant already has: login ids with
// "." and "@" and one starting with a digit test the guide's resource names,
// and an inactive user must be imported as inactive.
var importGuideUsers = []mockserver.SeedUser{
	{UserRecord: mockserver.UserRecord{UserID: "crm-sync", FirstName: "CRM", LastName: "Sync", Description: "Nightly contact sync", BranchIDs: []int64{101, 102}, APIUser: true}, Password: "Crm-Seed-Passw0rd"},
	{UserRecord: mockserver.UserRecord{UserID: "payroll.export", FirstName: "Payroll", LastName: "Export", Email: "payroll@example.com", Organization: "Example Corp", Language: "en-GB", Timezone: "Europe/London", APIUser: true}, Password: "Pay-Seed-Passw0rd"},
	{UserRecord: mockserver.UserRecord{UserID: "2fa-bridge@example", FirstName: "Second", LastName: "Factor", PrivateNote: "owned by IT", APIUser: true}, Password: "Bridge-Seed-Passw0rd"},
	{UserRecord: mockserver.UserRecord{UserID: "legacy-importer", FirstName: "Legacy", LastName: "Importer", Status: "INACTIVE", APIUser: true}, Password: "Legacy-Seed-Passw0rd"},
}

// importGuidePerson is a person, not an API user: the guide must leave it.
var importGuidePerson = mockserver.SeedUser{
	UserRecord: mockserver.UserRecord{UserID: "dwalker", FirstName: "Dana", LastName: "Walker"},
	Password:   "Dana-Seed-Passw0rd",
}

// importGuideRoles and importGuidePrivileges are the tenant's role
// assignments (role id -> holders) and privilege sets (project id -> login
// id -> privileges). The API users' are imported; the person's (and the
// admin's account_admin) must be left alone. A login id starting with a
// digit and one with "." and "@" test the resource names of links too.
var (
	importGuideRoles = map[string][]string{
		"api_default": {"crm-sync", "payroll.export", "2fa-bridge@example"},
		"reports":     {"payroll.export"},
		"read_only":   {"legacy-importer", "dwalker"},
	}
	importGuidePrivileges = map[string]map[string][]string{
		"badges":      {"crm-sync": {"access_producer", "print_card"}, "2fa-bridge@example": {"access_producer"}},
		"visitors":    {"payroll.export": {"access_producer", "add_records", "capture_photo_id"}},
		"contractors": {"dwalker": {"access_producer", "preview_card"}},
	}
)

// The mock's catalogues (API.md, "The mock's initial data").
var (
	mockRoles    = []string{"account_admin", "api_default", "read_only", "reports"}
	mockProjects = []string{"badges", "visitors", "contractors"}
)

// serverLinks is every role assignment and privilege set the mock holds,
// keyed by import id, for comparing the server before and after.
func serverLinks(srv *mockserver.Server) map[string][]string {
	links := map[string][]string{}
	for _, role := range mockRoles {
		for _, login := range srv.RoleHolders(role) {
			links["role "+role+"/"+login] = nil
		}
	}
	for _, project := range mockProjects {
		for _, u := range srv.Users() {
			if privileges := srv.Privileges(project, u.UserID); privileges != nil {
				links["privileges "+project+"/"+u.UserID] = privileges
			}
		}
	}
	return links
}

// TestImportGuideRunsAsWritten writes the guide's configuration files and
// runs the guide's commands, in order, read from the guide template itself,
// so the guide and this test cannot drift apart. The only liberty taken is
// -auto-approve on apply, standing in for the person who types "yes".
func TestImportGuideRunsAsWritten(t *testing.T) {
	t.Parallel()
	h := tfcli.Shared(t)
	srv := seedImportGuideTenant(t)
	before, linksBefore := srv.Users(), serverLinks(srv)

	w := h.NewWorkspace(t)
	w.UseServer(srv.URL(), srv.AdminUsername(), srv.AdminPassword())
	// The terraform query section is TestImportGuideQueryRunsAsWritten's.
	commands := writeGuideSection(t, w, func(section string) bool { return section != importGuideQuerySection }, []string{
		"terraform apply",
		"terraform output -raw import_blocks > imports.tf",
		"terraform plan -generate-config-out=generated.tf",
		"terraform apply",
		"terraform plan -detailed-exitcode",
	})
	for _, c := range commands {
		// Every step exits 0, and the last plan's -detailed-exitcode makes
		// "no changes" exit 0 and changes exit 2.
		res := runGuideCommand(w, c)
		if c.stdout != "" {
			w.WriteFile(c.stdout, res.Stdout)
		}
		if strings.Contains(c.line, "-generate-config-out") {
			requireGeneratedBlocks(t, w.ReadFile("generated.tf"))
		}
	}

	state := w.StateList()
	wantState := []string{"data.apiusers_users.existing", "data.apiusers_role_holders.all", "data.apiusers_project_privileges.all"}
	for _, name := range []string{"_2fa-bridge_example", "crm-sync", "legacy-importer", "payroll_export"} {
		wantState = append(wantState, "apiusers_api_user."+name)
	}
	for _, name := range []string{"api_default_crm-sync", "api_default_payroll_export", "api_default_2fa-bridge_example", "reports_payroll_export", "read_only_legacy-importer"} {
		wantState = append(wantState, "apiusers_role_assignment."+name)
	}
	for _, name := range []string{"badges_crm-sync", "badges_2fa-bridge_example", "visitors_payroll_export"} {
		wantState = append(wantState, "apiusers_project_privilege."+name)
	}
	sort.Strings(state)
	sort.Strings(wantState)
	if !reflect.DeepEqual(state, wantState) {
		t.Errorf("state holds %v, want %v", state, wantState)
	}
	requireServerUnchanged(t, srv, before, linksBefore)
}

// importGuideQuerySection is the heading of the guide's terraform query
// procedure.
const importGuideQuerySection = "With `terraform query` (Terraform 1.14 and later)"

// TestImportGuideQueryRunsAsWritten runs the guide's terraform query
// procedure as written, like TestImportGuideRunsAsWritten the data
// sources': query -generate-config-out writes a resource and an import
// block per API user, per role one of them holds and per project one of
// them has privileges on; the plan then shows only imports, and after the
// apply the plan is empty and the server unchanged.
func TestImportGuideQueryRunsAsWritten(t *testing.T) {
	t.Parallel()
	h := tfcli.Shared(t)
	h.SkipBelow(t, "1.14.0")
	srv := seedImportGuideTenant(t)
	before, linksBefore := srv.Users(), serverLinks(srv)

	w := h.NewWorkspace(t)
	w.UseServer(srv.URL(), srv.AdminUsername(), srv.AdminPassword())
	commands := writeGuideSection(t, w, func(section string) bool { return section == importGuideQuerySection }, []string{
		"terraform query",
		"terraform query -generate-config-out=generated.tf",
		"terraform plan",
		"terraform apply",
		"terraform plan -detailed-exitcode",
	})
	for _, c := range commands {
		res := runGuideCommand(w, c)
		switch {
		case strings.Contains(c.line, "-generate-config-out"):
			requireGeneratedBlocks(t, w.ReadFile("generated.tf"))
		case c.line == "terraform plan":
			if !importsOnly.MatchString(res.Stdout) {
				t.Fatalf("the plan after terraform query does more than import:\n%s", res.Stdout)
			}
		}
	}
	if got, want := len(w.StateList()), importGuideObjects(); got != want {
		t.Errorf("state holds %d objects, want %d: %v", got, want, w.StateList())
	}
	requireServerUnchanged(t, srv, before, linksBefore)
}

// writeGuideSection writes into w the files of the guide's blocks in the
// sections keep keeps, and returns their commands, in order, after checking
// that they are want: a changed procedure must change its test too.
func writeGuideSection(t *testing.T, w *tfcli.Workspace, keep func(section string) bool, want []string) []shellCommand {
	t.Helper()
	var commands []shellCommand
	for _, b := range readFencedBlocks(t, repoPath(t, importGuide)) {
		switch {
		case !keep(b.section):
		case b.lang == "terraform" && b.fileName() != "":
			w.WriteFile(b.fileName(), b.body)
		case b.lang == "shell":
			commands = append(commands, parseShellCommands(t, b)...)
		}
	}
	var got []string
	for _, c := range commands {
		got = append(got, c.line)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the guide's commands changed; update this test's checks too:\n got %q\nwant %q", got, want)
	}
	return commands
}

// runGuideCommand runs c, which must exit 0. The only liberty taken is
// -auto-approve on apply, standing in for the person who types "yes".
func runGuideCommand(w *tfcli.Workspace, c shellCommand) tfcli.Result {
	args := c.args
	if args[0] == "apply" {
		args = append(args, "-auto-approve")
	}
	return w.MustRun(append(args, "-no-color")...)
}

// importsOnly is the summary of a plan that imports and changes nothing.
var importsOnly = regexp.MustCompile(`Plan: [1-9][0-9]* to import, 0 to add, 0 to change, 0 to destroy\.`)

// importGuideObjects is how many objects the guide imports: every API user,
// each role one of them holds and each project one of them has privileges
// on.
func importGuideObjects() int {
	isAPIUser := map[string]bool{}
	for _, u := range importGuideUsers {
		isAPIUser[u.UserID] = true
	}
	n := len(importGuideUsers)
	for _, logins := range importGuideRoles {
		for _, login := range logins {
			if isAPIUser[login] {
				n++
			}
		}
	}
	for _, byLogin := range importGuidePrivileges {
		for login := range byLogin {
			if isAPIUser[login] {
				n++
			}
		}
	}
	return n
}

// requireServerUnchanged fails t when the server's users, links or
// passwords differ from before.
func requireServerUnchanged(t *testing.T, srv *mockserver.Server, before []mockserver.UserRecord, linksBefore map[string][]string) {
	t.Helper()
	if after := srv.Users(); !reflect.DeepEqual(after, before) {
		t.Errorf("the import changed users on the server:\nbefore %+v\nafter  %+v", before, after)
	}
	if after := serverLinks(srv); !reflect.DeepEqual(after, linksBefore) {
		t.Errorf("the import changed roles or privileges on the server:\nbefore %v\nafter  %v", linksBefore, after)
	}
	for _, u := range append(slices.Clone(importGuideUsers), importGuidePerson) {
		if !srv.CheckPassword(u.UserID, u.Password) {
			t.Errorf("the password of %s changed", u.UserID)
		}
	}
}

// seedImportGuideTenant starts a mock holding the guide's tenant.
func seedImportGuideTenant(t *testing.T) *mockserver.Server {
	t.Helper()
	srv := mockserver.Start(t, mockserver.Options{MaxActiveAPIUsers: -1})
	for _, u := range append(slices.Clone(importGuideUsers), importGuidePerson) {
		if err := srv.SeedUser(u); err != nil {
			t.Fatal(err)
		}
	}
	for role, logins := range importGuideRoles {
		for _, login := range logins {
			if err := srv.AssignRole(role, login); err != nil {
				t.Fatal(err)
			}
		}
	}
	for project, byLogin := range importGuidePrivileges {
		for login, privileges := range byLogin {
			if err := srv.SetPrivileges(project, login, privileges); err != nil {
				t.Fatal(err)
			}
		}
	}
	return srv
}

var (
	generatedBlock = regexp.MustCompile(`(?ms)^resource "([^"]+)" "[^"]+" \{\n(.*?)^\}`)
	generatedAttr  = regexp.MustCompile(`(?m)^\s+(\w+)\s+= (.+)$`)
)

// requireGeneratedBlocks checks that terraform wrote exactly one block per
// seeded API user, per role one of them holds and per project one of them
// has privileges on, with the server's values; and none for the person.
func requireGeneratedBlocks(t *testing.T, generated string) {
	t.Helper()
	quoted := func(s string) string { return `"` + s + `"` }
	isAPIUser := map[string]bool{}
	want := map[string][]string{} // resource type -> one line per block
	for _, u := range importGuideUsers {
		isAPIUser[u.UserID] = true
		want["apiusers_api_user"] = append(want["apiusers_api_user"], quoted(u.UserID))
	}
	for role, logins := range importGuideRoles {
		for _, login := range logins {
			if isAPIUser[login] {
				want["apiusers_role_assignment"] = append(want["apiusers_role_assignment"], quoted(role)+" "+quoted(login))
			}
		}
	}
	for project, byLogin := range importGuidePrivileges {
		for login, privileges := range byLogin {
			if isAPIUser[login] {
				sorted := slices.Sorted(slices.Values(privileges))
				want["apiusers_project_privilege"] = append(want["apiusers_project_privilege"],
					quoted(project)+" "+quoted(login)+` ["`+strings.Join(sorted, `", "`)+`"]`)
			}
		}
	}
	identity := map[string][]string{
		"apiusers_api_user":          {"login_id"},
		"apiusers_role_assignment":   {"role_id", "login_id"},
		"apiusers_project_privilege": {"project_id", "login_id", "privileges"},
	}
	got := map[string][]string{}
	for _, m := range generatedBlock.FindAllStringSubmatch(generated, -1) {
		attrs := map[string]string{}
		for _, a := range generatedAttr.FindAllStringSubmatch(m[2], -1) {
			attrs[a[1]] = a[2]
		}
		var line []string
		for _, name := range identity[m[1]] {
			line = append(line, attrs[name])
		}
		got[m[1]] = append(got[m[1]], strings.Join(line, " "))
	}
	for _, lines := range want {
		sort.Strings(lines)
	}
	for _, lines := range got {
		sort.Strings(lines)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("generated.tf has the blocks\n%q\nwant\n%q\n%s", got, want, generated)
	}
}
