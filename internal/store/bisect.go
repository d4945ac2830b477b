package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// opFailure is why one operation of a batch was not applied.
type opFailure struct {
	// rejected: the server answered false for this operation sent alone or
	// named it in X-Sync-Error, or an earlier operation on its user was
	// rejected. The error is built later, explained from a read-back.
	rejected bool
	reason   string
	// err: the sync failed in another way (transport, 4xx); whether it was
	// applied is unknown to the store, so the snapshot must be re-read.
	err error
}

// isolation finds which operations of a rejected batch fail. The server
// applies a batch all or nothing, so a false answer says only that some
// operation failed. With X-Sync-Error's index the named operation fails and
// the rest is sent again; without it the batch is split in halves, each sent
// on its own, down to single operations. Parts are sent left to right, so
// the operations of one user are applied in their order, and an operation
// whose user had an earlier operation fail is not sent at all: it would
// apply out of context. For f failures in a batch of B this costs at most
// 2·f·⌈log2 B⌉+1 syncs.
type isolation struct {
	api      API
	ctx      context.Context
	ops      []client.SyncOperation
	failures []*opFailure // by index into ops; nil = applied
	// firstFailure maps a login key to the index of its first failed op.
	firstFailure map[string]int
	syncs        int
}

// isolate sends ops and returns, per operation, nil when it was applied or
// why it was not.
func isolate(ctx context.Context, api API, ops []client.SyncOperation) (failures []*opFailure, syncs int) {
	iso := &isolation{
		api:          api,
		ctx:          ctx,
		ops:          ops,
		failures:     make([]*opFailure, len(ops)),
		firstFailure: map[string]int{},
	}
	all := make([]int, len(ops))
	for i := range all {
		all[i] = i
	}
	iso.send(all)
	return iso.failures, iso.syncs
}

// send syncs the operations at the given indices (ascending).
func (iso *isolation) send(indices []int) {
	var live []int
	for _, i := range indices {
		if first, failed := iso.firstFailure[client.LoginKey(iso.ops[i].UserLoginID)]; failed && first < i {
			earlier := iso.ops[first]
			iso.fail(i, &opFailure{rejected: true, reason: fmt.Sprintf(
				"not applied because the earlier %s of %s in the same batch failed", earlier.Method, earlier.UserLoginID)})
			continue
		}
		live = append(live, i)
	}
	if len(live) == 0 {
		return
	}
	batch := make([]client.SyncOperation, len(live))
	for j, i := range live {
		batch[j] = iso.ops[i]
	}
	iso.syncs++
	err := iso.api.TrySync(iso.ctx, batch)
	if err == nil {
		return
	}
	var syncErr *client.SyncError
	if !errors.As(err, &syncErr) {
		for _, i := range live {
			iso.fail(i, &opFailure{err: err})
		}
		return
	}
	if len(live) == 1 {
		iso.fail(live[0], &opFailure{rejected: true, reason: syncErr.Reason})
		return
	}
	if syncErr.Index >= 0 && syncErr.Index < len(live) {
		iso.fail(live[syncErr.Index], &opFailure{rejected: true, reason: syncErr.Reason})
		rest := append(live[:syncErr.Index:syncErr.Index], live[syncErr.Index+1:]...)
		iso.send(rest)
		return
	}
	mid := len(live) / 2
	iso.send(live[:mid])
	iso.send(live[mid:])
}

func (iso *isolation) fail(i int, f *opFailure) {
	iso.failures[i] = f
	k := client.LoginKey(iso.ops[i].UserLoginID)
	if first, ok := iso.firstFailure[k]; !ok || i < first {
		iso.firstFailure[k] = i
	}
}
