package client

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// The rules API.md says a sync operation must meet. The client uses them to
// explain rejections; the provider may use them to fail at plan time.

var loginIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$`)

// ValidateLoginID checks a userLoginId: 3 to 64 characters from
// A-Z a-z 0-9 . _ @ -, starting with a letter or digit.
func ValidateLoginID(loginID string) error {
	if !loginIDPattern.MatchString(loginID) {
		return fmt.Errorf("login id %q must be 3 to 64 characters from A-Z a-z 0-9 . _ @ - and start with a letter or digit", loginID)
	}
	return nil
}

// ValidatePassword checks the password policy: 8 to 128 characters, an
// upper-case letter, a lower-case letter and a digit, and not containing the
// login id or the organization (case-insensitive). The error never contains
// the password.
func ValidatePassword(password, loginID, organization string) error {
	var problems []string
	if n := len([]rune(password)); n < 8 || n > 128 {
		problems = append(problems, "be 8 to 128 characters long")
	}
	if !strings.ContainsFunc(password, unicode.IsUpper) {
		problems = append(problems, "contain an upper-case letter")
	}
	if !strings.ContainsFunc(password, unicode.IsLower) {
		problems = append(problems, "contain a lower-case letter")
	}
	if !strings.ContainsFunc(password, unicode.IsDigit) {
		problems = append(problems, "contain a digit")
	}
	lower := strings.ToLower(password)
	if loginID != "" && strings.Contains(lower, strings.ToLower(loginID)) {
		problems = append(problems, "not contain the login id")
	}
	if organization != "" && strings.Contains(lower, strings.ToLower(organization)) {
		problems = append(problems, "not contain the organization")
	}
	if len(problems) > 0 {
		return errors.New("the password must " + strings.Join(problems, ", "))
	}
	return nil
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

// ValidateEmail accepts "" or one address local@domain.
func ValidateEmail(email string) error {
	if email != "" && !emailPattern.MatchString(email) {
		return fmt.Errorf("email %q is not a single address of the form local@domain", email)
	}
	return nil
}

// ValidateStatus accepts ACTIVE, INACTIVE and TRASH.
func ValidateStatus(status string) error {
	switch status {
	case StatusActive, StatusInactive, StatusTrash:
		return nil
	}
	return fmt.Errorf("status %q must be one of %s, %s, %s", status, StatusActive, StatusInactive, StatusTrash)
}
