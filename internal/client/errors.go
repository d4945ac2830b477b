package client

import (
	"errors"
	"fmt"
	"net/http"
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

// Is makes errors.Is(err, ErrNotFound) and friends work for the status codes
// they stand for.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	}
	return false
}

// SyncError is a PUT /users/sync answered with false. Index is the 0-based
// index of the first rejected operation and Reason the server's reason, when
// the server gave them (X-Sync-Error); otherwise Index is -1 and Detail says
// which operations were sent and what a read-back of the users found.
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
	b.WriteString("PUT /users/sync: the server rejected the operations (answered false; nothing was applied)")
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
	if e.Detail != "" {
		fmt.Fprintf(&b, " What the server's users show: %s", e.Detail)
	}
	return b.String()
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
