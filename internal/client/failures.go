package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
	"time"
)

// This file says why a request got no HTTP answer. The cause decides both
// the words of the error (a user must tell "interrupted" from "timed out"
// from "nothing listens there") and what a failed PUT /users/sync may have
// done: a request that never left this machine cannot have been applied.

// failureCause is why a request got no answer.
type failureCause int

const (
	causeOther       failureCause = iota
	causeInterrupted              // the caller's context was cancelled (Terraform was interrupted)
	causeDeadline                 // the caller's context's own deadline passed
	causeTimeout                  // one attempt ran past Config.RequestTimeout
	causeRefused                  // the server's host refused the connection
	causeUnreachable              // no connection could be opened (DNS, no route, dial timeout)
)

// classifyFailure finds the cause in err's chain, with errors.Is and
// errors.As only: the texts of network errors differ between platforms and
// Go versions. Interruption is checked first because a cancelled request
// can fail in any of the other ways too.
func classifyFailure(err error) failureCause {
	var timeout *requestTimeoutError
	switch {
	case errors.Is(err, context.Canceled):
		return causeInterrupted
	case errors.As(err, &timeout):
		return causeTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return causeRefused
	case dialFailed(err):
		return causeUnreachable
	case errors.Is(err, context.DeadlineExceeded):
		return causeDeadline
	}
	return causeOther
}

// neverSent reports whether err shows that the request did not reach the
// server: no connection could be opened, or the request failed before any
// of it was written (see unsentError). Such a request cannot have been
// applied, so a PUT /users/sync that failed this way needs no read-back.
func neverSent(err error) bool {
	var (
		unsent  *unsentError
		refused *refusedError
	)
	return errors.As(err, &unsent) || errors.As(err, &refused) || errors.Is(err, syscall.ECONNREFUSED) || dialFailed(err)
}

// refusedError is a request Go's HTTP client refused to send before it
// tried to connect (a header value it cannot carry, say a token or password
// with a line break, or an unusable URL). Nothing left this machine, and the
// same request would be refused again, so it is never retried.
type refusedError struct{ err error }

func (e *refusedError) Error() string {
	return "the HTTP client refused to send the request (" + e.err.Error() + "), so nothing was sent"
}

func (e *refusedError) Unwrap() error { return e.err }

// dialFailed reports whether no connection could be opened, for whatever
// reason (refused, no such host, no route, interrupted while dialling).
func dialFailed(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}

// unsentError marks a request that failed before any of it was written:
// the client could not get a token, or every attempt failed before its
// headers were written (or was answered 429). Its text is the cause's.
type unsentError struct {
	err     error
	noToken bool // the failure was GET /auth's
}

func (e *unsentError) Error() string { return e.err.Error() }
func (e *unsentError) Unwrap() error { return e.err }

// requestTimeoutError is an attempt that ran past Config.RequestTimeout
// while the caller's context still had time. It names the provider's
// setting, request_timeout, because that is what a user can change.
type requestTimeoutError struct {
	timeout time.Duration
	reading bool // the answer had begun: its body did not arrive in time
	err     error
}

func (e *requestTimeoutError) Error() string {
	if e.reading {
		return fmt.Sprintf("the server did not finish its answer within request_timeout (%s)", e.timeout)
	}
	return fmt.Sprintf("the server did not answer within request_timeout (%s)", e.timeout)
}

func (e *requestTimeoutError) Unwrap() error { return e.err }

// Is keeps errors.Is(err, context.DeadlineExceeded) true, as it is for the
// error the transport returned.
func (e *requestTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// Timeout makes it a timeout for net.Error checks.
func (e *requestTimeoutError) Timeout() bool { return true }

// attemptTimedOut reports whether an attempt's context ended by its own
// RequestTimeout rather than with the caller's context.
func attemptTimedOut(parent, attempt context.Context) bool {
	return parent.Err() == nil && errors.Is(attempt.Err(), context.DeadlineExceeded)
}

// transportError is a request that got no HTTP answer. attempts is 0 when
// unknown (the caller gave up between two attempts).
type transportError struct {
	attempts int
	endpoint string
	err      error
	// secrets are the request's: Go's transport quotes a malformed answer
	// (headers included) in its error, and a server may echo them there.
	secrets []string
}

func (e *transportError) Error() string { return maskServerText(e.secrets, e.text()) }

func (e *transportError) text() string {
	tries := ""
	if e.attempts > 1 {
		tries = fmt.Sprintf("; tried %d times", e.attempts)
	}
	var (
		timeout *requestTimeoutError
		op      *net.OpError
	)
	switch classifyFailure(e.err) {
	case causeInterrupted:
		return "interrupted before the server answered (context canceled)"
	case causeDeadline:
		return "the operation's deadline passed before the server answered (context deadline exceeded)"
	case causeTimeout:
		if errors.As(e.err, &timeout) {
			return timeout.Error() + tries
		}
	case causeRefused:
		if e.endpoint != "" {
			return fmt.Sprintf("connection refused at %s%s", e.endpoint, tries)
		}
	case causeUnreachable:
		if e.endpoint != "" && errors.As(e.err, &op) {
			return fmt.Sprintf("could not connect to %s%s: %v", e.endpoint, tries, op)
		}
	}
	var refused *refusedError
	if errors.As(e.err, &refused) {
		return refused.Error()
	}
	if isPermanentTransportError(e.err) {
		cause := e.err
		var ue *url.Error
		if errors.As(e.err, &ue) {
			cause = ue.Err // the reason without the method and URL
		}
		return fmt.Sprintf("the TLS connection to %s failed: %v", e.endpoint, cause)
	}
	if e.attempts == 0 {
		return fmt.Sprintf("no answer from the server: %v", e.err)
	}
	return fmt.Sprintf("no answer from the server after %d attempt(s): %v", e.attempts, e.err)
}

func (e *transportError) Unwrap() error { return e.err }
