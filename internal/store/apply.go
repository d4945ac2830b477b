package store

import (
	"context"
	"errors"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// Apply joins op to the next batched PUT /users/sync and waits for its
// outcome. Operations on one user keep their order. On success the snapshot
// reflects op and, for ADD and MODIFY, the user as the server now holds it is
// returned (nil for DELETE). A rejected operation gives an error naming that
// operation (a *client.SyncError for it alone), never one of its neighbours.
// A successful write whose result could not be read back gives a
// *ReadBackError.
//
// A caller whose ctx ends stops waiting if its operation was not yet taken
// into a batch (it is withdrawn and ctx's error returned); an operation
// already in a batch is not recalled, and Apply returns its outcome.
func (s *Store) Apply(ctx context.Context, op client.SyncOperation) (*client.User, error) {
	return s.ApplyInOrder(ctx, op)
}

// ApplyInOrder is Apply for operations that belong together, such as the
// MODIFY to TRASH and the DELETE of deletion_mode trash_then_delete: they
// join one batch, one after the other and never split by it, so that they
// go in one sync, in order (API.md validates each against what the ones
// before it leave). Only when the server rejects that sync and the store
// isolates the failure (bisect.go) may they go in successive syncs, still
// in order, a later one not sent when an earlier one failed. It returns the
// first error, else the user as the last operation left it.
func (s *Store) ApplyInOrder(ctx context.Context, ops ...client.SyncOperation) (*client.User, error) {
	ps := make([]*pendingOp, len(ops))
	for i, op := range ops {
		ps[i] = &pendingOp{ctx: ctx, op: op, follows: i > 0, done: make(chan opResult, 1)}
	}
	s.batches.submit(ps...)
	results := make([]opResult, len(ps))
	for i, p := range ps {
		select {
		case results[i] = <-p.done:
		case <-ctx.Done():
			if s.batches.withdraw(ps...) {
				return nil, ctx.Err()
			}
			// Already taken into a batch, which runs to its end whatever
			// happens to ctx, so the server may well apply the operation.
			// Returning ctx.Err() now would leave a user on the server that
			// no Terraform state knows about (an interrupted apply then
			// fails on the re-run with "already exists"); waiting for the
			// batch, which its requests' timeouts bound, lets the caller
			// record the outcome.
			results[i] = <-p.done
		}
	}
	var last *client.User
	for i, r := range results {
		// An operation applied but not read back is done; only the last
		// one's read-back is the caller's (the user an earlier one
		// modified may be gone by a later one).
		var readBack *ReadBackError
		if r.err != nil && (i == len(results)-1 || !errors.As(r.err, &readBack)) {
			return nil, r.err
		}
		last = r.user
	}
	return last, nil
}
