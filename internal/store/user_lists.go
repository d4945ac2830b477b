package store

import (
	"context"
	"slices"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// userList is one GET /users, in flight or next to start. Up to
// maxListsInFlight may be in flight at once: a batch whose sync ends while
// a list is in flight needs a list that starts after its write, and waiting
// for the one in flight to end first would hold its Terraform slots for two
// round trips instead of one. Each list keeps its own log of the patches
// made while it is in flight, and the snapshot it produces is installed
// only if no list that started after it was installed first, so snapshots
// only ever get newer.
type userList struct {
	// seq orders the lists by when they started.
	seq uint64
	// gen is Store.writeGen when the list started: its answer reflects
	// every write completed before.
	gen uint64
	// confirms is the snapshot whose miss this list was started to confirm
	// (ManagedUser); nil for a list started for freshness.
	confirms *snapshot
	// pending holds the patches made while the list is in flight, replayed
	// on its answer, because the server may have answered before applying
	// the patched write.
	pending []client.SyncOperation
	// ctx is what the list runs under: the first caller's, detached from
	// its cancellation, because other callers may join the list; the
	// caller's values (tflog fields) are kept.
	ctx  context.Context
	done chan struct{}
	err  error // set before done is closed
}

func newUserList(ctx context.Context, confirms *snapshot) *userList {
	return &userList{confirms: confirms, ctx: context.WithoutCancel(ctx), done: make(chan struct{})}
}

// wait returns once the list has ended, or installed (Store.installed,
// taken under Store.mu with l) is closed by a list that answered before it,
// or ctx ends. It returns l's error only if l ended.
func (l *userList) wait(ctx context.Context, installed <-chan struct{}) error {
	select {
	case <-l.done:
		return l.err
	case <-installed:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// maxListsInFlight caps the lists in flight: each is a whole GET /users,
// and without batching every operation's read-back would be one. A read-back
// that finds the cap reached joins the next list, which starts when one in
// flight ends and serves every read-back waiting by then. Four: as many as
// the batcher has syncs in flight, so that batches rarely wait.
const maxListsInFlight = 4

// listForLocked returns a list, in flight or next, that reflects every
// write counted up to need: the one in flight that started first (it
// answers first), else the next list, which starts as soon as fewer than
// maxListsInFlight are in flight.
func (s *Store) listForLocked(ctx context.Context, need uint64) *userList {
	for _, l := range s.lists {
		if l.gen >= need {
			return l
		}
	}
	l := s.nextList
	if l == nil {
		l = newUserList(ctx, nil)
		s.nextList = l
		s.startNextListLocked()
	}
	return l
}

// startNextListLocked starts the next list if there is one and the cap
// allows.
func (s *Store) startNextListLocked() {
	if s.nextList == nil || s.runningLists() >= maxListsInFlight {
		return
	}
	l := s.nextList
	s.nextList = nil
	s.startListLocked(l)
}

func (s *Store) runningLists() int {
	n := 0
	for _, l := range s.lists {
		if l.confirms == nil {
			n++
		}
	}
	return n
}

// confirmationLocked returns the list in flight that confirms missed, or
// starts one at once: confirmations are rare (one per snapshot a managed
// user was missing from), so they do not count against maxListsInFlight.
func (s *Store) confirmationLocked(ctx context.Context, missed *snapshot) *userList {
	for _, l := range s.lists {
		if l.confirms == missed {
			return l
		}
	}
	l := newUserList(ctx, missed)
	s.startListLocked(l)
	return l
}

// startListLocked starts l, as of the current writeGen.
func (s *Store) startListLocked(l *userList) {
	s.listSeq++
	l.seq, l.gen = s.listSeq, s.writeGen
	s.lists = append(s.lists, l)
	go s.runList(l)
}

func (s *Store) runList(l *userList) {
	users, err := s.api.ListUsers(l.ctx)
	s.mu.Lock()
	s.lists = slices.DeleteFunc(s.lists, func(x *userList) bool { return x == l })
	if err == nil {
		err = s.installLocked(l, users)
	}
	l.err = err
	s.startNextListLocked()
	s.mu.Unlock()
	close(l.done)
}

// installLocked makes the answer of l the snapshot, unless a list that
// started after l was installed first.
func (s *Store) installLocked(l *userList, users []client.User) error {
	s.ext = s.ext.Merge(client.DetectExtensions(s.opts.Extensions, users))
	for i := range users {
		s.ext.Mask(&users[i])
	}
	snap, err := newSnapshot(users, l.gen)
	if err != nil {
		return err
	}
	if s.snap != nil && s.snap.seq > l.seq {
		return nil
	}
	snap.seq = l.seq
	snap.confirmed = l.confirms != nil
	// Patches are idempotent, so applying one the answer already reflects
	// is right too.
	for _, op := range l.pending {
		snap.patch(op)
	}
	s.snap = snap
	close(s.installed)
	s.installed = make(chan struct{})
	for k, g := range s.userGen {
		if g <= snap.gen {
			delete(s.userGen, k)
		}
	}
	return nil
}

// notePatchLocked remembers an applied operation for the answers of the
// lists in flight.
func (s *Store) notePatchLocked(op client.SyncOperation) {
	if op.NeedsReadBack() {
		return // it advanced writeGen: no list in flight can serve it
	}
	for _, l := range s.lists {
		l.pending = append(l.pending, op)
	}
}
