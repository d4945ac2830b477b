package client

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zone names must load the same on every machine running Terraform
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// This file is the one statement of the field rules API.md says a sync
// operation must meet. The client explains rejections with them, and the
// provider's plan-time validators (internal/validators) wrap them, so a rule
// cannot say one thing at plan time and another at apply time. Where API.md
// is silent on a detail, the rules take the stricter reading: the provider
// refusing a value the server would take costs a plan; the opposite costs a
// failed apply. Each error names the field and the rule, never a password.
// The mock states the same rules separately (internal/mockserver/validate.go),
// from API.md, so that the two can be checked against each other.

// LoginIDRule is API.md's userLoginId rule, in words.
const LoginIDRule = "3 to 64 characters from A-Z a-z 0-9 . _ @ -, starting with a letter or digit"

// LoginIDPattern is LoginIDRule as a regular expression.
var LoginIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$`)

// ValidateLoginID checks a userLoginId against LoginIDRule.
func ValidateLoginID(loginID string) error {
	if !LoginIDPattern.MatchString(loginID) {
		return fmt.Errorf("login id %q must be %s", loginID, LoginIDRule)
	}
	return nil
}

// Password policy of API.md. The bounds are exported so the provider's
// password generator meets the same policy it validates.
const (
	PasswordMinLength = 8
	PasswordMaxLength = 128
	PasswordRule      = "8 to 128 characters with at least one upper-case letter, one lower-case letter and one digit, " + HeaderValueRule //nolint:gosec // G101: a rule's wording, not a credential
)

// HeaderValueRule is what an HTTP header carries unchanged, in words. GET
// /auth sends the username, password and app name in headers: Go's HTTP
// client refuses control characters, servers strip leading and trailing
// spaces, and bytes beyond ASCII are read differently by different servers.
// A password that breaks it could never log in.
const HeaderValueRule = "printable ASCII characters only (space to ~), without a leading or trailing space"

// ValidHeaderValue reports whether v meets HeaderValueRule.
func ValidHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < ' ' || v[i] > '~' {
			return false
		}
	}
	return !strings.HasPrefix(v, " ") && !strings.HasSuffix(v, " ")
}

// ValidatePassword checks the whole password policy: PasswordRule, and not
// containing the login id or the organization (case-insensitive; an empty
// one is not checked). The error lists every part pw misses and never
// contains it.
func ValidatePassword(pw, loginID, organization string) error {
	return passwordError(append(passwordPolicyProblems(pw), passwordExcludesProblems(pw, loginID, organization)...))
}

// ValidatePasswordPolicy checks the part of the policy that depends on the
// password alone (PasswordRule).
func ValidatePasswordPolicy(pw string) error {
	return passwordError(passwordPolicyProblems(pw))
}

// ValidatePasswordExcludes checks the part of the policy that depends on
// other fields: pw must not contain the login id or the organization.
func ValidatePasswordExcludes(pw, loginID, organization string) error {
	return passwordError(passwordExcludesProblems(pw, loginID, organization))
}

func passwordPolicyProblems(pw string) []string {
	var problems []string
	if n := utf8.RuneCountInString(pw); n < PasswordMinLength || n > PasswordMaxLength {
		problems = append(problems, fmt.Sprintf("be %d to %d characters long", PasswordMinLength, PasswordMaxLength))
	}
	if !strings.ContainsFunc(pw, unicode.IsUpper) {
		problems = append(problems, "contain an upper-case letter")
	}
	if !strings.ContainsFunc(pw, unicode.IsLower) {
		problems = append(problems, "contain a lower-case letter")
	}
	if !strings.ContainsFunc(pw, unicode.IsDigit) {
		problems = append(problems, "contain a digit")
	}
	if !ValidHeaderValue(pw) {
		problems = append(problems, "be "+HeaderValueRule)
	}
	return problems
}

func passwordExcludesProblems(pw, loginID, organization string) []string {
	var problems []string
	lower := strings.ToLower(pw)
	if loginID != "" && strings.Contains(lower, strings.ToLower(loginID)) {
		problems = append(problems, "not contain the login id (case-insensitive)")
	}
	if organization != "" && strings.Contains(lower, strings.ToLower(organization)) {
		problems = append(problems, "not contain the organization (case-insensitive)")
	}
	return problems
}

func passwordError(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	return errors.New("the password must " + strings.Join(problems, ", "))
}

// EmailRule is API.md's email rule, in words.
const EmailRule = "one address of the form local@domain"

// ValidateEmail accepts "" (the API's way to clear it) or one bare RFC 5322
// address: no display name, comment, list, quoting or angle brackets, and
// exactly one "@". API.md says only "one address (local@domain)"; the
// stricter reading is the one net/mail parses to the very same string.
func ValidateEmail(email string) error {
	if email == "" {
		return nil
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email || strings.Count(email, "@") != 1 {
		return fmt.Errorf("email %q must be %s", email, EmailRule)
	}
	return nil
}

// LanguageRule is API.md's language rule, in words.
const LanguageRule = `a BCP 47 language tag such as "en", "en-GB" or "zh-Hant-TW"`

// ValidateLanguage accepts "" (cleared) or a valid BCP 47 tag: well-formed,
// and with subtags that are registered (the stricter reading of API.md's
// "a BCP 47 tag"). language.Parse also takes "_" as a separator, which BCP 47
// does not, so that is refused first.
func ValidateLanguage(tag string) error {
	if tag == "" {
		return nil
	}
	if _, err := language.Parse(tag); err != nil || strings.Contains(tag, "_") {
		return fmt.Errorf("language %q must be %s", tag, LanguageRule)
	}
	return nil
}

// TimezoneRule is API.md's timezone rule, in words.
const TimezoneRule = `an IANA time zone name such as "Europe/Berlin" or "UTC"`

// ValidateTimezone accepts "" (cleared) or an IANA time zone name. "Local"
// is Go's name for the machine's zone, not an IANA name.
func ValidateTimezone(name string) error {
	if name == "" {
		return nil
	}
	if name != "Local" {
		if _, err := time.LoadLocation(name); err == nil {
			return nil
		}
	}
	return fmt.Errorf("timezone %q must be %s", name, TimezoneRule)
}

// ValidateStatus accepts ACTIVE, INACTIVE and TRASH.
func ValidateStatus(status string) error {
	if slices.Contains([]string{StatusActive, StatusInactive, StatusTrash}, status) {
		return nil
	}
	return fmt.Errorf("status %q must be one of %s, %s, %s", status, StatusActive, StatusInactive, StatusTrash)
}
