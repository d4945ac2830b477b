package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// The store's writes: what Apply answers and reads afterwards see. Every
// test runs in a synctest bubble, so batch windows pass on a fake clock and
// request counts are exact.

func TestApplyAddReturnsServerAssignedFieldsWithOneListPerBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI("svc-a")
		s := New(api, Options{BatchWindow: 50 * time.Millisecond})
		mustUser(t, s, "svc-a") // the plan's snapshot

		ops := make([]client.SyncOperation, 10)
		for i := range ops {
			ops[i] = addOp(fmt.Sprintf("new-%d", i))
		}
		outcomes := applyConcurrently(t, s, ops)
		for i, o := range outcomes {
			if o.err != nil {
				t.Fatalf("Apply(ADD new-%d): %v", i, o.err)
			}
			if o.user.Key == 0 || o.user.PasswordChangedAt == nil || o.user.UserID != ops[i].UserLoginID {
				t.Errorf("Apply(ADD new-%d) = %+v; want the server's key and passwordChangedAt", i, o.user)
			}
		}
		if n := api.count("TrySync"); n != 1 {
			t.Fatalf("TrySync called %d times, want 1 batch", n)
		}
		if n := api.count("ListUsers"); n != 2 {
			t.Errorf("ListUsers called %d times, want 2 (the plan's and one for the batch)", n)
		}
		// Readers after the batch are served by the batch's read-back.
		for _, op := range ops {
			if u := mustUser(t, s, op.UserLoginID); u.Key == 0 {
				t.Errorf("User(%s) has no key", op.UserLoginID)
			}
		}
		if n := api.count("ListUsers"); n != 2 {
			t.Errorf("ListUsers called %d times after reading the new users, want still 2", n)
		}
	})
}

func TestApplyModifyPatchesWithoutList(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI("svc-a")
		s := New(api, Options{})
		mustUser(t, s, "svc-a")

		op := modifyOp("SVC-A", "Renamed")
		op.Description = ptr("billing export")
		op.BranchIDs = client.BranchIDs{103, 102}
		got, err := s.Apply(t.Context(), op)
		if err != nil {
			t.Fatal(err)
		}
		if got.FirstName != "Renamed" || got.LastName != "Last" || got.Description == nil || *got.Description != "billing export" ||
			!slices.Equal(got.BranchIDs, client.BranchIDs{102, 103}) {
			t.Errorf("Apply(MODIFY) = %+v; want the patched user", got)
		}
		if u := mustUser(t, s, "svc-a"); u.FirstName != "Renamed" {
			t.Errorf("User() after MODIFY has FirstName %q", u.FirstName)
		}
		if n := api.count("ListUsers"); n != 1 {
			t.Errorf("ListUsers called %d times, want 1: a MODIFY patches the snapshot", n)
		}

		// A password change is decided by the server (passwordChangedAt): read back.
		pw := modifyOp("svc-a", "Renamed")
		pw.UserPassword = ptr("Other-Passw0rd")
		got, err = s.Apply(t.Context(), pw)
		if err != nil || got.PasswordChangedAt == nil {
			t.Fatalf("Apply(MODIFY password) = %+v, %v; want passwordChangedAt", got, err)
		}
		if n := api.count("ListUsers"); n != 2 {
			t.Errorf("ListUsers called %d times, want 2 after a password change", n)
		}
	})
}

func TestApplyDeleteRemovesUserAndCascades(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI("svc-a", "svc-b")
		api.roles["api_default"]["svc-a"] = true
		api.privileges["badges"]["svc-a"] = []string{"access_producer"}
		s := New(api, Options{})
		mustUser(t, s, "svc-a")
		if held, err := s.HasRole(t.Context(), "api_default", "svc-a"); err != nil || !held {
			t.Fatalf("HasRole before delete = %v, %v", held, err)
		}
		if _, found, err := s.ProjectPrivileges(t.Context(), "badges", "svc-a"); err != nil || !found {
			t.Fatalf("ProjectPrivileges before delete = %v, %v", found, err)
		}

		if u, err := s.Apply(t.Context(), deleteOp("svc-a")); err != nil || u != nil {
			t.Fatalf("Apply(DELETE) = %v, %v; want nil, nil", u, err)
		}
		if _, found, err := s.User(t.Context(), "svc-a"); err != nil || found {
			t.Errorf("User after DELETE = found %v, %v", found, err)
		}
		if held, err := s.HasRole(t.Context(), "api_default", "svc-a"); err != nil || held {
			t.Errorf("HasRole after DELETE = %v, %v; want false", held, err)
		}
		if _, found, err := s.ProjectPrivileges(t.Context(), "badges", "svc-a"); err != nil || found {
			t.Errorf("ProjectPrivileges after DELETE = found %v, %v; want none", found, err)
		}
		for method, want := range map[string]int{"ListUsers": 1, "ListRoleUsers": 1, "ListProjectPrivileges": 1} {
			if n := api.count(method); n != want {
				t.Errorf("%s called %d times, want %d", method, n, want)
			}
		}

		// DELETE with branches removes only those branches while others remain.
		api.mu.Lock()
		u := api.users["svc-b"]
		u.BranchIDs = client.BranchIDs{101, 102}
		api.users["svc-b"] = u
		api.mu.Unlock()
		s2 := New(api, Options{})
		mustUser(t, s2, "svc-b")
		partial := deleteOp("svc-b")
		partial.BranchIDs = client.BranchIDs{101}
		if _, err := s2.Apply(t.Context(), partial); err != nil {
			t.Fatal(err)
		}
		if got := mustUser(t, s2, "svc-b"); !slices.Equal(got.BranchIDs, client.BranchIDs{102}) {
			t.Errorf("after DELETE of branch 101, branches = %v, want [102]", got.BranchIDs)
		}
	})
}

func TestApplyCancelledBeforeSendIsWithdrawn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		s := New(api, Options{BatchWindow: time.Hour, MaxBatchSize: 2})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { _, err := s.Apply(ctx, addOp("svc-gone")); done <- err }()
		synctest.Wait()
		if n := s.queued(); n != 1 {
			t.Fatalf("%d operations queued, want 1", n)
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("Apply with a cancelled ctx = %v, want context.Canceled", err)
		}
		// The next two fill a batch; the withdrawn one is not in it.
		for _, o := range applyConcurrently(t, s, []client.SyncOperation{addOp("svc-1"), addOp("svc-2")}) {
			if o.err != nil {
				t.Fatal(o.err)
			}
		}
		if _, found, err := s.User(t.Context(), "svc-gone"); err != nil || found {
			t.Errorf("withdrawn operation was applied (found %v, err %v)", found, err)
		}
	})
}

func TestBatchInFlightSurvivesMemberCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.listGate = make(chan struct{}) // hold the batch's read-back
		s := New(api, Options{BatchWindow: 20 * time.Millisecond})
		ctx, cancel := context.WithCancel(t.Context())
		first := make(chan error, 1)
		second := make(chan applyOutcome, 1)
		go func() { _, err := s.Apply(ctx, addOp("svc-1")); first <- err }()
		synctest.Wait()
		go func() { u, err := s.Apply(t.Context(), addOp("svc-2")); second <- applyOutcome{u, err} }()
		time.Sleep(20 * time.Millisecond) // the idle window after the second joined
		synctest.Wait()
		if n := api.count("ListUsers"); n != 1 || api.count("TrySync") != 1 {
			t.Fatalf("ListUsers called %d times, TrySync %d; want the batch synced and reading back", n, api.count("TrySync"))
		}
		cancel()
		close(api.listGate)
		// Its operation was sent: the cancelled member still gets the outcome,
		// so that an interrupted terraform records the user it created.
		if err := <-first; err != nil {
			t.Errorf("cancelled member whose operation was sent got %v, want its outcome", err)
		}
		if o := <-second; o.err != nil || o.user == nil {
			t.Errorf("the other member got %v, %v; want its user", o.user, o.err)
		}
		if n := api.count("TrySync"); n != 1 {
			t.Errorf("TrySync called %d times, want 1", n)
		}
	})
}

// slowAPI is fakeAPI answering syncs after syncTime and lists after
// listTime (or, while there are any, the next of listTimes), on the
// bubble's fake clock. A list reads the state when it arrives. It records
// the most lists in flight at once.
type slowAPI struct {
	*fakeAPI
	syncTime, listTime time.Duration
	listTimes          []time.Duration

	mu                 sync.Mutex // never held while sleeping
	listing, mostLists int
}

func (a *slowAPI) TrySync(ctx context.Context, ops []client.SyncOperation) error {
	time.Sleep(a.syncTime)
	return a.fakeAPI.TrySync(ctx, ops)
}

func (a *slowAPI) ListUsers(ctx context.Context) ([]client.User, error) {
	a.mu.Lock()
	d := a.listTime
	if len(a.listTimes) > 0 {
		d, a.listTimes = a.listTimes[0], a.listTimes[1:]
	}
	a.listing++
	a.mostLists = max(a.mostLists, a.listing)
	a.mu.Unlock()
	users, err := a.fakeAPI.ListUsers(ctx)
	time.Sleep(d)
	a.mu.Lock()
	a.listing--
	a.mu.Unlock()
	return users, err
}

// TestConcurrentApplyJoinsBatches: operations that join at once go in
// batches of MaxBatchSize, four syncs at a time; each round's read-back runs
// beside the next round's syncs instead of before them.
func TestConcurrentApplyJoinsBatches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, size, roundTrip = 50, 10, 50 * time.Millisecond
		api := &slowAPI{fakeAPI: newFakeAPI(), syncTime: roundTrip, listTime: roundTrip}
		s := New(api, Options{BatchWindow: 100 * time.Millisecond, MaxBatchSize: size})
		start := time.Now()
		for i, o := range applyConcurrently(t, s, usersToAdd(n)) {
			if o.err != nil {
				t.Errorf("Apply(svc-%03d): %v", i, o.err)
			}
		}
		if syncs := api.count("TrySync"); syncs != n/size {
			t.Errorf("%d concurrent operations took %d syncs, want %d", n, syncs, n/size)
		}
		api.mu.Lock()
		for _, b := range api.batches {
			if len(b) != size {
				t.Errorf("a batch held %d operations, want MaxBatchSize %d", len(b), size)
			}
		}
		api.mu.Unlock()
		// Syncs 1 to 4, then 5, a round trip each, and sync 5 ends as the
		// first round's lists do. The four syncs of the first round end at
		// the same instant: those that record their results before a list
		// starts share it, the others start their own. So 2 to 5 lists, never
		// more than one per batch, and 3 round trips in all, not the ten of
		// one batch at a time with a read-back before each next sync.
		if lists := api.count("ListUsers"); lists < 2 || lists > n/size {
			t.Errorf("ListUsers called %d times for %d syncs in 2 rounds, want 2 to %d", lists, n/size, n/size)
		}
		if took := time.Since(start); took != 3*roundTrip {
			t.Errorf("%d operations took %s, want %s", n, took, 3*roundTrip)
		}
	})
}

// TestReadBackDoesNotWaitForAListInFlight: a batch whose sync ends while
// the read-back of the batch before is in flight needs a list that starts
// after its write; it starts one at once rather than after that list ends,
// so each batch holds its Terraform slots for one list, not two.
func TestReadBackDoesNotWaitForAListInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const roundTrip = 40 * time.Millisecond
		api := &slowAPI{fakeAPI: newFakeAPI(), syncTime: roundTrip, listTime: roundTrip * 5 / 2}
		s := New(api, Options{BatchWindow: time.Hour, MaxBatchSize: 8})
		start := time.Now()
		var first []applyOutcome
		var wg sync.WaitGroup
		ops := usersToAdd(16)
		wg.Go(func() { first = applyConcurrently(t, s, ops[:8]) })
		// Sync 1 ends and its list starts; then sync 2 runs and ends while
		// that list is in flight.
		time.Sleep(roundTrip + time.Millisecond)
		second := applyConcurrently(t, s, ops[8:])
		if took, want := time.Since(start), roundTrip+time.Millisecond+roundTrip+api.listTime; took != want {
			t.Errorf("the second batch was answered after %s, want %s (its sync and one list after the first sync)", took, want)
		}
		wg.Wait()
		for i, o := range append(first, second...) {
			if o.err != nil || o.user == nil || o.user.Key == 0 {
				t.Errorf("Apply(svc-%03d) = %v, %v; want the created user", i, o.user, o.err)
			}
		}
		if syncs, lists := api.count("TrySync"), api.count("ListUsers"); syncs != 2 || lists != 2 {
			t.Errorf("2 batches took %d syncs and %d lists, want 2 and 2", syncs, lists)
		}
	})
}

// TestNoReadOlderThanTheLastWrite: a list that started before a batch's
// sync ended never serves a read of that batch's users after it, though it
// answers first: the reader waits for a list that started later.
func TestNoReadOlderThanTheLastWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const roundTrip = 40 * time.Millisecond
		api := &slowAPI{fakeAPI: newFakeAPI(), syncTime: roundTrip, listTime: 3 * roundTrip}
		s := New(api, Options{BatchWindow: time.Hour, MaxBatchSize: 1})
		first := make(chan applyOutcome, 1)
		go func() { u, err := s.Apply(t.Context(), addOp("svc-first")); first <- applyOutcome{u, err} }()
		// The first sync ends and its list starts; then the second sync
		// runs and ends while that list is in flight, and its own list
		// starts.
		time.Sleep(roundTrip + time.Millisecond)
		second := make(chan applyOutcome, 1)
		go func() { u, err := s.Apply(t.Context(), addOp("svc-second")); second <- applyOutcome{u, err} }()
		time.Sleep(roundTrip + time.Millisecond)
		synctest.Wait()
		if syncs, lists := api.count("TrySync"), api.count("ListUsers"); syncs != 2 || lists != 2 {
			t.Fatalf("%d syncs and %d lists, want both syncs done and both lists in flight", syncs, lists)
		}
		readAt := time.Now()
		u, found, err := s.User(t.Context(), "svc-second")
		if err != nil || !found || u.Key == 0 {
			t.Fatalf("User(svc-second) after its sync = %v, found %v, %v; want the created user", u, found, err)
		}
		// The first list answers 1 ms later without svc-second; the read
		// waits for the second list, which started 1 ms ago.
		if waited := time.Since(readAt); waited != api.listTime-time.Millisecond {
			t.Errorf("User(svc-second) waited %s, want %s: until the list started after the second sync", waited, api.listTime-time.Millisecond)
		}
		if lists := api.count("ListUsers"); lists != 2 {
			t.Errorf("ListUsers called %d times, want 2", lists)
		}
		for _, ch := range []chan applyOutcome{first, second} {
			if o := <-ch; o.err != nil || o.user == nil || o.user.Key == 0 {
				t.Errorf("Apply = %v, %v; want the created user", o.user, o.err)
			}
		}
	})
}

// TestUserReadWaitsOnlyForWritesToThatUser: while a batch's read-back is in
// flight, a read of a user the batch did not write is served by the
// snapshot at once (it reflects every write to that user), a read of one it
// wrote waits for the read-back, and a read of all users waits too.
// Terraform re-plans each create at apply, and that plan reads its login
// id: without this, every plan waited for the batch before it.
func TestUserReadWaitsOnlyForWritesToThatUser(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const roundTrip = 40 * time.Millisecond
		api := &slowAPI{fakeAPI: newFakeAPI("svc-other"), syncTime: roundTrip, listTime: roundTrip}
		s := New(api, Options{BatchWindow: time.Millisecond})
		mustUser(t, s, "admin") // the snapshot, one round trip
		done := make(chan applyOutcome, 1)
		go func() { u, err := s.Apply(t.Context(), addOp("svc-new")); done <- applyOutcome{u, err} }()
		time.Sleep(time.Millisecond + roundTrip + time.Millisecond) // window, sync: its list is in flight
		start := time.Now()
		if u, found, err := s.User(t.Context(), "SVC-OTHER"); err != nil || !found || u.UserID != "svc-other" {
			t.Fatalf("User(svc-other) = %v, %v, %v", u, found, err)
		}
		if waited := time.Since(start); waited != 0 {
			t.Errorf("a read of a user no write touched waited %s for the read-back", waited)
		}
		if u, found, err := s.User(t.Context(), "svc-new"); err != nil || !found || u.Key == 0 {
			t.Fatalf("User(svc-new) = %v, %v, %v; want the created user", u, found, err)
		}
		if waited := time.Since(start); waited != roundTrip-time.Millisecond {
			t.Errorf("the read of the user just created waited %s, want the rest of its read-back", waited)
		}
		if o := <-done; o.err != nil || o.user == nil {
			t.Fatalf("Apply = %v, %v", o.user, o.err)
		}
		// A second write's read-back in flight: every user must wait.
		go func() { u, err := s.Apply(t.Context(), addOp("svc-newer")); done <- applyOutcome{u, err} }()
		for api.count("TrySync") < 2 { // its idle window follows the gaps between joins
			time.Sleep(time.Millisecond)
		}
		start = time.Now()
		users, err := s.Users(t.Context())
		if err != nil || !slices.ContainsFunc(users, func(u client.User) bool { return u.UserID == "svc-newer" }) {
			t.Fatalf("Users() = %d users, %v; want svc-newer among them", len(users), err)
		}
		if waited := time.Since(start); waited == 0 {
			t.Error("the read of all users did not wait for the read-back")
		}
		<-done
		if lists := api.count("ListUsers"); lists != 3 {
			t.Errorf("ListUsers called %d times, want 3 (the first read and one read-back per write)", lists)
		}
	})
}

func TestDisableBatchingSendsEachOperationAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		s := New(api, Options{DisableBatching: true})
		ops := usersToAdd(20)
		for i, o := range applyConcurrently(t, s, ops) {
			if o.err != nil || o.user == nil || o.user.Key == 0 {
				t.Errorf("Apply(%s) = %v, %v", ops[i].UserLoginID, o.user, o.err)
			}
		}
		if n := api.count("TrySync"); n != 20 {
			t.Errorf("TrySync called %d times, want 20", n)
		}
	})
}
