package validators

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// loginIDPattern is API.md's userLoginId rule: 3 to 64 characters from
// A-Z a-z 0-9 . _ @ -, starting with a letter or digit.
var loginIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$`)

// LoginIDRule is the rule text used in messages and documentation.
const LoginIDRule = "3 to 64 characters from A-Z a-z 0-9 . _ @ -, starting with a letter or digit"

// CheckLoginID returns the broken rule, or "" when id is a valid login id.
func CheckLoginID(id string) string {
	if !loginIDPattern.MatchString(id) {
		return "a login id must be " + LoginIDRule + ", got " + quote(id)
	}
	return ""
}

// LoginID validates a login id (userLoginId).
func LoginID() validator.String {
	return stringRule{description: "must be " + LoginIDRule, summary: "Invalid Login ID", check: CheckLoginID}
}
