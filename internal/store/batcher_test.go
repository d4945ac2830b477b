package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestApplyAddReturnsServerAssignedFieldsWithOneListPerBatch(t *testing.T) {
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
}

func TestApplyModifyPatchesWithoutList(t *testing.T) {
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
}

func TestApplyDeleteRemovesUserAndCascades(t *testing.T) {
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
}

func TestConcurrentApplyJoinsBatches(t *testing.T) {
	const n, size = 50, 10
	api := newFakeAPI()
	s := New(api, Options{BatchWindow: 100 * time.Millisecond, MaxBatchSize: size})
	ops := make([]client.SyncOperation, n)
	for i := range ops {
		ops[i] = addOp(fmt.Sprintf("svc-%02d", i))
	}
	for i, o := range applyConcurrently(t, s, ops) {
		if o.err != nil {
			t.Errorf("Apply(%s): %v", ops[i].UserLoginID, o.err)
		}
	}
	syncs := api.count("TrySync")
	if syncs > n/size+1 {
		t.Errorf("%d concurrent operations took %d syncs, want at most %d", n, syncs, n/size+1)
	}
	api.mu.Lock()
	for _, b := range api.batches {
		if len(b) > size {
			t.Errorf("a batch held %d operations, more than MaxBatchSize %d", len(b), size)
		}
	}
	api.mu.Unlock()
	if lists := api.count("ListUsers"); lists > syncs {
		t.Errorf("ListUsers called %d times for %d batches, want at most one per batch", lists, syncs)
	}
}

// TestWaveAsLargeAsTheLastGoesWithoutWaitingTheWindow: Terraform starts the
// operations of a wave some milliseconds apart. Once a batch holds as many
// operations as the previous wave had, no more are coming until some finish,
// so the batch goes at once instead of waiting out the idle window.
func TestWaveAsLargeAsTheLastGoesWithoutWaitingTheWindow(t *testing.T) {
	const window = 3 * time.Second
	api := newFakeAPI()
	s := New(api, Options{BatchWindow: window})
	wave := func(prefix string) []client.SyncOperation {
		return []client.SyncOperation{addOp(prefix + "-1"), addOp(prefix + "-2"), addOp(prefix + "-3"), addOp(prefix + "-4")}
	}
	// The first wave has no earlier one to go by: it waits the window.
	for _, o := range applyConcurrently(t, s, wave("first")) {
		if o.err != nil {
			t.Fatal(o.err)
		}
	}
	if n := api.count("TrySync"); n != 1 {
		t.Fatalf("first wave took %d syncs, want 1", n)
	}
	// The second wave's four operations go as soon as all four joined: well
	// before the window could end.
	start := time.Now()
	for _, o := range applyConcurrently(t, s, wave("second")) {
		if o.err != nil {
			t.Fatal(o.err)
		}
	}
	if n := api.count("TrySync"); n != 2 {
		t.Fatalf("two waves took %d syncs, want 2", n)
	}
	if waited := time.Since(start); waited >= window {
		t.Errorf("second wave took %s: it waited out the %s window although it was complete", waited, window)
	}
}

func TestDisableBatchingSendsEachOperationAlone(t *testing.T) {
	api := newFakeAPI()
	s := New(api, Options{DisableBatching: true})
	ops := make([]client.SyncOperation, 20)
	for i := range ops {
		ops[i] = addOp(fmt.Sprintf("svc-%02d", i))
	}
	for i, o := range applyConcurrently(t, s, ops) {
		if o.err != nil || o.user == nil || o.user.Key == 0 {
			t.Errorf("Apply(%s) = %v, %v", ops[i].UserLoginID, o.user, o.err)
		}
	}
	if n := api.count("TrySync"); n != 20 {
		t.Errorf("TrySync called %d times, want 20", n)
	}
}

func TestApplyCancelledBeforeSendIsWithdrawn(t *testing.T) {
	api := newFakeAPI()
	s := New(api, Options{BatchWindow: time.Hour, MaxBatchSize: 2})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := s.Apply(ctx, addOp("svc-gone")); done <- err }()
	waitFor(t, func() bool { return s.queued() == 1 })
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
}

func TestBatchInFlightSurvivesMemberCancellation(t *testing.T) {
	api := newFakeAPI()
	api.listGate = make(chan struct{}) // hold the batch's read-back
	s := New(api, Options{BatchWindow: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(t.Context())
	first := make(chan error, 1)
	second := make(chan applyOutcome, 1)
	go func() { _, err := s.Apply(ctx, addOp("svc-1")); first <- err }()
	waitFor(t, func() bool { return s.queued() == 1 })
	go func() { u, err := s.Apply(t.Context(), addOp("svc-2")); second <- applyOutcome{u, err} }()
	waitFor(t, func() bool { return api.count("ListUsers") == 1 }) // synced, reading back
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
}

// applyLikeTerraform applies ops the way Terraform's apply walk does: at
// most parallelism at once, each started only when an earlier one returned,
// and started one after another, gap(i) apart (Terraform evaluates and plans
// each in turn before calling the provider). It fails t on any error.
func applyLikeTerraform(t *testing.T, s *Store, ops []client.SyncOperation, parallelism int, gap func(i int) time.Duration) {
	t.Helper()
	slots := make(chan struct{}, parallelism)
	var core sync.Mutex // Terraform's own work on one operation at a time
	var wg sync.WaitGroup
	for i, op := range ops {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			core.Lock()
			time.Sleep(gap(i))
			core.Unlock()
			if _, err := s.Apply(t.Context(), op); err != nil {
				t.Errorf("Apply(%s): %v", op.UserLoginID, err)
			}
		})
	}
	wg.Wait()
}

func usersToAdd(n int) []client.SyncOperation {
	ops := make([]client.SyncOperation, n)
	for i := range ops {
		ops[i] = addOp(fmt.Sprintf("svc-%03d", i))
	}
	return ops
}

// TestWavesStayWholeWhenTerraformSlowsDown: as Terraform's state grows it
// starts operations further apart (measured: a median gap of 6 ms in the
// first third of 1000 creates, 32 ms in the last), here from a quarter of
// the configured window to three times it. A fixed idle window would send
// the later operations alone; the window follows the gaps, so each wave of
// -parallelism operations stays one sync.
func TestWavesStayWholeWhenTerraformSlowsDown(t *testing.T) {
	const n, parallelism = 40, 5
	api := newFakeAPI()
	s := New(api, Options{BatchWindow: 20 * time.Millisecond})
	applyLikeTerraform(t, s, usersToAdd(n), parallelism, func(i int) time.Duration {
		return 5*time.Millisecond + time.Duration(i)*1500*time.Microsecond
	})
	// Two more than a sync per wave, for a machine that stalls a goroutine.
	if syncs, most := api.count("TrySync"), n/parallelism+2; syncs > most {
		t.Errorf("%d operations at parallelism %d took %d syncs, want at most %d", n, parallelism, syncs, most)
	}
}

// TestSplitWaveIsWholeAgainAtTheNext: one long pause splits a wave; the
// operations that follow it and those that replace the first part's join
// into one whole wave again, because the wave size learnt before is kept.
func TestSplitWaveIsWholeAgainAtTheNext(t *testing.T) {
	const n, parallelism = 40, 5
	api := newFakeAPI()
	s := New(api, Options{BatchWindow: 20 * time.Millisecond})
	applyLikeTerraform(t, s, usersToAdd(n), parallelism, func(i int) time.Duration {
		if i == 17 {
			return 400 * time.Millisecond // longer than the window can grow to from 5 ms gaps
		}
		return 5 * time.Millisecond
	})
	if syncs, most := api.count("TrySync"), n/parallelism+2; syncs > most {
		t.Errorf("%d operations at parallelism %d with one pause took %d syncs, want at most %d", n, parallelism, syncs, most)
	}
	s.batches.mu.Lock()
	wave := s.batches.wave
	s.batches.mu.Unlock()
	if wave != parallelism {
		t.Errorf("learnt a wave of %d operations, want %d (Terraform's parallelism)", wave, parallelism)
	}
}
