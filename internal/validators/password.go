package validators

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Password policy of API.md. The bounds are exported so the provider's
// password generator meets the same policy it validates.
const (
	PasswordMinLength = 8
	PasswordMaxLength = 128
	PasswordRule      = "8 to 128 characters with at least one upper-case letter, one lower-case letter and one digit" //nolint:gosec // G101: a rule's wording, not a credential
)

// CheckPassword returns the broken part of the password policy that does not
// depend on other attributes, or "" when pw meets it. The message never
// contains the password.
func CheckPassword(pw string) string {
	n := utf8.RuneCountInString(pw)
	if n < PasswordMinLength || n > PasswordMaxLength {
		return "a password must be " + PasswordRule + "; it is too " + map[bool]string{true: "short", false: "long"}[n < PasswordMinLength]
	}
	var upper, lower, digit bool
	for _, r := range pw {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
		digit = digit || unicode.IsDigit(r)
	}
	var missing []string
	if !upper {
		missing = append(missing, "an upper-case letter")
	}
	if !lower {
		missing = append(missing, "a lower-case letter")
	}
	if !digit {
		missing = append(missing, "a digit")
	}
	if len(missing) > 0 {
		return "a password must be " + PasswordRule + "; it lacks " + strings.Join(missing, ", ")
	}
	return ""
}

// CheckPasswordExcludes returns the broken rule when pw contains the login id
// or the organization (case-insensitive, API.md), or "" when it contains
// neither. Empty loginID or organization are not checked.
func CheckPasswordExcludes(pw, loginID, organization string) string {
	lower := strings.ToLower(pw)
	if loginID != "" && strings.Contains(lower, strings.ToLower(loginID)) {
		return "a password must not contain the login id (case-insensitive)"
	}
	if organization != "" && strings.Contains(lower, strings.ToLower(organization)) {
		return "a password must not contain the organization (case-insensitive)"
	}
	return ""
}

// Password validates the password policy's length and character classes.
// The cross-attribute part is PasswordExcludes.
func Password() validator.String {
	return stringRule{description: "must be " + PasswordRule, summary: "Password Does Not Meet the Policy", check: CheckPassword}
}
