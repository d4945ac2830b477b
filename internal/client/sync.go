package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

const syncPath = "/users/sync"

// syncOutcome is what one PUT /users/sync told us.
type syncOutcome int

const (
	syncApplied   syncOutcome = iota // 200 true
	syncRejected                     // 200 false: nothing changed
	syncAmbiguous                    // no usable answer after sending: may or may not be applied
	syncFailed                       // a definitive error (e.g. 400, 403): nothing applied
	syncNotSent                      // the request never reached the server: nothing applied
)

// syncSends bounds the PUT /users/sync requests of one call: the first, and
// one more for what a read-back shows is still missing after each ambiguous
// failure, as many times as MaxRetries allows (at least once). Every re-send
// follows a read-back, so a bound this size never duplicates an operation;
// it only lets a flaky server be ridden out instead of failing the apply.
func (c *Client) syncSends() int { return max(2, c.cfg.MaxRetries+1) }

// TrySync is PUT /users/sync. It returns nil when the server answered true,
// and a *SyncError when it answered false, whose Index and Reason come from
// X-Sync-Error when the server sent it (else Index is -1). It does not read
// the users back to explain a false answer: its callers bisect batches and
// explain failures from their own snapshot with ExplainSyncFailure.
// Transport failures, and answers that say neither true nor false nor
// refuse the request (a 5xx, a redirect, a gateway's 201, 202 or 204), are
// resolved by reading the users back rather than blindly sending the
// operations again. A request that never reached the
// server (connection refused, no token) applied nothing and needs no
// read-back. An error after which some operation may have been applied
// matches ErrSyncOutcomeUnknown.
func (c *Client) TrySync(ctx context.Context, ops []SyncOperation) error {
	if len(ops) == 0 {
		return nil
	}
	pending := make([]int, len(ops)) // indexes into ops still to be applied
	for i := range pending {
		pending[i] = i
	}
	for send := 1; ; send++ {
		batch := selectOperations(ops, pending)
		sentAt := time.Now()
		outcome, syncErrHeader, err := c.sendSync(ctx, batch)
		switch outcome {
		case syncApplied:
			return nil
		case syncRejected:
			return rejectedSync(ops, pending, syncErrHeader)
		case syncFailed:
			return withEarlierApplied(ops, pending, err)
		case syncNotSent:
			return withEarlierApplied(ops, pending, &syncFailure{msg: notSentMessage(batch, err), errs: []error{err}})
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			why := endedHow(ctxErr) + " before the users could be read back to find out"
			if cause := classifyFailure(err); cause == causeInterrupted || cause == causeDeadline {
				why = "the users could not be read back to find out" // the same ending, said once
			}
			return withEarlierApplied(ops, pending, &syncFailure{
				msg: unknownOutcomeMessage(batch, err, why), outcomeUnknown: true, errs: []error{err},
			})
		}
		c.logSync(ctx, "sync failed ambiguously; reading the users back", batch, map[string]any{"error": err.Error()})
		users, readErr := c.ListUsers(ctx)
		if readErr != nil {
			return withEarlierApplied(ops, pending, &syncFailure{
				msg:            unknownOutcomeMessage(batch, err, fmt.Sprintf("reading the users back to find out failed too (%v)", readErr)),
				outcomeUnknown: true,
				errs:           []error{err, readErr},
			})
		}
		pending = unconfirmedOperations(ops, pending, users, sentAt)
		if len(pending) == 0 {
			c.logSync(ctx, "read-back shows the sync was applied", batch, nil)
			return nil
		}
		if send >= c.syncSends() {
			return withEarlierApplied(ops, pending, &syncFailure{
				msg: fmt.Sprintf("PUT %s failed %d times in a way that leaves open whether it was applied (last: %v); "+
					"a read-back of the users does not show these operations applied: %s. Run again to retry them",
					syncPath, send, err, strings.Join(describeOperations(selectOperations(ops, pending)), ", ")),
				errs: []error{err},
			})
		}
		c.logSync(ctx, "re-sending the operations a read-back does not show applied", selectOperations(ops, pending), nil)
	}
}

// unknownOutcomeMessage says that batch may or may not have been applied
// after err, a failure once the request had been sent, and (why) what kept
// a read-back from telling.
func unknownOutcomeMessage(batch []SyncOperation, err error, why string) string {
	var what string
	switch classifyFailure(err) {
	case causeInterrupted:
		what = fmt.Sprintf("PUT %s was interrupted (context canceled) after it was sent and before the server answered", syncPath)
	case causeDeadline:
		what = fmt.Sprintf("the operation's deadline passed (context deadline exceeded) after PUT %s was sent and before the server answered", syncPath)
	default:
		what = fmt.Sprintf("%v; the request had been sent", err)
	}
	return fmt.Sprintf("%s, so it may or may not have been applied, and %s. Operations sent: %s",
		what, why, strings.Join(describeOperations(batch), ", "))
}

// endedHow names why the caller's context ended.
func endedHow(ctxErr error) string {
	if errors.Is(ctxErr, context.Canceled) {
		return "the call was interrupted (context canceled)"
	}
	return "the operation's deadline passed (context deadline exceeded)"
}

// notSentMessage says why batch never reached the server, and so that none
// of it was applied.
func notSentMessage(batch []SyncOperation, err error) string {
	ops := strings.Join(describeOperations(batch), ", ")
	var (
		unsent *unsentError
		te     *transportError
	)
	if errors.As(err, &unsent) && unsent.noToken {
		return fmt.Sprintf("PUT %s was not sent because the client could not get a token (%v), so none of these operations was applied: %s",
			syncPath, unsent.err, ops)
	}
	cause := err.Error()
	if errors.As(err, &te) {
		cause = te.Error()
	}
	switch classifyFailure(err) {
	case causeRefused, causeUnreachable:
		return fmt.Sprintf("PUT %s could not reach the server (%s), so nothing was sent and none of these operations was applied: %s",
			syncPath, cause, ops)
	case causeInterrupted:
		return fmt.Sprintf("PUT %s was interrupted (context canceled) before it was sent, so none of these operations was applied: %s",
			syncPath, ops)
	}
	return fmt.Sprintf("PUT %s was not sent (%s), so none of these operations was applied: %s", syncPath, cause, ops)
}

// withEarlierApplied returns err for a call some of whose operations (those
// not in pending) a read-back after an earlier failure showed applied: the
// call then changed the server after all, which err alone does not say, so
// the result matches ErrSyncOutcomeUnknown and names them.
func withEarlierApplied(ops []SyncOperation, pending []int, err error) error {
	if len(pending) == len(ops) {
		return err
	}
	var applied []SyncOperation
	for i, op := range ops {
		if !slices.Contains(pending, i) {
			applied = append(applied, op)
		}
	}
	return &syncFailure{
		msg: fmt.Sprintf("%v. A read-back after an earlier failure of this call showed these operations applied: %s",
			err, strings.Join(describeOperations(applied), ", ")),
		outcomeUnknown: true,
		errs:           []error{err},
	}
}

// syncFailure is a TrySync that failed without a false answer.
type syncFailure struct {
	msg            string
	outcomeUnknown bool    // some operation may have been applied
	errs           []error // the failures behind it
}

func (e *syncFailure) Error() string   { return e.msg }
func (e *syncFailure) Unwrap() []error { return e.errs }

// Is matches ErrSyncOutcomeUnknown when some operation may have been
// applied.
func (e *syncFailure) Is(target error) bool {
	return target == ErrSyncOutcomeUnknown && e.outcomeUnknown
}

func selectOperations(ops []SyncOperation, indexes []int) []SyncOperation {
	out := make([]SyncOperation, len(indexes))
	for j, i := range indexes {
		out[j] = ops[i]
	}
	return out
}

// sendSync sends one PUT /users/sync. err is set for every outcome but
// syncApplied and syncRejected.
func (c *Client) sendSync(ctx context.Context, batch []SyncOperation) (outcome syncOutcome, syncErrHeader string, err error) {
	body, err := json.Marshal(batch)
	if err != nil {
		return syncFailed, "", fmt.Errorf("PUT %s: encoding the operations: %w", syncPath, err)
	}
	c.logSync(ctx, "sending sync operations", batch, nil)
	var passwords []string
	for _, op := range batch {
		if op.UserPassword != nil {
			passwords = append(passwords, *op.UserPassword)
		}
	}
	resp, err := c.do(ctx, request{method: http.MethodPut, path: syncPath, body: body, policy: retryUnsent, secrets: passwords})
	if err != nil {
		var apiErr *APIError
		switch {
		case errors.As(err, &apiErr):
			return syncFailed, "", err // e.g. rate limited before sending: nothing applied
		case neverSent(err):
			return syncNotSent, "", err
		}
		return syncAmbiguous, "", err
	}
	defer resp.Body.Close()
	// Only a 4xx (the request refused: 400, 403, a 429 before it was
	// handled) or an answer of true or false says what became of the
	// operations. Anything else may follow their being applied: a 5xx, a
	// proxy that gave up waiting, a redirect (never followed: it would carry
	// the token elsewhere), or a gateway's 201, 202 or 204 in place of the
	// server's answer; the caller reads the users back.
	switch {
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return syncFailed, "", newAPIError(http.MethodPut, syncPath, resp)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return syncAmbiguous, "", newAPIError(http.MethodPut, syncPath, resp)
	}
	data, err := readLimited(resp.Body, smallBodyLimit)
	if err != nil {
		return syncAmbiguous, "", fmt.Errorf("PUT %s: reading the answer: %w", syncPath, err)
	}
	switch string(bytes.TrimSpace(data)) {
	case "true":
		return syncApplied, "", nil
	case "false":
		return syncRejected, serverText(resp, resp.Header.Get("X-Sync-Error")), nil
	case "":
		return syncAmbiguous, "", fmt.Errorf("PUT %s answered %d %s without a body instead of true or false", syncPath, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return syncAmbiguous, "", fmt.Errorf("PUT %s answered %d %s with %s instead of true or false",
		syncPath, resp.StatusCode, http.StatusText(resp.StatusCode), truncateForError(resp, data))
}

// rejectedSync builds the *SyncError of a false answer to the operations
// ops[pending...].
func rejectedSync(ops []SyncOperation, pending []int, syncErrHeader string) error {
	batch := selectOperations(ops, pending)
	e := &SyncError{Index: -1, Operations: redactOperations(ops), Sent: describeOperations(batch)}
	if idx, reason, ok := parseSyncErrorHeader(syncErrHeader); ok {
		e.Reason = reason
		if idx < len(pending) {
			e.Index = pending[idx] // into the caller's ops, not the re-sent subset
		}
	}
	return e
}

// parseSyncErrorHeader reads "X-Sync-Error: <index>: <reason>".
func parseSyncErrorHeader(v string) (index int, reason string, ok bool) {
	idxText, reason, found := strings.Cut(v, ":")
	if !found {
		return 0, "", false
	}
	index, err := strconv.Atoi(strings.TrimSpace(idxText))
	if err != nil || index < 0 {
		return 0, "", false
	}
	return index, strings.TrimSpace(reason), true
}

// logSync logs the operations by method and login id only: a sync body holds
// passwords.
func (c *Client) logSync(ctx context.Context, msg string, batch []SyncOperation, extra map[string]any) {
	fields := map[string]any{"operations": describeOperations(batch), "count": len(batch)}
	maps.Copy(fields, extra)
	tflog.SubsystemDebug(loggingContext(ctx, c.cfg.Password), logSubsystem, msg, fields)
}
