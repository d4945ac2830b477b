package store

import (
	"context"
	"sync"
	"testing"
	"time"

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
// must be long enough), and returns the outcomes in the order of ops.
func applyInOrder(t *testing.T, s *Store, ops []client.SyncOperation) []applyOutcome {
	t.Helper()
	return applyAll(t, s, ops, func(i int) {
		waitFor(t, func() bool { return s.queued() == i+1 || i+1 == len(ops) })
	})
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

func (s *Store) queued() int {
	s.batches.mu.Lock()
	defer s.batches.mu.Unlock()
	return len(s.batches.queue)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 5s")
		}
		time.Sleep(time.Millisecond)
	}
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
