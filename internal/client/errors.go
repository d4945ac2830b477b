package client

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors; test with errors.Is. Every error the client returns for an
// HTTP answer is an *APIError that matches the sentinel of its status.
var (
	ErrNotFound     = errors.New("not found")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrRateLimited  = errors.New("rate limited")
	ErrBadRequest   = errors.New("bad request")
)

// ErrSyncOutcomeUnknown matches (errors.Is) the errors of Sync and TrySync
// after which some of the operations may have been applied, so that a
// caller must read the users back before it records or re-sends anything
// (an ADD it reports as failed may have created the user):
//   - the request failed after it was sent (connection lost, timeout), or
//     was answered with anything but a 4xx or true or false (a 5xx, a
//     redirect, a gateway's 202 or 204), and reading the users back to find
//     out failed, or the context ended (the call was interrupted) before
//     the read-back;
//   - a read-back after such a failure showed part of the operations
//     applied, and a later attempt at the rest failed.
//
// Every other error of Sync and TrySync means that none of the operations
// was applied: a false answer (*SyncError; when the client re-sent part of
// the operations after an ambiguous failure, the rest, those not in
// SyncError.Sent, had been applied), an HTTP error such as 400 or 403, a
// request that never reached the server (connection refused, no token), or
// a read-back showing the operations not applied.
var ErrSyncOutcomeUnknown = errors.New("the users sync may or may not have been applied")

// APIError is a non-success HTTP answer.
type APIError struct {
	Method     string
	Path       string // path below /api/v1.0, e.g. /users/jdoe
	StatusCode int
	Message    string // the server's {"error": ...}, when it gave one
	RetryAfter string // Retry-After header, when present
	// ResetAt is when a rate limit (429) lifts, from Retry-After; zero when
	// unknown.
	ResetAt time.Time
}

// Error reads as a sentence: what was asked, what the server answered and why.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: the server answered %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.StatusCode == http.StatusTooManyRequests {
		b.WriteString("; the server's rate limit was reached")
		if e.RetryAfter != "" {
			fmt.Fprintf(&b, " (Retry-After: %s", e.RetryAfter)
			if !e.ResetAt.IsZero() {
				fmt.Fprintf(&b, ", lifts at %s", e.ResetAt.UTC().Format(time.RFC3339))
			}
			b.WriteString(")")
		}
		b.WriteString("; the client stopped waiting (the wait would pass the retry wait limit or the operation's deadline, or the retries ran out): try again later or send fewer requests per second")
	}
	return b.String()
}

// sentinelStatus is the status code each sentinel stands for.
var sentinelStatus = map[error]int{
	ErrNotFound:     http.StatusNotFound,
	ErrUnauthorized: http.StatusUnauthorized,
	ErrForbidden:    http.StatusForbidden,
	ErrRateLimited:  http.StatusTooManyRequests,
	ErrBadRequest:   http.StatusBadRequest,
}

// Is makes errors.Is(err, ErrNotFound) and friends work for the status codes
// they stand for.
func (e *APIError) Is(target error) bool {
	status, ok := sentinelStatus[target]
	return ok && e.StatusCode == status
}

// SyncError is a PUT /users/sync answered with false. Index is the 0-based
// index of the first rejected operation and Reason the server's reason, when
// the server gave them (X-Sync-Error); otherwise Index is -1. Detail, when a
// caller set it (the store, from ExplainSyncFailure), says what a read-back
// of the users found.
//
// Operations are the caller's operations (passwords removed) and Index
// points into them, also when the client re-sent only part of them after an
// ambiguous transport failure. Sent names the operations of the rejected
// request ("ADD jdoe").
type SyncError struct {
	Index      int
	Reason     string
	Operations []SyncOperation // as sent, passwords removed
	Detail     string
	Sent       []string // "METHOD loginID" of each operation in the rejected request
}

// Error lists what was sent (never a password) and why it was rejected.
func (e *SyncError) Error() string {
	var b strings.Builder
	if e.partlyApplied() {
		b.WriteString("PUT /users/sync: the server rejected the operations (answered false; nothing of that request was applied)")
	} else {
		b.WriteString("PUT /users/sync: the server rejected the operations (answered false; nothing was applied)")
	}
	if e.Index >= 0 {
		fmt.Fprintf(&b, "; operation %d", e.Index)
		if e.Index < len(e.Operations) {
			fmt.Fprintf(&b, " (%s)", describeOperation(e.Operations[e.Index]))
		}
		b.WriteString(" was rejected")
		if e.Reason != "" {
			fmt.Fprintf(&b, ": %s", e.Reason)
		}
	} else {
		b.WriteString("; the server did not say which operation it rejected")
	}
	sent := e.Sent
	if len(sent) == 0 {
		sent = describeOperations(e.Operations)
	}
	fmt.Fprintf(&b, ". Operations sent: %s.", strings.Join(sent, ", "))
	switch {
	case e.Detail != "":
		fmt.Fprintf(&b, " What the server's users show: %s", e.Detail)
	case e.Reason == "":
		// Only with nothing else to go on: after a reason of the server's
		// (say, the active API user limit) a guess would contradict it.
		b.WriteString(" " + e.unexplainedHint())
	}
	if e.partlyApplied() {
		fmt.Fprintf(&b, " A read-back after an earlier failure of this call showed the other operations applied: %s.",
			strings.Join(e.appliedEarlier(), ", "))
	}
	return b.String()
}

// Is matches ErrSyncOutcomeUnknown when the rejected request held only part
// of the operations: the client had re-sent the rest after an ambiguous
// failure whose read-back showed them applied, so the call did change the
// server.
func (e *SyncError) Is(target error) bool {
	return target == ErrSyncOutcomeUnknown && e.partlyApplied()
}

func (e *SyncError) partlyApplied() bool { return len(e.Sent) > 0 && len(e.Sent) < len(e.Operations) }

// appliedEarlier names the operations not in Sent.
func (e *SyncError) appliedEarlier() []string {
	left := slices.Clone(e.Sent)
	var applied []string
	for _, name := range describeOperations(e.Operations) {
		if i := slices.Index(left, name); i >= 0 {
			left = slices.Delete(left, i, i+1)
			continue
		}
		applied = append(applied, name)
	}
	return applied
}

// unexplainedHint is said when neither the server nor the client found a
// reason: what the client cannot check itself is whether the server knows
// the branches and groups the rejected operations name.
func (e *SyncError) unexplainedHint() string {
	ops := e.Operations
	if e.Index >= 0 && e.Index < len(ops) {
		ops = ops[e.Index : e.Index+1]
	}
	var branches BranchIDs
	var groups []string
	for _, op := range ops {
		branches = append(branches, op.BranchIDs...)
		if op.GroupID != nil {
			groups = append(groups, strconv.FormatInt(*op.GroupID, 10))
		}
		if op.UserGroup != nil {
			groups = append(groups, strconv.Quote(*op.UserGroup))
		}
	}
	slices.Sort(groups)
	groups = slices.Compact(groups)
	var names []string
	switch ids := branches.String(); {
	case strings.Contains(ids, "|"):
		names = append(names, "branch ids "+ids)
	case ids != "":
		names = append(names, "branch id "+ids)
	}
	switch len(groups) {
	case 0:
	case 1:
		names = append(names, "group "+groups[0])
	default:
		names = append(names, "groups "+strings.Join(groups, ", "))
	}
	if len(names) == 0 {
		return "The server gave no reason, and the client found none in what it can check."
	}
	return fmt.Sprintf("The server gave no reason, and the client found none in what it can check; check that the server knows the %s.",
		strings.Join(names, " and the "))
}

// describeOperation names an operation without any of its values: "ADD jdoe".
func describeOperation(op SyncOperation) string {
	return string(op.Method) + " " + op.UserLoginID
}

func describeOperations(ops []SyncOperation) []string {
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = describeOperation(op)
	}
	return out
}

// redactOperations copies ops without their passwords, for errors and logs.
func redactOperations(ops []SyncOperation) []SyncOperation {
	out := make([]SyncOperation, len(ops))
	for i, op := range ops {
		op.UserPassword = nil
		out[i] = op
	}
	return out
}

// Settings named by ConfigError.
const (
	SettingEndpoint  = "Endpoint"
	SettingUsername  = "Username"
	SettingPassword  = "Password"
	SettingAppName   = "AppName"
	SettingCACertPEM = "CACertPEM"
)

// ConfigError is a Config setting New cannot use. Setting names the Config
// field, so a caller can point its user at the matching setting of its own.
type ConfigError struct {
	Setting string
	Err     error
}

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }
