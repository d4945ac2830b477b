package client

import (
	"fmt"
	"strings"
)

// activeAPIUserHint is the limit the documentation names for active API
// users; a server may be configured otherwise, so it only prompts a hint.
const activeAPIUserHint = 10

// passwordChangeHint explains a refused MODIFY that sets a password and
// breaks no rule the client knows: API.md marks userPassword in a MODIFY as
// an extension, which a server speaking only the documented protocol may
// refuse.
const passwordChangeHint = "the server may not accept password changes: a MODIFY that sets userPassword is an extension of the Users API (API.md), " +
	"and a server that speaks only the documented protocol may refuse it. To give the user a new password there, replace the user " +
	"(terraform apply -replace=ADDRESS), which deletes it and adds it again with the new password"

// ExplainSyncFailure says, for each operation, what users (a read-back taken
// after the failure) shows about why it may have been rejected, e.g. "ADD
// jdoe: a user with this login id already exists (key 1003)". Passwords are
// never included.
func ExplainSyncFailure(ops []SyncOperation, users []User) string {
	byLogin := usersByLogin(users)
	// exists follows the batch in order: an ADD earlier in the batch makes a
	// later MODIFY of the same user valid.
	exists := make(map[string]bool, len(byLogin))
	for login := range byLogin {
		exists[login] = true
	}
	activeAPIUsers := countActiveAPIUsers(users)

	var lines []string
	for i, op := range ops {
		login := strings.ToLower(op.UserLoginID)
		var reasons []string
		switch op.Method {
		case SyncAdd:
			if u, ok := byLogin[login]; ok && exists[login] {
				reasons = append(reasons, fmt.Sprintf("a user with this login id already exists (key %d, login id %q)", u.Key, u.UserID))
			} else if exists[login] {
				reasons = append(reasons, "an earlier operation of this batch adds the same login id")
			}
			reasons = append(reasons, addRuleViolations(op)...)
			exists[login] = true
		case SyncModify:
			if !exists[login] {
				reasons = append(reasons, "no user with this login id exists")
			}
			reasons = append(reasons, fieldRuleViolations(op, byLogin[login])...)
			if len(reasons) == 0 && op.UserPassword != nil {
				reasons = append(reasons, passwordChangeHint)
			}
		case SyncDelete:
			if !exists[login] {
				reasons = append(reasons, "no user with this login id exists")
			}
			if len(op.BranchIDs) == 0 {
				exists[login] = false
			}
		default:
			reasons = append(reasons, fmt.Sprintf("unknown method %q; use ADD, MODIFY or DELETE", op.Method))
		}
		if activatesAPIUser(op, byLogin[login]) && activeAPIUsers >= activeAPIUserHint {
			reasons = append(reasons, fmt.Sprintf("%d API users are already ACTIVE and the server limits how many may be active at once (%d by default); deactivate one or create this one INACTIVE",
				activeAPIUsers, activeAPIUserHint))
		}
		if len(reasons) > 0 {
			lines = append(lines, fmt.Sprintf("operation %d (%s): %s", i, describeOperation(op), strings.Join(reasons, "; ")))
		}
	}
	if len(lines) == 0 {
		return fmt.Sprintf("a read-back of %d users shows no reason for the rejection; check that every branch id and group is one the server knows", len(users))
	}
	return strings.Join(lines, "\n")
}

// addRuleViolations lists what an ADD misses of API.md's rules.
func addRuleViolations(op SyncOperation) []string {
	var reasons []string
	if err := ValidateLoginID(op.UserLoginID); err != nil {
		reasons = append(reasons, err.Error())
	}
	if op.FirstName == nil || op.LastName == nil {
		reasons = append(reasons, "firstName and lastName are required to add a user")
	}
	if op.APIUser != nil && *op.APIUser && op.UserPassword == nil {
		reasons = append(reasons, "an API user needs a password (userPassword)")
	}
	return append(reasons, fieldRuleViolations(op, User{})...)
}

// fieldRuleViolations lists the rules the fields op sets break; current is
// the user as read back (for the organization the password must not hold).
func fieldRuleViolations(op SyncOperation, current User) []string {
	var reasons []string
	if op.UserPassword != nil {
		org := deref(current.Organization)
		if op.Organization != nil {
			org = *op.Organization
		}
		if err := ValidatePassword(*op.UserPassword, op.UserLoginID, org); err != nil {
			reasons = append(reasons, err.Error())
		}
	}
	if op.Email != nil {
		if err := ValidateEmail(*op.Email); err != nil {
			reasons = append(reasons, err.Error())
		}
	}
	if op.Status != nil {
		if err := ValidateStatus(*op.Status); err != nil {
			reasons = append(reasons, err.Error())
		}
	}
	return reasons
}

func countActiveAPIUsers(users []User) int {
	n := 0
	for _, u := range users {
		if u.APIUser != nil && *u.APIUser && u.Status != nil && *u.Status == StatusActive {
			n++
		}
	}
	return n
}

// activatesAPIUser reports whether op would add an active API user or make
// an inactive one active.
func activatesAPIUser(op SyncOperation, current User) bool {
	switch op.Method {
	case SyncAdd:
		return op.APIUser != nil && *op.APIUser && (op.Status == nil || *op.Status == StatusActive)
	case SyncModify:
		isAPI := (op.APIUser != nil && *op.APIUser) || (op.APIUser == nil && current.APIUser != nil && *current.APIUser)
		wasActive := current.Status != nil && *current.Status == StatusActive
		return isAPI && op.Status != nil && *op.Status == StatusActive && !wasActive
	}
	return false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
