package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// errNotFoundAfterWrite: an applied ADD or MODIFY whose user the read-back
// does not hold (a later operation or someone else deleted it).
var errNotFoundAfterWrite = errors.New("the user is not in GET /users after the write")

// deleteOutcome says whether a DELETE removed the user record (and with it,
// server-side, its role assignments and privileges).
type deleteOutcome int

const (
	deleteUnknown deleteOutcome = iota
	deleteRemoved
	deleteKept
)

// runBatch sends one batch and records its outcome in the snapshot, and
// returns finish, which reads back what the batch's results need and returns
// each operation's result. The batcher calls runBatch for one batch after
// another and finish beside the next batch's sync, so that a read-back
// overlaps the next sync and, when that sync ends first, serves both. The
// batch runs under a context detached from its members' cancellation (one
// member leaving must not fail the others) that keeps the first member's
// values.
func (s *Store) runBatch(batch []*pendingOp) (finish func() []opResult) {
	ctx := context.WithoutCancel(batch[0].ctx)
	ops := make([]client.SyncOperation, len(batch))
	for i, p := range batch {
		ops[i] = p.op
	}
	tflog.Debug(ctx, "Sending users sync batch", map[string]any{"operations": len(ops)})
	failures, syncs := isolate(ctx, s.api, ops)
	if syncs > 1 {
		tflog.Debug(ctx, "Isolated failing operations of a rejected users sync batch",
			map[string]any{"operations": len(ops), "syncs": syncs})
	}
	return s.complete(ctx, ops, failures)
}

// complete records a finished batch in the snapshot and the caches, at
// once, so that the next batch's patches apply after this one's, and
// returns finish, which builds each operation's result. Operations the
// server applied patch the snapshot when the operation says everything;
// otherwise (ADD, password, unknown outcome, and any rejection, whose
// explanation needs a fresh read) the write generation advances, so that
// no read from now on is served by a snapshot older than the batch, and one
// list, shared by the whole batch, by concurrent readers and by the batches
// synced before it started, serves every result.
func (s *Store) complete(ctx context.Context, ops []client.SyncOperation, failures []*opFailure) (finish func() []opResult) {
	deletes := make([]deleteOutcome, len(ops))
	needUsers := false // some result needs the snapshot
	s.mu.Lock()
	stale := false
	for i, op := range ops {
		if f := failures[i]; f != nil {
			stale = true
			needUsers = needUsers || f.rejected
			continue
		}
		if op.Method != client.SyncDelete {
			needUsers = true
		}
		outcome := s.patchLocked(op)
		if outcome == patchUnknown {
			stale = true
		}
		if op.Method == client.SyncDelete {
			deletes[i] = deleteOutcomeOf(op, outcome)
			if deletes[i] == deleteUnknown {
				needUsers = true // the read-back decides the cascade
			} else {
				s.cascadeDeleteLocked(op, deletes[i], false)
			}
		}
	}
	if stale {
		s.writeGen++
		for _, op := range ops {
			s.userGen[loginKey(op.UserLoginID)] = s.writeGen
		}
	}
	need := s.writeGen
	s.mu.Unlock()
	return func() []opResult { return s.results(ctx, ops, failures, deletes, needUsers, need) }
}

// results reads back, when needUsers, a snapshot of generation need and
// builds the results of a batch complete recorded.
func (s *Store) results(ctx context.Context, ops []client.SyncOperation, failures []*opFailure, deletes []deleteOutcome, needUsers bool, need uint64) []opResult {
	var readErr error
	if needUsers {
		readErr = s.ensureFresh(ctx, need)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var explainUsers []client.User
	if readErr == nil && s.snap != nil && hasRejection(failures) {
		explainUsers = s.snap.all()
	}
	results := make([]opResult, len(ops))
	for i, op := range ops {
		if f := failures[i]; f != nil {
			results[i].err = s.failureError(op, f, explainUsers, readErr)
			continue
		}
		switch {
		case op.Method == client.SyncDelete:
			if deletes[i] == deleteUnknown {
				s.cascadeDeleteLocked(op, deletes[i], needUsers && readErr == nil)
			}
		case readErr != nil:
			results[i].err = &ReadBackError{Operation: withoutPassword(op), Err: readErr}
		default:
			if u, ok := s.snap.lookup(op.UserLoginID); ok {
				results[i].user = u
			} else {
				results[i].err = &ReadBackError{Operation: withoutPassword(op), Err: errNotFoundAfterWrite}
			}
		}
	}
	return results
}

// patchLocked applies an applied operation to the snapshot and remembers it
// for the answers of the lists in flight.
func (s *Store) patchLocked(op client.SyncOperation) patchOutcome {
	s.notePatchLocked(op)
	if s.snap == nil {
		// Nothing to patch: the first read lists after this write (or the
		// list in flight replays it), so only what the operation alone
		// cannot tell is unknown.
		switch {
		case op.NeedsReadBack(), op.Method == client.SyncDelete && !op.RemovesUser():
			return patchUnknown
		case op.Method == client.SyncDelete:
			return patchRemoved
		}
		return patchUpdated
	}
	return s.snap.patch(op)
}

func deleteOutcomeOf(op client.SyncOperation, p patchOutcome) deleteOutcome {
	switch {
	case op.RemovesUser() || p == patchRemoved:
		return deleteRemoved
	case p == patchUpdated:
		return deleteKept
	}
	return deleteUnknown
}

// cascadeDeleteLocked mirrors the server: deleting a user removes its role
// assignments and privileges. When the outcome is unknown the read-back
// decides; without one the caches forget everything about roles and
// privileges rather than guess.
func (s *Store) cascadeDeleteLocked(op client.SyncOperation, outcome deleteOutcome, haveReadBack bool) {
	if outcome == deleteUnknown && haveReadBack && s.snap != nil {
		outcome = deleteKept
		if _, ok := s.snap.byLogin[loginKey(op.UserLoginID)]; !ok {
			outcome = deleteRemoved
		}
	}
	switch outcome {
	case deleteRemoved:
		s.roleHolders.dropLogin(op.UserLoginID)
		s.privileges.dropLogin(op.UserLoginID)
	case deleteUnknown:
		s.roleHolders.forgetAll()
		s.privileges.forgetAll()
	}
}

func hasRejection(failures []*opFailure) bool {
	for _, f := range failures {
		if f != nil && f.rejected {
			return true
		}
	}
	return false
}

func (s *Store) failureError(op client.SyncOperation, f *opFailure, users []client.User, readErr error) error {
	if !f.rejected {
		return failedError(op, f.err)
	}
	var detail string
	if users != nil {
		// With its password: the explanation checks that one is present and
		// never prints it.
		detail = s.explain([]client.SyncOperation{op}, users)
	} else {
		detail = fmt.Sprintf("The users could not be read back to explain the rejection: %v", readErr)
	}
	return rejectedError(op, f.reason, detail)
}
