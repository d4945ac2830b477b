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
const passwordChangeHint = "the server may not accept password changes: a MODIFY that sets userPassword is an extension of the Users API (see the Server API guide), " +
	"and a server that speaks only the documented protocol may refuse it. To give the user a new password there, replace the user " +
	"(terraform apply -replace=ADDRESS), which deletes it and adds it again with the new password"

// ExplainSyncFailure says, for each operation, what users (a read-back taken
// after the failure) shows about why it may have been rejected, e.g. "ADD
// jdoe: a user with this login id already exists (key 1003)". Passwords are
// never included. It returns "" when the read-back shows no reason.
//
// Its text follows the server's own reason when the server gave one, so it
// states what the read-back shows and guesses only where nothing else can
// explain an operation; the guess of last resort, that the server does not
// know a branch or group, is SyncError's to make, which knows whether the
// server gave a reason.
func ExplainSyncFailure(ops []SyncOperation, users []User) string {
	byLogin := usersByLogin(users)
	// exists follows the batch in order: an ADD earlier in the batch makes a
	// later MODIFY of the same user valid.
	exists := make(map[string]bool, len(byLogin))
	for login := range byLogin {
		exists[login] = true
	}
	// A server that does not report status and apiUser (API.md Part A)
	// shows nothing about how many API users are active.
	activeAPIUsers, activityKnown := countActiveAPIUsers(users)

	var lines []string
	for i, op := range ops {
		login := LoginKey(op.UserLoginID)
		current := byLogin[login]
		reasons, collides := methodReasons(op, login, byLogin, exists)
		// The limit is a reason only for an operation that would add an
		// active API user: never for an ADD whose login id is taken (that
		// is the reason), and never on a server that shows no activity.
		if activityKnown && !collides && op.activatesAPIUser(current) {
			if activeAPIUsers >= activeAPIUserHint {
				fix := "deactivate one or create this one INACTIVE"
				if op.Method == SyncModify {
					fix = "deactivate another one first"
				}
				reasons = append(reasons, fmt.Sprintf("%d API users are already ACTIVE, and the server may limit how many are active at once (%d by default); %s",
					activeAPIUsers, activeAPIUserHint, fix))
			}
			activeAPIUsers++ // for the later operations of the batch
		}
		if len(reasons) == 0 && op.Method == SyncModify && op.UserPassword != nil {
			reasons = append(reasons, passwordChangeHint)
		}
		if len(reasons) > 0 {
			lines = append(lines, fmt.Sprintf("operation %d (%s): %s", i, describeOperation(op), strings.Join(reasons, "; ")))
		}
	}
	return strings.Join(lines, "\n")
}

// methodReasons is what explains op by its method, given the users that
// exist at its turn in the batch (exists, which it moves past op); collides
// reports an ADD of a login id that is taken.
func methodReasons(op SyncOperation, login string, byLogin map[string]User, exists map[string]bool) (reasons []string, collides bool) {
	switch op.Method {
	case SyncAdd:
		if u, ok := byLogin[login]; ok && exists[login] {
			reasons = append(reasons, fmt.Sprintf("a user with this login id already exists (key %d, login id %q)", u.Key, u.UserID))
			collides = true
		} else if exists[login] {
			reasons = append(reasons, "an earlier operation of this batch adds the same login id")
			collides = true
		}
		reasons = append(reasons, addRuleViolations(op)...)
		exists[login] = true
	case SyncModify:
		if !exists[login] {
			reasons = append(reasons, "no user with this login id exists")
		}
		reasons = append(reasons, fieldRuleViolations(op, byLogin[login])...)
	case SyncDelete:
		if !exists[login] {
			reasons = append(reasons, "no user with this login id exists")
		}
		if op.RemovesUser() {
			exists[login] = false
		}
	default:
		reasons = append(reasons, fmt.Sprintf("unknown method %q; use ADD, MODIFY or DELETE", op.Method))
	}
	return reasons, collides
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
	check := func(v *string, validate func(string) error) {
		if v == nil {
			return
		}
		if err := validate(*v); err != nil {
			reasons = append(reasons, err.Error())
		}
	}
	org := current.Organization
	if op.Organization != nil {
		org = op.Organization
	}
	check(op.UserPassword, func(pw string) error { return ValidatePassword(pw, op.UserLoginID, deref(org)) })
	check(op.Email, ValidateEmail)
	check(op.Status, ValidateStatus)
	return reasons
}

// countActiveAPIUsers counts the active API users; known is false when no
// user reports both status and apiUser, so the count means nothing.
func countActiveAPIUsers(users []User) (n int, known bool) {
	for _, u := range users {
		if u.APIUser == nil || u.Status == nil {
			continue
		}
		known = true
		if *u.APIUser && *u.Status == StatusActive {
			n++
		}
	}
	return n, known
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
