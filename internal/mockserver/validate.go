package mockserver

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // timezone names must load the same on every machine
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// This file holds the field rules of API.md that PUT /users/sync and the seed
// helpers enforce. Each function returns an error whose text is the readable
// reason sent back in X-Sync-Error; no reason ever echoes a password.

var loginIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$`)

func validateLoginID(loginID string) error {
	if !loginIDPattern.MatchString(loginID) {
		return fmt.Errorf("userLoginId: %s must be 3 to 64 characters from A-Z a-z 0-9 . _ @ - and start with a letter or digit", quote(loginID))
	}
	return nil
}

// Password length limits of API.md, in characters.
const (
	minPasswordLength = 8
	maxPasswordLength = 128
)

// validatePassword applies the password policy. loginID and organization are
// the values the user will have once the operation is applied.
func validatePassword(password, loginID, organization string) error {
	if n := utf8.RuneCountInString(password); n < minPasswordLength || n > maxPasswordLength {
		return fmt.Errorf("userPassword: must be %d to %d characters long", minPasswordLength, maxPasswordLength)
	}
	// GET /auth carries the password in a header, which cannot hold control
	// characters or non-ASCII text and loses leading and trailing spaces: a
	// password outside this rule could be set but never used to log in.
	if strings.IndexFunc(password, func(r rune) bool { return r < ' ' || r > '~' }) >= 0 ||
		strings.HasPrefix(password, " ") || strings.HasSuffix(password, " ") {
		return errors.New("userPassword: must be printable ASCII (space to ~) without a leading or trailing space, because GET /auth carries it in a header")
	}
	var upper, lower, digit bool
	for _, r := range password {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
		digit = digit || unicode.IsDigit(r)
	}
	switch {
	case !upper:
		return errors.New("userPassword: must contain at least one upper-case letter")
	case !lower:
		return errors.New("userPassword: must contain at least one lower-case letter")
	case !digit:
		return errors.New("userPassword: must contain at least one digit")
	}
	lowered := strings.ToLower(password)
	if strings.Contains(lowered, strings.ToLower(loginID)) {
		return errors.New("userPassword: must not contain the login id (case-insensitive)")
	}
	if organization != "" && strings.Contains(lowered, strings.ToLower(organization)) {
		return errors.New("userPassword: must not contain the organization (case-insensitive)")
	}
	return nil
}

// validateEmail accepts "" or one bare address local@domain: one that
// net/mail parses to the very same string (no display name, comment, list,
// quoting or angle brackets) with exactly one "@".
func validateEmail(email string) error {
	if email == "" {
		return nil
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email || strings.Count(email, "@") != 1 {
		return fmt.Errorf("email: %s must be empty or one address of the form local@domain", quote(email))
	}
	return nil
}

func validateStatus(status string) error {
	switch status {
	case StatusActive, StatusInactive, StatusTrash:
		return nil
	}
	return fmt.Errorf("status: %s must be ACTIVE, INACTIVE or TRASH", quote(status))
}

// validateLanguage accepts "" (cleared) or a valid BCP 47 tag: well-formed
// and made of registered subtags, as golang.org/x/text/language parses it
// (API.md says "a BCP 47 tag"; a well-formed tag with an unregistered subtag
// is not a valid one). That parser also takes "_" as a separator, which BCP
// 47 does not.
func validateLanguage(tag string) error {
	if tag == "" {
		return nil
	}
	if _, err := language.Parse(tag); err == nil && !strings.Contains(tag, "_") {
		return nil
	}
	return fmt.Errorf("language: %s is not a BCP 47 language tag such as \"en\" or \"de-CH\"", quote(tag))
}

// validateTimezone accepts "" (cleared) or an IANA time zone name.
func validateTimezone(timezone string) error {
	if timezone == "" {
		return nil
	}
	if timezone != "Local" {
		if _, err := time.LoadLocation(timezone); err == nil {
			return nil
		}
	}
	return fmt.Errorf("timezone: %s is not an IANA time zone name such as \"Europe/Zurich\"", quote(timezone))
}

// resolveGroup turns the optional groupId and userGroup of an operation into
// a known group. given is false when neither was sent.
func resolveGroup(groupID *int64, userGroup *string) (g group, given bool, err error) {
	const known = "known groups: 1 Admin, 2 User, 3 Guest, 4 API"
	var byID, byName group
	if groupID != nil {
		var ok bool
		if byID, ok = groupByID(*groupID); !ok {
			return group{}, true, fmt.Errorf("groupId: %d is not a known group (%s)", *groupID, known)
		}
	}
	if userGroup != nil {
		var ok bool
		if byName, ok = groupByName(*userGroup); !ok {
			return group{}, true, fmt.Errorf("userGroup: %s is not a known group (%s)", quote(*userGroup), known)
		}
	}
	switch {
	case groupID != nil && userGroup != nil && byID != byName:
		return group{}, true, fmt.Errorf("groupId %d (%s) and userGroup %s must name the same group", byID.GroupID, byID.Name, quote(*userGroup))
	case groupID != nil:
		return byID, true, nil
	case userGroup != nil:
		return byName, true, nil
	}
	return group{}, false, nil
}

// validateBranches checks that every id is a branch the server knows.
func (s *Server) validateBranches(ids []int64) error {
	for _, id := range ids {
		if !s.branchSet[id] {
			return fmt.Errorf("branchIds: %d is not a known branch (known: %s)", id, formatBranchIDs(s.opts.Branches))
		}
	}
	return nil
}
