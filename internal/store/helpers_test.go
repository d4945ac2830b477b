package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func ptr[T any](v T) *T { return &v }

func addOp(login string) client.SyncOperation {
	return client.SyncOperation{
		Method: client.SyncAdd, UserLoginID: login,
		FirstName: ptr("First"), LastName: ptr("Last"),
		UserPassword: ptr("Secret-Passw0rd"), BranchIDs: client.BranchIDs{101},
	}
}

func modifyOp(login, firstName string) client.SyncOperation {
	return client.SyncOperation{Method: client.SyncModify, UserLoginID: login, FirstName: ptr(firstName)}
}

func deleteOp(login string) client.SyncOperation {
	return client.SyncOperation{Method: client.SyncDelete, UserLoginID: login}
}

type applyOutcome struct {
	user *client.User
	err  error
}

// applyConcurrently runs Apply for every op at once and returns the
// outcomes in the order of ops.
func applyConcurrently(t *testing.T, s *Store, ops []client.SyncOperation) []applyOutcome {
	t.Helper()
	return applyAll(t, s, ops, func(int) {})
}

// applyInOrder starts one Apply per op, each after the previous one has
// joined the queue, so that they form one batch in this order (the window
// must be long enough), and returns the outcomes in the order of ops. It
// must run in a synctest bubble.
func applyInOrder(t *testing.T, s *Store, ops []client.SyncOperation) []applyOutcome {
	t.Helper()
	return applyAll(t, s, ops, func(int) { synctest.Wait() })
}

// applyAll starts one Apply per op, calling started(i) after starting the
// i-th, and waits for all.
func applyAll(t *testing.T, s *Store, ops []client.SyncOperation, started func(i int)) []applyOutcome {
	t.Helper()
	out := make([]applyOutcome, len(ops))
	var wg sync.WaitGroup
	for i, op := range ops {
		wg.Go(func() {
			u, err := s.Apply(t.Context(), op)
			out[i] = applyOutcome{u, err}
		})
		started(i)
	}
	wg.Wait()
	return out
}

func (s *Store) queued() int { return s.batches.queued() }

func usersToAdd(n int) []client.SyncOperation {
	ops := make([]client.SyncOperation, n)
	for i := range ops {
		ops[i] = addOp(fmt.Sprintf("svc-%03d", i))
	}
	return ops
}

// queued is how many operations wait for a batch.
func (b *batcher) queued() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queue)
}

// mustUser reads a user that must exist.
func mustUser(t *testing.T, s *Store, login string) *client.User {
	t.Helper()
	u, found, err := s.User(context.Background(), login)
	if err != nil || !found {
		t.Fatalf("User(%q) = found %v, err %v; want the user", login, found, err)
	}
	return u
}
