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

// TestImportGuideRunsAsWritten writes the guide's configuration files and
// runs the guide's commands, in order, read from the guide template itself,
// so the guide and this test cannot drift apart. The only liberty taken is
// -auto-approve on apply, standing in for the person who types "yes".
func TestImportGuideRunsAsWritten(t *testing.T) {
	t.Parallel()
	h := tfcli.Shared(t)
	srv := mockserver.Start(t, mockserver.Options{MaxActiveAPIUsers: -1})
	for _, u := range append(slices.Clone(importGuideUsers), importGuidePerson) {
		if err := srv.SeedUser(u); err != nil {
			t.Fatal(err)
		}
	}
	before := srv.Users()

	w := h.NewWorkspace(t)
	w.UseServer(srv.URL(), srv.AdminUsername(), srv.AdminPassword())
	var commands []shellCommand
	for _, b := range readFencedBlocks(t, repoPath(t, importGuide)) {
		switch {
		case b.lang == "terraform" && b.fileName() != "":
			w.WriteFile(b.fileName(), b.body)
		case b.lang == "shell":
			commands = append(commands, parseShellCommands(t, b)...)
		}
	}
	want := []string{
		"terraform apply",
		"terraform output -raw import_blocks > imports.tf",
		"terraform plan -generate-config-out=generated.tf",
		"terraform apply",
		"terraform plan -detailed-exitcode",
	}
	var got []string
	for _, c := range commands {
		got = append(got, c.line)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the guide's commands changed; update this test's checks too:\n got %q\nwant %q", got, want)
	}

	for _, c := range commands {
		args := c.args
		if args[0] == "apply" {
			args = append(args, "-auto-approve")
		}
		// MustRun: every step exits 0, and the last plan's
		// -detailed-exitcode makes "no changes" exit 0 and changes exit 2.
		res := w.MustRun(append(args, "-no-color")...)
		if c.stdout != "" {
			w.WriteFile(c.stdout, res.Stdout)
		}
		if strings.Contains(c.line, "-generate-config-out") {
			requireGeneratedBlockPerUser(t, w.ReadFile("generated.tf"))
		}
	}

	state := w.StateList()
	wantState := []string{"data.apiusers_users.existing"}
	for _, name := range []string{"_2fa-bridge_example", "crm-sync", "legacy-importer", "payroll_export"} {
		wantState = append(wantState, "apiusers_api_user."+name)
	}
	sort.Strings(state)
	sort.Strings(wantState)
	if !reflect.DeepEqual(state, wantState) {
		t.Errorf("state holds %v, want %v", state, wantState)
	}
	if after := srv.Users(); !reflect.DeepEqual(after, before) {
		t.Errorf("the import changed users on the server:\nbefore %+v\nafter  %+v", before, after)
	}
	for _, u := range append(slices.Clone(importGuideUsers), importGuidePerson) {
		if !srv.CheckPassword(u.UserID, u.Password) {
			t.Errorf("the password of %s changed", u.UserID)
		}
	}
}

var (
	generatedResource = regexp.MustCompile(`(?m)^resource "apiusers_api_user" "[^"]+" \{$`)
	generatedLoginID  = regexp.MustCompile(`(?m)^\s+login_id\s+= "([^"]+)"$`)
)

// requireGeneratedBlockPerUser checks that terraform wrote exactly one
// apiusers_api_user block per seeded API user, and none for the person.
func requireGeneratedBlockPerUser(t *testing.T, generated string) {
	t.Helper()
	var want, got []string
	for _, u := range importGuideUsers {
		want = append(want, u.UserID)
	}
	for _, m := range generatedLoginID.FindAllStringSubmatch(generated, -1) {
		got = append(got, m[1])
	}
	sort.Strings(want)
	sort.Strings(got)
	blocks := len(generatedResource.FindAllString(generated, -1))
	if !reflect.DeepEqual(got, want) || blocks != len(want) {
		t.Fatalf("generated.tf has %d blocks for %v, want one each for %v:\n%s", blocks, got, want, generated)
	}
}
