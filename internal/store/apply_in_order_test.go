package store

import (
	"slices"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// Operations applied together go in one sync, in their order, whatever
// the batch size or batching, beside the operations of other users.
func TestApplyInOrderOneSync(t *testing.T) {
	trash := client.SyncOperation{Method: client.SyncModify, UserLoginID: "bot", Status: ptr(client.StatusTrash)}
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"batching", Options{}},
		{"batches of one", Options{MaxBatchSize: 1}},
		{"no batching", Options{DisableBatching: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI("bot", "other")
			s := New(api, tc.opts)
			done := make(chan error, 1)
			go func() { _, err := s.Apply(t.Context(), modifyOp("other", "Other")); done <- err }()
			if _, err := s.ApplyInOrder(t.Context(), trash, deleteOp("bot")); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if _, found, err := s.User(t.Context(), "bot"); err != nil || found {
				t.Fatalf("bot found %v, err %v; want it deleted", found, err)
			}
			api.mu.Lock()
			defer api.mu.Unlock()
			together := slices.ContainsFunc(api.batches, func(b []client.SyncOperation) bool {
				i := slices.IndexFunc(b, func(op client.SyncOperation) bool { return op.UserLoginID == "bot" })
				return i >= 0 && i+1 < len(b) && b[i].Method == client.SyncModify && b[i+1].Method == client.SyncDelete
			})
			if !together {
				t.Errorf("syncs %v: want the MODIFY and the DELETE of bot in one, in order", api.batches)
			}
		})
	}
}
