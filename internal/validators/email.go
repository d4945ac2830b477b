package validators

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// CheckEmail returns the broken rule, or "" when s is one address of the
// form local@domain (API.md: "email: empty or one address"; empty is handled
// by NonEmpty).
func CheckEmail(s string) string {
	const rule = "an email must be one address of the form local@domain"
	local, domain, ok := strings.Cut(s, "@")
	switch {
	case !ok, local == "", domain == "", strings.Contains(domain, "@"):
		return rule + ", got " + quote(s)
	case strings.ContainsAny(s, " \t\r\n,;<>"):
		return rule + " without spaces, commas, semicolons or angle brackets, got " + quote(s)
	case strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, "."):
		return rule + " whose domain does not start or end with a dot, got " + quote(s)
	}
	return ""
}

// Email validates an email address.
func Email() validator.String {
	return stringRule{description: "must be one address of the form local@domain", summary: "Invalid Email Address", check: CheckEmail}
}
