package store

import (
	"context"

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
	p := &pendingOp{ctx: ctx, op: op, done: make(chan opResult, 1)}
	s.batches.submit(p)
	var r opResult
	select {
	case r = <-p.done:
	case <-ctx.Done():
		if s.batches.withdraw(p) {
			return nil, ctx.Err()
		}
		// Already taken into a batch, which runs to its end whatever
		// happens to ctx, so the server may well apply the operation.
		// Returning ctx.Err() now would leave a user on the server that no
		// Terraform state knows about (an interrupted apply then fails on
		// the re-run with "already exists"); waiting for the batch, which
		// its requests' timeouts bound, lets the caller record the outcome.
		r = <-p.done
	}
	if r.err == nil {
		s.noteRetired(op)
	}
	return r.user, r.err
}
