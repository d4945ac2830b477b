package client_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/memnet"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// These tests run every client method end to end against the mock backend.

func newMockClient(t *testing.T, srv *mockserver.Server, edit ...func(*client.Config)) *client.Client {
	t.Helper()
	cfg := client.Config{
		Endpoint: srv.URL(), Username: srv.AdminUsername(), Password: srv.AdminPassword(),
		MaxRetries: 5, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 3 * time.Second,
	}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// inMemoryMock starts a mock that serves through internal/memnet, and a
// client for it, so that a test can run both inside a testing/synctest
// bubble, on the fake clock; call it inside the bubble.
func inMemoryMock(t *testing.T, opts mockserver.Options, edit ...func(*client.Config)) (*mockserver.Server, *client.Client) {
	t.Helper()
	srv, err := mockserver.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	l := memnet.Serve(t, srv.Handler())
	c := newMockClient(t, srv, append([]func(*client.Config){func(cfg *client.Config) {
		cfg.Endpoint, cfg.Dialer = "http://localhost", l // any address: the Dialer reaches the mock
	}}, edit...)...)
	return srv, c
}

func ptr[T any](v T) *T { return &v }

const apiPassword = "Integr4tion-Secret"

func addAPIUser(login string) client.SyncOperation {
	return client.SyncOperation{
		Method: client.SyncAdd, UserLoginID: login, FirstName: ptr("Build"), LastName: ptr("Bot"),
		UserPassword: ptr(apiPassword), APIUser: ptr(true), Description: ptr("CI pipeline"),
		BranchIDs: client.BranchIDs{102, 101},
	}
}

func TestMockUsersLifecycle(t *testing.T) {
	srv := mockserver.Start(t, mockserver.Options{})
	c := newMockClient(t, srv)
	ctx := context.Background()

	users, err := c.ListUsers(ctx)
	if err != nil || len(users) != 1 || users[0].UserID != srv.AdminUsername() {
		t.Fatalf("initial users %+v, err %v", users, err)
	}

	if err := c.TrySync(ctx, []client.SyncOperation{addAPIUser("ci-bot")}); err != nil {
		t.Fatal(err)
	}
	u, err := c.GetUser(ctx, "CI-BOT")
	if err != nil {
		t.Fatal(err)
	}
	if u.UserID != "ci-bot" || u.BranchIDs.String() != "101|102" || u.APIUser == nil || !*u.APIUser ||
		u.Status == nil || *u.Status != client.StatusActive || u.Description == nil || *u.Description != "CI pipeline" {
		t.Errorf("added user reads back as %+v", u)
	}
	if !srv.CheckPassword("ci-bot", apiPassword) {
		t.Error("the mock did not store the password")
	}

	newPassword := "Rotat3d-Secret-2"
	err = c.TrySync(ctx, []client.SyncOperation{{
		Method: client.SyncModify, UserLoginID: "ci-bot", Status: ptr(client.StatusInactive),
		UserPassword: &newPassword, BranchIDs: client.BranchIDs{103},
	}})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := srv.User("ci-bot")
	if rec.Status != client.StatusInactive || !slices.Equal(rec.BranchIDs, []int64{103}) || !srv.CheckPassword("ci-bot", newPassword) {
		t.Errorf("after MODIFY: %+v", rec)
	}

	if err := c.TrySync(ctx, []client.SyncOperation{{Method: client.SyncDelete, UserLoginID: "ci-bot"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(ctx, "ci-bot"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("GetUser after DELETE: %v, want ErrNotFound", err)
	}
}

func TestMockSyncRejections(t *testing.T) {
	srv := mockserver.Start(t, mockserver.Options{})
	c := newMockClient(t, srv)
	ctx := context.Background()
	if err := c.TrySync(ctx, []client.SyncOperation{addAPIUser("dup-bot")}); err != nil {
		t.Fatal(err)
	}
	batch := []client.SyncOperation{addAPIUser("ok-bot"), addAPIUser("DUP-bot")}

	err := c.TrySync(ctx, batch)
	var syncErr *client.SyncError
	if !errors.As(err, &syncErr) || syncErr.Index != 1 || syncErr.Reason == "" || syncErr.Detail != "" {
		t.Fatalf("TrySync: %v (%+v); want Index 1 with the mock's reason", err, syncErr)
	}
	if strings.Contains(err.Error(), apiPassword) {
		t.Error("the password leaked into the error")
	}
	users, err := c.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if why := client.ExplainSyncFailure(batch, users); !strings.Contains(why, "operation 1 (ADD DUP-bot): a user with this login id already exists") ||
		strings.Contains(why, "operation 0") || strings.Contains(why, apiPassword) {
		t.Errorf("ExplainSyncFailure = %q; want the duplicate explained, and only it, without the password", why)
	}
	if _, ok := srv.User("ok-bot"); ok {
		t.Error("a rejected batch was partly applied")
	}
}

func TestMockRolesProjectsAndCatalogues(t *testing.T) {
	srv := mockserver.Start(t, mockserver.Options{})
	c := newMockClient(t, srv)
	ctx := context.Background()
	if err := c.TrySync(ctx, []client.SyncOperation{addAPIUser("role-bot")}); err != nil {
		t.Fatal(err)
	}

	roles, err := c.ListRoles(ctx)
	if err != nil || !slices.ContainsFunc(roles, func(r client.Role) bool { return r.RoleID == "api_default" && r.Name != "" }) {
		t.Fatalf("roles %+v, err %v", roles, err)
	}
	if err := c.AssignRole(ctx, "api_default", "role-bot"); err != nil {
		t.Fatal(err)
	}
	if err := c.AssignRole(ctx, "api_default", "role-bot"); err != nil {
		t.Fatalf("AssignRole is idempotent: %v", err)
	}
	holders, err := c.ListRoleUsers(ctx, "api_default")
	if err != nil || !slices.Contains(holders, "role-bot") {
		t.Fatalf("holders %v, err %v", holders, err)
	}
	if err := c.UnassignRole(ctx, "api_default", "role-bot"); err != nil {
		t.Fatal(err)
	}
	if err := c.UnassignRole(ctx, "api_default", "role-bot"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("second UnassignRole: %v, want ErrNotFound", err)
	}
	if _, err := c.ListRoleUsers(ctx, "no such role"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("unknown role: %v, want ErrNotFound", err)
	}

	projects, err := c.ListProjects(ctx)
	if err != nil || len(projects) != 3 {
		t.Fatalf("projects %+v, err %v", projects, err)
	}
	set, err := c.SetProjectPrivileges(ctx, "badges", "role-bot", []string{"print_card", "access_producer"})
	if err != nil || set.UserID != "role-bot" || !slices.Equal(set.Privileges, []string{"access_producer", "print_card"}) {
		t.Fatalf("SetProjectPrivileges = %+v, %v", set, err)
	}
	all, err := c.ListProjectPrivileges(ctx, "badges")
	if err != nil || len(all) != 1 || all[0].ProjectID != "badges" || all[0].UserID != "role-bot" || len(all[0].Privileges) != 2 {
		t.Fatalf("ListProjectPrivileges = %+v, %v", all, err)
	}
	if _, err := c.SetProjectPrivileges(ctx, "badges", "role-bot", []string{"print_card"}); !errors.Is(err, client.ErrBadRequest) {
		t.Errorf("privileges without access_producer: %v, want ErrBadRequest", err)
	}
	if err := c.DeleteProjectPrivileges(ctx, "badges", "role-bot"); err != nil {
		t.Fatal(err)
	}
	if all, err := c.ListProjectPrivileges(ctx, "badges"); err != nil || len(all) != 0 {
		t.Errorf("after delete: %+v, %v; want no privilege set", all, err)
	}

	branches, err := c.ListBranches(ctx)
	if err != nil || len(branches) != 10 || branches[0].BranchID != 101 {
		t.Errorf("branches %+v, err %v", branches, err)
	}
	groups, err := c.ListGroups(ctx)
	if err != nil || len(groups) != 4 {
		t.Errorf("groups %+v, err %v", groups, err)
	}
}

func TestMockPermissionsAndCredentials(t *testing.T) {
	srv := mockserver.Start(t, mockserver.Options{})
	ctx := context.Background()
	admin := newMockClient(t, srv)
	inactive := addAPIUser("sleepy-bot")
	inactive.Status = ptr(client.StatusInactive)
	if err := admin.TrySync(ctx, []client.SyncOperation{addAPIUser("plain-bot"), inactive}); err != nil {
		t.Fatal(err)
	}

	plain := newMockClient(t, srv, func(cfg *client.Config) { cfg.Username, cfg.Password = "plain-bot", apiPassword })
	if _, err := plain.ListUsers(ctx); err != nil {
		t.Fatalf("a plain API user may read: %v", err)
	}
	if err := plain.TrySync(ctx, []client.SyncOperation{addAPIUser("x-bot")}); !errors.Is(err, client.ErrForbidden) {
		t.Errorf("sync without account_admin: %v, want ErrForbidden", err)
	}

	sleepy := newMockClient(t, srv, func(cfg *client.Config) { cfg.Username, cfg.Password = "sleepy-bot", apiPassword })
	_, err := sleepy.ListUsers(ctx)
	if !errors.Is(err, client.ErrUnauthorized) || !strings.Contains(err.Error(), "not ACTIVE") || strings.Contains(err.Error(), apiPassword) {
		t.Errorf("inactive user: %v", err)
	}
}

func TestMockExpiredTokensAreRenewedOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, c := inMemoryMock(t, mockserver.Options{})
		ctx := t.Context()
		if _, err := c.ListUsers(ctx); err != nil {
			t.Fatal(err)
		}
		srv.ExpireTokens()
		errs := make(chan error, 20)
		for range 20 {
			go func() { _, err := c.ListGroups(ctx); errs <- err }()
		}
		for range 20 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if got := srv.Requests(http.MethodGet, mockserver.RouteAuth); got != 2 {
			t.Errorf("%d authentications, want 2", got)
		}
	})
}

func TestMockDroppedSyncIsResolvedByReadBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, c := inMemoryMock(t, mockserver.Options{})
		srv.SetFaults(mockserver.Faults{DropRate: 1})
		if err := c.TrySync(t.Context(), []client.SyncOperation{addAPIUser("drop-bot")}); err != nil {
			t.Fatal(err)
		}
		// The mock counts a request when its handler returns, which can be
		// after the client saw the dropped connection.
		synctest.Wait()
		if got := srv.Requests(http.MethodPut, mockserver.RouteSync); got != 1 {
			t.Errorf("%d sync requests, want 1 (the read-back shows the ADD applied)", got)
		}
		if got := srv.FaultCounts()["drop"]; got != 1 {
			t.Errorf("%d dropped connections, want 1", got)
		}
		if len(srv.Users()) != 2 {
			t.Errorf("users: %+v", srv.Users())
		}
	})
}

func TestMockTransientFaultsAreRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, c := inMemoryMock(t, mockserver.Options{}, func(cfg *client.Config) { cfg.MaxRetries = 15 })
		srv.SetFaults(mockserver.Faults{ErrorRate: 0.5})
		for range 20 {
			if _, err := c.ListBranches(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		injected := srv.FaultCounts()["503"]
		if injected == 0 {
			t.Error("no 503 was injected; the test proved nothing")
		}
		sent := srv.Requests(http.MethodGet, mockserver.RouteAuth) + srv.Requests(http.MethodGet, "/api/v1.0/branches")
		if sent != 21+injected {
			t.Errorf("%d requests, want %d: one GET /auth, 20 GET /branches and one retry per injected 503", sent, 21+injected)
		}
	})
}

// TestMockThrottleIsSharedAndHonoured runs on synctest's fake clock, so the
// throttled answers can be counted exactly.
func TestMockThrottleIsSharedAndHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, c := inMemoryMock(t, mockserver.Options{}, func(cfg *client.Config) { cfg.MaxRetries = 10 })
		ctx := t.Context()
		if _, err := c.ListGroups(ctx); err != nil { // authenticate first
			t.Fatal(err)
		}
		srv.SetFaults(mockserver.Faults{ThrottleUntil: time.Now().Add(1200 * time.Millisecond), ThrottleRetryAfter: time.Second})
		errs := make(chan error, 10)
		call := func() { _, err := c.ListGroups(ctx); errs <- err }
		go call()
		synctest.Wait() // its 429 closed the shared gate until 1s
		for range 9 {
			go call()
		}
		for range 10 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		// The first caller's 429, then one probe at 1s (still throttled)
		// rather than one per caller; the probe at 2s opens the gate for all.
		if got := srv.FaultCounts()["429"]; got != 2 {
			t.Errorf("%d throttled answers, want 2", got)
		}
	})
}

func TestMockCorruptUserListsAreErrors(t *testing.T) {
	srv := mockserver.Start(t, mockserver.Options{})
	c := newMockClient(t, srv)
	for _, mode := range []string{mockserver.CorruptGarbage, mockserver.CorruptHTML, "truncated", "wrongtypes"} {
		srv.SetFaults(mockserver.Faults{CorruptUsers: mode})
		users, err := c.ListUsers(context.Background())
		if err == nil || users != nil || !strings.Contains(err.Error(), "GET /users") {
			t.Errorf("%s: users=%v err=%v; want a clear error", mode, users, err)
		}
	}
}
