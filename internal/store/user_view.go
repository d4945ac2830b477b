package store

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// userView is the store's read side: the user snapshot, no older than this
// process's writes to what a read asks for. The Store reads through read
// (needOf: how new), records each finished batch with landed, and confirms
// a miss with relist and keep; the other methods run under mu. The stamps
// of the lists and the batches come from one replayLog.
type userView struct {
	list func(ctx context.Context) ([]client.User, error)
	mode client.ExtensionsMode

	mu sync.Mutex
	// snap is nil until the first successful list; snap.gen is the stamp
	// of the list that produced it.
	snap   *snapshot
	writes replayLog[client.SyncOperation]
	// stale holds, by client.LoginKey, the stamp of the latest batch to each user
	// whose effect the snapshot could not be patched with (ADD, password
	// changes, failures, unknown outcomes), until a snapshot that new
	// arrives; "" holds the latest to any user. A read of one user waits
	// only for the writes to that user (see Store.User), so that the plan
	// Terraform makes of each create at apply does not wait for the
	// read-back of the batch before it.
	stale map[string]uint64
	// lists are the GET /users in flight, in the order they started;
	// next, when not nil, waits for one of them to end before it starts.
	// installed is closed, and replaced, whenever a list's answer becomes
	// the snapshot.
	lists     []*userList
	next      *userList
	installed chan struct{}
	// ext is what the user lists so far showed of the extension fields;
	// every snapshot is masked with it (see Store.Extensions).
	ext client.Extensions
}

func newUserView(list func(ctx context.Context) ([]client.User, error), mode client.ExtensionsMode) *userView {
	return &userView{list: list, mode: mode, stale: map[string]uint64{}, installed: make(chan struct{}), ext: client.DetectExtensions(mode, nil)}
}

// needOf is the stamp a snapshot must have for a read of loginID, or of
// every user for "": a sync changes only the users it names, so later
// writes to others do not make a snapshot stale for this one.
func (v *userView) needOf(loginID string) uint64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.stale[client.LoginKey(loginID)]
}

// read calls f, under v.mu, with a snapshot that reflects every write
// stamped up to need. Concurrent callers share a list in flight that
// started after their need, or else the next list (see listFor). A failed
// or malformed list is an error.
func (v *userView) read(ctx context.Context, need uint64, f func(*snapshot)) error {
	for {
		v.mu.Lock()
		if v.snap != nil && v.snap.gen >= need {
			if f != nil {
				f(v.snap)
			}
			v.mu.Unlock()
			return nil
		}
		l, installed := v.listFor(ctx, need), v.installed
		v.mu.Unlock()
		// Once l ends, v.snap is l's answer or a newer one: the loop ends
		// on its next turn, unless l failed. A newer list may answer first.
		if err := l.wait(ctx, installed); err != nil {
			return err
		}
	}
}

// extensions is what the lists so far showed of the extension fields.
func (v *userView) extensions() client.Extensions {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.ext
}

// landed records a finished batch, at once, so that the next batch's
// patches apply after this one's. The operations the server applied
// (applied(i)) patch the snapshot and the lists in flight when they tell
// everything; otherwise (ADD, password, unknown outcome, and any failure,
// whose explanation needs a fresh read) a read of the users the batch names
// needs a list started after it. It returns each operation's patch outcome
// and the stamp the batch's read-back needs, which one list, shared by
// concurrent readers and earlier batches, serves.
func (v *userView) landed(ops []client.SyncOperation, applied func(i int) bool) (outcomes []patchOutcome, need uint64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	outcomes = make([]patchOutcome, len(ops))
	var logged []client.SyncOperation
	stale := false
	for i, op := range ops {
		if !applied(i) {
			stale = true
			continue
		}
		outcomes[i] = v.snap.patch(op)
		stale = stale || outcomes[i] == patchUnknown
		if !op.NeedsReadBack() { // its stamp makes the lists in flight too old anyway
			logged = append(logged, op)
		}
	}
	at := v.writes.record(logged...)
	if stale {
		v.stale[""] = at
		for _, op := range ops {
			v.stale[client.LoginKey(op.UserLoginID)] = at
		}
	}
	return outcomes, v.stale[""]
}

// keep masks u, a user a lookup missed and the server then showed, and
// adds it to the snapshot unless a newer answer holds it already; it
// returns a copy.
func (v *userView) keep(u *client.User) *client.User {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.ext.Mask(u)
	if _, ok := v.snap.byLogin[client.LoginKey(u.UserID)]; !ok {
		v.snap.byLogin[client.LoginKey(u.UserID)] = *cloneUser(*u)
	}
	return cloneUser(*u)
}

// relist replaces missed, the snapshot a lookup missed in, by a fresh list
// marked confirmed, shared by every miss of it, unless a newer snapshot
// arrived meanwhile.
func (v *userView) relist(ctx context.Context, missed *snapshot) error {
	v.mu.Lock()
	if v.snap != missed {
		v.mu.Unlock()
		return nil
	}
	// Confirmations are rare (one per snapshot a managed user was missing
	// from), so they do not count against maxListsInFlight.
	i := slices.IndexFunc(v.lists, func(l *userList) bool { return l.confirms == missed })
	if i < 0 {
		i = v.start(newUserList(ctx, missed))
	}
	l, installed := v.lists[i], v.installed
	v.mu.Unlock()
	return l.wait(ctx, installed)
}

// userList is one GET /users, in flight or next to start. Its answer
// replays the patches stamped after its start, and becomes the snapshot
// unless a list that started after it did first: snapshots only get newer.
type userList struct {
	start    uint64    // its stamp: the answer reflects every write stamped before
	confirms *snapshot // the snapshot whose miss it confirms (ManagedUser); nil: for freshness
	// ctx is the first caller's, detached from its cancellation, because
	// other callers may join the list; its values (tflog fields) are kept.
	ctx  context.Context
	done chan struct{}
	err  error // set before done is closed
}

func newUserList(ctx context.Context, confirms *snapshot) *userList {
	return &userList{confirms: confirms, ctx: context.WithoutCancel(ctx), done: make(chan struct{})}
}

// wait returns once the list has ended, or installed (userView.installed,
// taken under its mu with l) is closed by a list that answered before it,
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

// maxListsInFlight caps the lists in flight, each a whole GET /users. More
// than one: a batch whose sync ends while a list is in flight needs a list
// that starts after its write, and waiting for the one in flight would hold
// its Terraform slots for two round trips instead of one. Four: as many as
// the batcher has syncs in flight, so that batches rarely wait. A read-back
// that finds the cap reached joins the next list, which starts when one in
// flight ends and serves every read-back waiting by then.
const maxListsInFlight = 4

// listFor returns a list, in flight or next, that reflects every write
// stamped up to need: the one in flight that started first (it answers
// first), else the next list, which starts as soon as fewer than
// maxListsInFlight are in flight.
func (v *userView) listFor(ctx context.Context, need uint64) *userList {
	for _, l := range v.lists {
		if l.start >= need {
			return l
		}
	}
	l := v.next
	if l == nil {
		l = newUserList(ctx, nil)
		v.next = l
		v.startNext()
	}
	return l
}

// startNext starts the next list if there is one and the cap allows.
func (v *userView) startNext() {
	running := 0
	for _, l := range v.lists {
		if l.confirms == nil {
			running++
		}
	}
	if v.next != nil && running < maxListsInFlight {
		v.start(v.next)
		v.next = nil
	}
}

// start starts l and returns its index in v.lists.
func (v *userView) start(l *userList) int {
	l.start = v.writes.begin()
	v.lists = append(v.lists, l)
	go v.run(l)
	return len(v.lists) - 1
}

func (v *userView) run(l *userList) {
	users, err := v.list(l.ctx)
	v.mu.Lock()
	v.lists = slices.DeleteFunc(v.lists, func(x *userList) bool { return x == l })
	replay := v.writes.end(l.start)
	if err == nil {
		err = v.install(l, users, replay)
	}
	l.err = err
	v.startNext()
	v.mu.Unlock()
	close(l.done)
}

// install makes the answer of l, with replay applied, the snapshot, unless
// a list that started after l was installed first.
func (v *userView) install(l *userList, users []client.User, replay []client.SyncOperation) error {
	v.ext = v.ext.Merge(client.DetectExtensions(v.mode, users))
	for i := range users {
		v.ext.Mask(&users[i])
	}
	snap, err := newSnapshot(users, l.start)
	if err != nil {
		return err
	}
	if v.snap != nil && v.snap.gen > l.start {
		return nil
	}
	snap.confirmed = l.confirms != nil
	for _, op := range replay {
		snap.patch(op)
	}
	v.snap = snap
	close(v.installed)
	v.installed = make(chan struct{})
	maps.DeleteFunc(v.stale, func(_ string, at uint64) bool { return at <= snap.gen })
	return nil
}
