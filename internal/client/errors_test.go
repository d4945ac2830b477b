package client

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestAPIErrorMatchesItsSentinelOnly(t *testing.T) {
	sentinels := map[int]error{400: ErrBadRequest, 401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound, 429: ErrRateLimited}
	all := []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited}
	for status, want := range sentinels {
		// Wrapped the way callers wrap errors, to prove errors.Is/As see through it.
		err := fmt.Errorf("reading users: %w", &APIError{Method: "GET", Path: "/users", StatusCode: status, Message: "because"})
		for _, sentinel := range all {
			if got := errors.Is(err, sentinel); got != (sentinel == want) { //nolint:errorlint // comparing the sentinels themselves, not an error chain
				t.Errorf("status %d: errors.Is(err, %v) = %v", status, sentinel, got)
			}
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Errorf("status %d: errors.As(*APIError) failed", status)
		}
	}
	err := &APIError{Method: "GET", Path: "/users", StatusCode: 500}
	for _, sentinel := range all {
		if errors.Is(err, sentinel) {
			t.Errorf("500 matches %v", sentinel)
		}
	}
}

func TestAPIErrorMessages(t *testing.T) {
	reset := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	tests := []struct {
		err  *APIError
		want string
	}{
		{&APIError{Method: "GET", Path: "/users/jdoe", StatusCode: 404, Message: "user jdoe not found"},
			"GET /users/jdoe: the server answered 404 Not Found: user jdoe not found"},
		{&APIError{Method: "PUT", Path: "/users/sync", StatusCode: 403},
			"PUT /users/sync: the server answered 403 Forbidden"},
		{&APIError{Method: "GET", Path: "/users", StatusCode: 429, Message: "slow down", RetryAfter: "120", ResetAt: reset},
			"GET /users: the server answered 429 Too Many Requests: slow down; the server's rate limit was reached (Retry-After: 120, lifts at 2026-05-06T07:08:09Z)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); !strings.HasPrefix(got, tt.want) {
			t.Errorf("Error() = %q, want prefix %q", got, tt.want)
		}
	}
}

func TestSyncErrorIsFoundWithErrorsAsAndHidesPasswords(t *testing.T) {
	password := "Hidden-Passw0rd-42"
	ops := []SyncOperation{
		{Method: SyncAdd, UserLoginID: "svc-a", FirstName: ptr("A"), LastName: ptr("B"), UserPassword: &password},
		{Method: SyncModify, UserLoginID: "svc-b", UserPassword: &password},
	}
	err := fmt.Errorf("applying: %w", &SyncError{Index: 1, Reason: "password too weak", Operations: redactOperations(ops), Detail: "operation 1 (MODIFY svc-b): details"})
	var syncErr *SyncError
	if !errors.As(err, &syncErr) {
		t.Fatal("errors.As(*SyncError) failed")
	}
	msg := err.Error()
	for _, want := range []string{"operation 1 (MODIFY svc-b) was rejected: password too weak", "Operations sent: ADD svc-a, MODIFY svc-b.", "details"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, password) || strings.Contains(fmt.Sprintf("%+v", syncErr.Operations), password) {
		t.Error("the password leaked into the error")
	}
	for _, op := range syncErr.Operations {
		if op.UserPassword != nil {
			t.Errorf("operation %s keeps its password", describeOperation(op))
		}
	}
	if ops[0].UserPassword == nil {
		t.Error("redactOperations changed the caller's operations")
	}
	unknown := (&SyncError{Index: -1, Operations: redactOperations(ops)}).Error()
	if !strings.Contains(unknown, "did not say which operation") {
		t.Errorf("message without index: %q", unknown)
	}
}

func ptr[T any](v T) *T { return &v }
