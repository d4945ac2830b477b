package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// errNotFoundAfterWrite: an applied ADD or MODIFY whose user the read-back
// does not hold (a later operation or someone else deleted it).
var errNotFoundAfterWrite = errors.New("the user is not in GET /users after the write")

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

// complete records a finished batch in the snapshot (userView.landed) and
// the caches, at once, so that the next batch's patches apply after this
// one's, and returns finish, which reads back what the results need and
// builds each operation's result.
func (s *Store) complete(ctx context.Context, ops []client.SyncOperation, failures []*opFailure) (finish func() []opResult) {
	outcomes, need := s.view.landed(ops, func(i int) bool { return failures[i] == nil })
	needUsers := false // some result needs the snapshot
	for i, op := range ops {
		switch f := failures[i]; {
		case f != nil:
			needUsers = needUsers || f.rejected
		case op.Method != client.SyncDelete:
			needUsers = true
		default: // a DELETE: patchUpdated, it kept the user
			if op.RemovesUser() {
				outcomes[i] = patchRemoved
			}
			if outcomes[i] == patchUnknown {
				needUsers = true // the read-back decides the cascade
			} else {
				s.cascadeDelete(op, outcomes[i])
			}
		}
	}
	return func() []opResult { return s.results(ctx, ops, failures, outcomes, needUsers, need) }
}

// results reads back, when needUsers, a snapshot of stamp need and builds
// the results of a batch complete recorded (outcomes: of its patches).
func (s *Store) results(ctx context.Context, ops []client.SyncOperation, failures []*opFailure, outcomes []patchOutcome, needUsers bool, need uint64) []opResult {
	var readErr error
	var explainUsers []client.User
	readBack := make([]*client.User, len(ops)) // each operation's user in the read-back
	if needUsers {
		readErr = s.view.read(ctx, need, func(snap *snapshot) {
			if slices.ContainsFunc(failures, func(f *opFailure) bool { return f != nil && f.rejected }) {
				explainUsers = snap.all()
			}
			for i, op := range ops {
				readBack[i], _ = snap.lookup(op.UserLoginID)
			}
		})
	}
	results := make([]opResult, len(ops))
	for i, op := range ops {
		if f := failures[i]; f != nil {
			results[i].err = s.failureError(op, f, explainUsers, readErr)
			continue
		}
		switch {
		case op.Method == client.SyncDelete:
			if outcomes[i] != patchUnknown {
				break // complete cascaded it
			}
			if readErr == nil { // complete asked for the read-back: it decides
				outcomes[i] = patchRemoved
				if readBack[i] != nil {
					outcomes[i] = patchUpdated
				}
			}
			s.cascadeDelete(op, outcomes[i])
		case readErr != nil:
			results[i].err = &ReadBackError{Operation: withoutPassword(op), Err: readErr}
		case readBack[i] != nil:
			results[i].user = readBack[i]
		default:
			results[i].err = &ReadBackError{Operation: withoutPassword(op), Err: errNotFoundAfterWrite}
		}
	}
	return results
}

// cascadeDelete mirrors the server: deleting a user removes its role
// assignments and privileges (a DELETE of some branches may keep the user:
// patchUpdated). When the outcome is unknown (neither the operation nor a
// read-back tells), the caches forget everything about roles and
// privileges rather than guess.
func (s *Store) cascadeDelete(op client.SyncOperation, outcome patchOutcome) {
	switch outcome {
	case patchRemoved:
		s.roleHolders.dropLogin(op.UserLoginID)
		s.privileges.dropLogin(op.UserLoginID)
	case patchUnknown:
		s.roleHolders.forgetAll()
		s.privileges.forgetAll()
	}
}

// failureError is the error of one operation that was not applied: for a
// failure other than a rejection (transport, HTTP error), that error naming
// the operation; for a rejection, a *client.SyncError for the operation
// alone, explained from users, the read-back taken after the batch (or
// saying why none could be taken).
func (s *Store) failureError(op client.SyncOperation, f *opFailure, users []client.User, readErr error) error {
	if !f.rejected {
		return fmt.Errorf("%s %s: %w", op.Method, op.UserLoginID, f.err)
	}
	detail := fmt.Sprintf("The users could not be read back to explain the rejection: %v", readErr)
	if users != nil {
		// With its password: the explanation checks that one is present and
		// never prints it.
		detail = s.explain([]client.SyncOperation{op}, users)
	}
	return &client.SyncError{Reason: f.reason, Operations: []client.SyncOperation{withoutPassword(op)}, Detail: detail}
}
