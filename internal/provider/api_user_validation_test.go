package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// wrapped matches text as Terraform prints it: diagnostics are word-wrapped,
// so any run of spaces may have become a line break.
func wrapped(text string) *regexp.Regexp {
	return regexp.MustCompile(strings.Join(strings.Fields(regexp.QuoteMeta(text)), `\s+`))
}

// TestAccAPIUser_validation proves every rule the provider can check before
// apply fails the plan with our message, naming the attribute and the rule.
// The last group needs the server's catalogues (branches, groups).
func TestAccAPIUser_validation(t *testing.T) {
	srv := newTestServer(t)
	const base = `
  first_name = "Val"
  last_name  = "Idation"
`
	cases := []struct {
		body string
		want string
	}{
		{`login_id = "xy"`, "Attribute login_id must be a login id of 3 to 64 characters from A-Z a-z 0-9 . _ @ -, starting with a letter or digit, got: xy"},
		{`login_id = "-dash"`, "login_id must be a login id of 3 to 64 characters"},
		{`login_id = "valid"` + "\n" + `password = "Sh0rt"`, "password: the password must be 8 to 128 characters long."},
		{`login_id = "valid"` + "\n" + `password = "alllowercase1"`, "password: the password must contain an upper-case letter."},
		{`login_id = "valid"` + "\n" + `password = "My-VALID-pass1"`, "password: the password must not contain the login id (case-insensitive)."},
		{`login_id = "valid"` + "\n" + `organization = "Acme"` + "\n" + `password_wo = "Acme-Passw0rd"`, "password_wo: the password must not contain the organization (case-insensitive)."},
		{`login_id = "valid"` + "\n" + `password_wo = "nodigits-Here"`, "password_wo: the password must contain a digit."},
		{`login_id = "valid"` + "\n" + `email = "not-an-address"`, `email: email "not-an-address" must be one address of the form local@domain.`},
		{`login_id = "valid"` + "\n" + `description = ""`, "Attribute description string length must be at least 1, got: 0"},
		{`login_id = "valid"` + "\n" + `private_note = ""`, "Attribute private_note string length must be at least 1, got: 0"},
		{`login_id = "valid"` + "\n" + `language = "english!"`, `language: language "english!" must be a BCP 47 language tag`},
		{`login_id = "valid"` + "\n" + `timezone = "Mars/Olympus_Mons"`, `timezone: timezone "Mars/Olympus_Mons" must be an IANA time zone name`},
		{`login_id = "valid"` + "\n" + `status = "deleted"`, `value must be one of: ["active" "inactive" "trash"]`},
		{`login_id = "valid"` + "\n" + `deletion_mode = "erase"`, `value must be one of: ["delete" "trash" "deactivate" "trash_then_delete"]`},
		{`login_id = "valid"` + "\n" + `branch_ids = []`, "Attribute branch_ids set must contain at least 1 elements, got: 0"},
		{`login_id = "valid"` + "\n" + `branch_ids = [101, -3]`, "Attribute branch_ids[Value(-3)] value must be at least 1, got: -3"},
		{`login_id = "valid"` + "\n" + `group_id = 0`, "Attribute group_id value must be at least 1, got: 0"},
		{`login_id = "valid"` + "\n" + `user_group = ""`, "Attribute user_group string length must be at least 1, got: 0"},
		{`login_id = "valid"` + "\n" + `password = "Str0ng-Secret"` + "\n" + `password_wo = "Str0ng-Secret"`, "These attributes cannot be configured together: [password,password_wo]"},
		{`login_id = "valid"` + "\n" + `password = "Str0ng-Secret"` + "\n" + `keepers = { r = "1" }`, "These attributes cannot be configured together: [keepers,password]"},
		{`login_id = "valid"` + "\n" + `password_wo_version = 1`, `Attribute "password_wo" must be specified when "password_wo_version" is specified`},
		{`login_id = "valid"` + "\n" + `password_wo = "Str0ng-Secret"`, "These attributes must be configured together: [password_wo,password_wo_version]"},
		// Rules that need the server's catalogues.
		{`login_id = "valid"` + "\n" + `branch_ids = [101, 999]`, "branch_ids: each branch id must be a branch the server knows; 999 is not one"},
		{`login_id = "valid"` + "\n" + `user_group = "Robots"`, `user_group: must name a group the server knows, spelled as the server does; "Robots" is not one`},
		{`login_id = "valid"` + "\n" + `user_group = "api"`, `spelled as the server does; "api" is not one. Known groups: 1 "Admin"`},
		{`login_id = "valid"` + "\n" + `group_id = 42`, "group_id: must be a group the server knows; 42 is not one"},
		{`login_id = "valid"` + "\n" + `user_group = "Guest"` + "\n" + `group_id = 4`, `user_group and group_id: when both are set they must name the same group; group 4 is "API", not "Guest"`},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{
			Config:      testAccAPIUserConfig(srv, "v", base+c.body),
			PlanOnly:    true,
			ExpectError: wrapped(c.want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}
