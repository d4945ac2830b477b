package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// batchOf16 returns a store that sends 16 operations as one batch, and the
// 16 ADDs to send.
func batchOf16(api *fakeAPI) (*Store, []client.SyncOperation) {
	s := New(api, Options{BatchWindow: time.Hour, MaxBatchSize: 16})
	ops := make([]client.SyncOperation, 16)
	for i := range ops {
		ops[i] = addOp(fmt.Sprintf("svc-%02d", i))
	}
	return s, ops
}

func rejectLogins(logins ...string) func(client.SyncOperation) bool {
	return func(op client.SyncOperation) bool {
		for _, l := range logins {
			if op.UserLoginID == l {
				return true
			}
		}
		return false
	}
}

// checkIsolated asserts that exactly the operations on failing logins
// failed, each with a *client.SyncError for itself alone explained from the
// state after the batch, and that the others were applied.
func checkIsolated(t *testing.T, api *fakeAPI, ops []client.SyncOperation, outcomes []applyOutcome, failing ...string) {
	t.Helper()
	t.Logf("%d operations, %d failing: %d syncs", len(ops), len(failing), api.count("TrySync"))
	api.mu.Lock()
	after := api.sortedUsers()
	api.mu.Unlock()
	for i, op := range ops {
		o := outcomes[i]
		if !rejectLogins(failing...)(op) {
			if o.err != nil || o.user == nil || o.user.Key == 0 {
				t.Errorf("%s %s = %v, %v; want applied", op.Method, op.UserLoginID, o.user, o.err)
			}
			continue
		}
		var syncErr *client.SyncError
		if !errors.As(o.err, &syncErr) {
			t.Errorf("%s %s error = %v; want a *client.SyncError", op.Method, op.UserLoginID, o.err)
			continue
		}
		if len(syncErr.Operations) != 1 || syncErr.Operations[0].UserLoginID != op.UserLoginID {
			t.Errorf("%s error names operations %+v; want only its own", op.UserLoginID, syncErr.Operations)
		}
		if syncErr.Operations[0].UserPassword != nil {
			t.Errorf("%s error carries the password", op.UserLoginID)
		}
		want := client.ExplainSyncFailure([]client.SyncOperation{op}, after)
		if syncErr.Detail != want {
			t.Errorf("%s error Detail = %q; want %q", op.UserLoginID, syncErr.Detail, want)
		}
	}
}

func TestBisectIsolatesOneFailure(t *testing.T) {
	api := newFakeAPI()
	api.reject = rejectLogins("svc-05")
	s, ops := batchOf16(api)
	outcomes := applyConcurrently(t, s, ops)
	checkIsolated(t, api, ops, outcomes, "svc-05")
	// 2·f·⌈log2 B⌉+1 = 9, plus the first attempt.
	if n := api.count("TrySync"); n > 2*1*4+1+1 {
		t.Errorf("TrySync called %d times for 1 failure in 16, want at most 10", n)
	}
	if n := api.count("ListUsers"); n != 1 {
		t.Errorf("ListUsers called %d times, want 1 read-back shared by the batch", n)
	}
}

func TestBisectIsolatesThreeFailures(t *testing.T) {
	api := newFakeAPI()
	api.reject = rejectLogins("svc-00", "svc-07", "svc-15")
	s, ops := batchOf16(api)
	outcomes := applyConcurrently(t, s, ops)
	checkIsolated(t, api, ops, outcomes, "svc-00", "svc-07", "svc-15")
	if n := api.count("TrySync"); n > 2*3*4+1 {
		t.Errorf("TrySync called %d times for 3 failures in 16, want at most 25", n)
	}
}

func TestIsolationUsesSyncErrorIndex(t *testing.T) {
	api := newFakeAPI()
	api.reportIndex = true
	api.reject = rejectLogins("svc-03", "svc-09", "svc-12")
	s, ops := batchOf16(api)
	outcomes := applyConcurrently(t, s, ops)
	checkIsolated(t, api, ops, outcomes, "svc-03", "svc-09", "svc-12")
	// One sync per failure plus the one that succeeds.
	if n := api.count("TrySync"); n != 4 {
		t.Errorf("TrySync called %d times with X-Sync-Error indexes for 3 failures, want 4", n)
	}
	for i, o := range outcomes {
		var syncErr *client.SyncError
		if errors.As(o.err, &syncErr) && syncErr.Reason != "rejected by the test" {
			t.Errorf("%s Reason = %q; want the server's", ops[i].UserLoginID, syncErr.Reason)
		}
	}
}

func TestBatchKeepsOrderOfOneUsersOperations(t *testing.T) {
	t.Run("ADD then MODIFY in one batch", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			api := newFakeAPI()
			s := New(api, Options{BatchWindow: time.Hour, MaxBatchSize: 2})
			outcomes := applyInOrder(t, s, []client.SyncOperation{addOp("svc-x"), modifyOp("svc-x", "Later")})
			for _, o := range outcomes {
				if o.err != nil {
					t.Fatal(o.err)
				}
			}
			if n := api.count("TrySync"); n != 1 {
				t.Errorf("TrySync called %d times, want one batch", n)
			}
			if outcomes[1].user.FirstName != "Later" || outcomes[1].user.Key == 0 {
				t.Errorf("MODIFY result = %+v", outcomes[1].user)
			}
		})
	})

	// Bisection splits 8|8; svc-x's ADD is at 7 and its MODIFY at 8, across
	// the split: the halves must go left to right.
	t.Run("bisection does not reorder", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			api := newFakeAPI()
			api.reject = rejectLogins("svc-02")
			s, ops := batchOf16(api)
			ops[7] = addOp("svc-x")
			ops[8] = modifyOp("svc-x", "Later")
			outcomes := applyInOrder(t, s, ops)
			for i, o := range outcomes {
				if (o.err != nil) != (i == 2) {
					t.Errorf("%s %s: err %v", ops[i].Method, ops[i].UserLoginID, o.err)
				}
			}
			if u := mustUser(t, s, "svc-x"); u.FirstName != "Later" {
				t.Errorf("svc-x FirstName = %q, want Later", u.FirstName)
			}
		})
	})

	t.Run("later operation of a failed user fails too", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			api := newFakeAPI()
			api.reject = func(op client.SyncOperation) bool { return op.UserLoginID == "svc-x" && op.Method == client.SyncAdd }
			s, ops := batchOf16(api)
			ops[3] = addOp("svc-x")
			ops[12] = modifyOp("svc-x", "Later")
			outcomes := applyInOrder(t, s, ops)
			for i, o := range outcomes {
				if (o.err != nil) != (i == 3 || i == 12) {
					t.Errorf("%s %s: err %v", ops[i].Method, ops[i].UserLoginID, o.err)
				}
			}
			var syncErr *client.SyncError
			if !errors.As(outcomes[12].err, &syncErr) || !strings.Contains(syncErr.Reason, "earlier ADD of svc-x") ||
				syncErr.Operations[0].Method != client.SyncModify {
				t.Errorf("MODIFY after a failed ADD: err %v; want a SyncError for the MODIFY naming the earlier ADD", outcomes[12].err)
			}
		})
	})
}

func TestSyncTransportErrorFailsEveryOperationOfTheBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &failingSyncAPI{fakeAPI: newFakeAPI("svc-a"), err: errors.New("connection refused")}
		s := New(api, Options{BatchWindow: 20 * time.Millisecond})
		ops := []client.SyncOperation{modifyOp("svc-a", "A"), addOp("svc-b")}
		for i, o := range applyConcurrently(t, s, ops) {
			if o.err == nil || !strings.Contains(o.err.Error(), ops[i].UserLoginID) || !errors.Is(o.err, api.err) {
				t.Errorf("%s: err %v; want the transport error naming the operation", ops[i].UserLoginID, o.err)
			}
		}
	})
}

type failingSyncAPI struct {
	*fakeAPI
	err error
}

func (f *failingSyncAPI) TrySync(ctx context.Context, ops []client.SyncOperation) error {
	f.called("TrySync")
	return f.err
}
