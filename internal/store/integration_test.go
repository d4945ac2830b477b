package store

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// These tests run the store over the real client against the mock server,
// counting requests where the performance requirements count them.

func storeOverMock(t *testing.T, opts Options) (*Store, *mockserver.Server) {
	t.Helper()
	srv := mockserver.Start(t, mockserver.Options{MaxActiveAPIUsers: -1})
	c, err := client.New(client.Config{Endpoint: srv.URL(), Username: srv.AdminUsername(), Password: srv.AdminPassword()})
	if err != nil {
		t.Fatal(err)
	}
	return New(c, opts), srv
}

func TestOverMockRefreshOfManyUsersListsOnce(t *testing.T) {
	s, srv := storeOverMock(t, Options{})
	const n = 500
	for i := range n {
		if err := srv.SeedUser(mockserver.SeedUser{UserRecord: mockserver.UserRecord{
			UserID: fmt.Sprintf("person-%03d", i), FirstName: "P", LastName: "L"}}); err != nil {
			t.Fatal(err)
		}
	}
	srv.ResetRequests()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 10) // Terraform's -parallelism
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if _, found, err := s.User(t.Context(), fmt.Sprintf("PERSON-%03d", i)); err != nil || !found {
				t.Errorf("User(person-%03d) = found %v, %v", i, found, err)
			}
		})
	}
	wg.Wait()
	if got := srv.Requests(http.MethodGet, mockserver.RouteUsers); got != 1 {
		t.Errorf("GET /users made %d times for %d reads, want 1", got, n)
	}
	if got := srv.Requests(http.MethodGet, mockserver.RouteAuth); got > 1 {
		t.Errorf("GET /auth made %d times, want at most 1", got)
	}
}

func TestOverMockBatchIsolatesRejectedOperation(t *testing.T) {
	s, srv := storeOverMock(t, Options{BatchWindow: 200 * time.Millisecond, MaxBatchSize: 8})
	ops := make([]client.SyncOperation, 8)
	for i := range ops {
		ops[i] = client.SyncOperation{Method: client.SyncAdd, UserLoginID: fmt.Sprintf("svc-%d", i),
			FirstName: ptr("F"), LastName: ptr("L"), APIUser: ptr(true), UserPassword: ptr("Secret-Passw0rd")}
	}
	ops[5].BranchIDs = client.BranchIDs{999} // unknown branch: rejected
	outcomes := applyConcurrently(t, s, ops)
	for i, o := range outcomes {
		if i == 5 {
			var syncErr *client.SyncError
			if !errors.As(o.err, &syncErr) || len(syncErr.Operations) != 1 || syncErr.Operations[0].UserLoginID != "svc-5" {
				t.Errorf("svc-5 error = %v; want a *client.SyncError for it alone", o.err)
			}
			continue
		}
		if o.err != nil || o.user == nil || o.user.Key == 0 || o.user.PasswordChangedAt == nil {
			t.Errorf("svc-%d = %+v, %v; want the created user", i, o.user, o.err)
		}
		if _, ok := srv.User(ops[i].UserLoginID); !ok {
			t.Errorf("svc-%d is not on the server", i)
		}
	}
	if got := srv.Requests(http.MethodPut, mockserver.RouteSync); got > 3 {
		t.Errorf("PUT /users/sync made %d times, want at most 3 with X-Sync-Error", got)
	}
	if got := srv.Requests(http.MethodGet, mockserver.RouteUsers); got != 1 {
		t.Errorf("GET /users made %d times, want 1 read-back for the batch", got)
	}
}
