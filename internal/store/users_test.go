package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestUserConcurrentReadersShareOneList(t *testing.T) {
	logins := make([]string, 200)
	for i := range logins {
		logins[i] = fmt.Sprintf("svc-%03d", i)
	}
	api := newFakeAPI(logins...)
	s := New(api, Options{})

	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for i := range 1000 {
		wg.Go(func() {
			login := strings.ToUpper(logins[i%len(logins)]) // lookups ignore case
			u, found, err := s.User(t.Context(), login)
			switch {
			case err != nil:
				errs <- err
			case !found || !strings.EqualFold(u.UserID, login):
				errs <- fmt.Errorf("User(%q) = %v, %v", login, u, found)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := api.count("ListUsers"); n != 1 {
		t.Errorf("ListUsers called %d times for 1000 reads, want 1", n)
	}
	if _, found, err := s.User(t.Context(), "nobody"); err != nil || found {
		t.Errorf("User(nobody) = found %v, err %v; want not found", found, err)
	}
	users, err := s.Users(t.Context())
	if err != nil || len(users) != 201 {
		t.Fatalf("Users() = %d users, %v; want 201", len(users), err)
	}
	for i := 1; i < len(users); i++ {
		if users[i-1].Key >= users[i].Key {
			t.Fatalf("Users() not ordered by key at %d", i)
		}
	}
	if n := api.count("ListUsers"); n != 1 {
		t.Errorf("ListUsers called %d times, want 1", n)
	}
}

func TestUserReturnsCopies(t *testing.T) {
	api := newFakeAPI("svc-a")
	s := New(api, Options{})
	u := mustUser(t, s, "svc-a")
	u.FirstName = "changed"
	u.BranchIDs[0] = 999
	again := mustUser(t, s, "svc-a")
	if again.FirstName == "changed" || again.BranchIDs[0] == 999 {
		t.Errorf("changing a returned user changed the cache: %+v", again)
	}
}

func TestUserListFailureIsAnErrorNotAbsence(t *testing.T) {
	broken := errors.New("connection reset")
	tests := map[string]struct {
		list    func() ([]client.User, error)
		wantErr string
	}{
		"failed": {
			list:    func() ([]client.User, error) { return nil, broken },
			wantErr: "connection reset",
		},
		"empty": {
			list:    func() ([]client.User, error) { return []client.User{}, nil },
			wantErr: "GET /users returned no users; refusing to treat every user as deleted",
		},
		"blank login id": {
			list:    func() ([]client.User, error) { return []client.User{{Key: 1, UserID: "admin"}, {Key: 2}}, nil },
			wantErr: "malformed",
		},
		"duplicate login id": {
			list: func() ([]client.User, error) {
				return []client.User{{Key: 1, UserID: "admin"}, {Key: 2, UserID: "ADMIN"}}, nil
			},
			wantErr: "appears twice",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			api := newFakeAPI("svc-a")
			api.listUsers = tc.list
			s := New(api, Options{})
			u, found, err := s.User(t.Context(), "svc-a")
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("User() error = %v, want one containing %q", err, tc.wantErr)
			}
			if found || u != nil {
				t.Errorf("User() = %v, found %v alongside an error", u, found)
			}
			if _, err := s.Users(t.Context()); err == nil {
				t.Error("Users() gave no error")
			}
			// Errors are not cached: the next read lists again and succeeds.
			api.mu.Lock()
			api.listUsers = nil
			api.mu.Unlock()
			mustUser(t, s, "svc-a")
			if n := api.count("ListUsers"); n != 3 {
				t.Errorf("ListUsers called %d times, want 3 (two failed, one good)", n)
			}
		})
	}
}

func TestUserCancelledWaiterStopsWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI("svc-a")
		api.listGate = make(chan struct{})
		s := New(api, Options{})

		patient := make(chan error, 1)
		go func() {
			_, _, err := s.User(context.Background(), "svc-a")
			patient <- err
		}()
		synctest.Wait()
		if n := api.count("ListUsers"); n != 1 {
			t.Fatalf("ListUsers called %d times, want 1 in flight", n)
		}

		ctx, cancel := context.WithCancel(context.Background())
		impatient := make(chan error, 1)
		go func() {
			_, _, err := s.User(ctx, "svc-a")
			impatient <- err
		}()
		cancel()
		synctest.Wait()
		select {
		case err := <-impatient:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled reader got %v, want context.Canceled", err)
			}
		default:
			t.Fatal("cancelled reader still waiting for the list")
		}

		close(api.listGate)
		if err := <-patient; err != nil {
			t.Errorf("the other reader failed: %v", err)
		}
		if n := api.count("ListUsers"); n != 1 {
			t.Errorf("ListUsers called %d times, want 1", n)
		}
	})
}

// A write that completes while a list is in flight may be missing from that
// list's answer; reads after the write must still see it.
func TestUserSeesWriteCompletedDuringList(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI("svc-a")
		api.listGate = make(chan struct{}) // the list reads the state, then waits
		s := New(api, Options{})

		listed := make(chan error, 1)
		go func() { _, _, err := s.User(context.Background(), "svc-a"); listed <- err }()
		synctest.Wait() // the list is in flight

		applied := make(chan applyOutcome, 1)
		go func() {
			u, err := s.Apply(context.Background(), modifyOp("svc-a", "During"))
			applied <- applyOutcome{u, err}
		}()
		time.Sleep(DefaultBatchWindow) // the batch's idle window
		synctest.Wait()                // synced and patched; waiting for the list
		if n := api.count("TrySync"); n != 1 {
			t.Fatalf("TrySync called %d times, want 1", n)
		}
		close(api.listGate)

		if err := <-listed; err != nil {
			t.Fatal(err)
		}
		got := <-applied
		if got.err != nil || got.user.FirstName != "During" {
			t.Fatalf("Apply(MODIFY) = %+v, %v; want FirstName During", got.user, got.err)
		}
		if u := mustUser(t, s, "svc-a"); u.FirstName != "During" {
			t.Errorf("read after the write got FirstName %q, want During", u.FirstName)
		}
		if n := api.count("ListUsers"); n != 1 {
			t.Errorf("ListUsers called %d times, want 1", n)
		}
	})
}

// TestOlderListAnswerNeverReplacesNewer: lists run side by side, so one that
// started earlier may answer later; its answer, which lacks what the newer
// one saw, never replaces the newer snapshot, and a reader waiting for the
// older list is served by the newer one as soon as it answers.
func TestOlderListAnswerNeverReplacesNewer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &slowAPI{fakeAPI: newFakeAPI("svc-a"), listTimes: []time.Duration{200 * time.Millisecond, 50 * time.Millisecond}}
		s := New(api, Options{BatchWindow: time.Hour, MaxBatchSize: 1})
		start := time.Now()
		read := make(chan time.Duration, 1)
		go func() { _, _, _ = s.User(t.Context(), "svc-a"); read <- time.Since(start) }() // the first list
		time.Sleep(time.Millisecond)
		// The ADD's read-back needs a list started after it: the second.
		if _, err := s.Apply(t.Context(), addOp("svc-b")); err != nil {
			t.Fatal(err)
		}
		if took := <-read; took != 51*time.Millisecond {
			t.Errorf("the first reader waited %s, want 51ms: served by the newer list's answer", took)
		}
		// A MODIFY while only the first list is in flight patches the
		// snapshot, and that list's answer would undo it.
		if _, err := s.Apply(t.Context(), modifyOp("svc-a", "During")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond) // the first list has answered
		if u := mustUser(t, s, "svc-b"); u.Key == 0 {
			t.Errorf("svc-b = %+v after the older answer, want the created user", u)
		}
		if u := mustUser(t, s, "svc-a"); u.FirstName != "During" {
			t.Errorf("svc-a's FirstName = %q after the older answer, want During", u.FirstName)
		}
		if n := api.count("ListUsers"); n != 2 {
			t.Errorf("ListUsers called %d times, want 2", n)
		}
	})
}

// TestPatchReplaysIntoEveryListInFlight: a write that completes while two
// lists are in flight may be missing from both answers; each replays it.
func TestPatchReplaysIntoEveryListInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &slowAPI{fakeAPI: newFakeAPI("svc-a"), listTimes: []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}}
		s := New(api, Options{BatchWindow: time.Hour, MaxBatchSize: 1})
		go func() { _, _, _ = s.User(t.Context(), "svc-a") }() // the first list
		time.Sleep(time.Millisecond)
		added := make(chan error, 1)
		go func() { _, err := s.Apply(t.Context(), addOp("svc-b")); added <- err }() // the second
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if n := api.count("ListUsers"); n != 2 {
			t.Fatalf("ListUsers called %d times, want 2 in flight", n)
		}
		if _, err := s.Apply(t.Context(), modifyOp("svc-a", "During")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond) // the first list has answered
		if u := mustUser(t, s, "svc-a"); u.FirstName != "During" {
			t.Errorf("svc-a's FirstName = %q after the first answer, want During", u.FirstName)
		}
		if err := <-added; err != nil { // the second list has answered
			t.Fatal(err)
		}
		if u := mustUser(t, s, "svc-a"); u.FirstName != "During" {
			t.Errorf("svc-a's FirstName = %q after the second answer, want During", u.FirstName)
		}
		if n := api.count("ListUsers"); n != 2 {
			t.Errorf("ListUsers called %d times, want 2", n)
		}
	})
}

// TestReadBacksShareTheNextListAtTheCap: without batching, every operation's
// read-back needs a list started after its sync. At most maxListsInFlight
// lists run at once; the read-backs that find the cap reached all share the
// next list, which starts as soon as one ends.
func TestReadBacksShareTheNextListAtTheCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, syncTime, listTime = 20, 10 * time.Millisecond, 100 * time.Millisecond
		api := &slowAPI{fakeAPI: newFakeAPI(), syncTime: syncTime, listTime: listTime}
		s := New(api, Options{DisableBatching: true})
		start := time.Now()
		for i, o := range applyConcurrently(t, s, usersToAdd(n)) {
			if o.err != nil || o.user == nil || o.user.Key == 0 {
				t.Errorf("Apply(svc-%03d) = %v, %v; want the created user", i, o.user, o.err)
			}
		}
		if api.mostLists > maxListsInFlight {
			t.Errorf("%d lists ran at once, want at most %d", api.mostLists, maxListsInFlight)
		}
		// The 20 syncs end together: up to four lists start, and the
		// read-backs after them wait for one more.
		if lists := api.count("ListUsers"); lists > maxListsInFlight+1 {
			t.Errorf("%d read-backs took %d lists, want at most %d", n, lists, maxListsInFlight+1)
		}
		if took := time.Since(start); took > syncTime+2*listTime {
			t.Errorf("took %s, want at most %s (a sync and two lists)", took, syncTime+2*listTime)
		}
	})
}
