package client

import "errors"

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
}

// SyncError is a PUT /users/sync answered with false. Index is the 0-based
// index of the first rejected operation and Reason the server's reason, when
// the server gave them (X-Sync-Error); otherwise Index is -1 and Detail says
// which operations were sent and what a read-back of the users found.
type SyncError struct {
	Index      int
	Reason     string
	Operations []SyncOperation // as sent, passwords removed
	Detail     string
}

// ExplainSyncFailure says, for each operation, what users (a read-back taken
// after the failure) shows about why it may have been rejected, e.g. "ADD
// jdoe: a user with this login id already exists (key 1003)". Passwords are
// never included.
func ExplainSyncFailure(ops []SyncOperation, users []User) string { panic("TODO") }
