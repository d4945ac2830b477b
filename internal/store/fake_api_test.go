package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// fakeAPI is an in-memory server for the store's tests. Its sync is atomic
// (all or nothing) and answers false like a real server: with the index of
// the first rejected operation only when reportIndex is set (the mock's
// X-Sync-Error), else Index -1.
type fakeAPI struct {
	mu      sync.Mutex
	users   map[string]client.User // by lower-case login id
	nextKey int64
	pwSets  int
	calls   map[string]int
	batches [][]client.SyncOperation

	// reject makes the server refuse an operation (besides the rules it
	// enforces itself: ADD of an existing user, MODIFY/DELETE of a missing one).
	reject      func(client.SyncOperation) bool
	reportIndex bool
	// listUsers, when set, answers GET /users instead of the state.
	listUsers func() ([]client.User, error)
	// listGate, when set, holds every GET /users (after it read the state)
	// until it is closed.
	listGate chan struct{}

	roles      map[string]map[string]bool     // role -> lower login -> held
	privileges map[string]map[string][]string // project -> lower login -> privileges
	catalogErr error
	// limits answers GET /limits; nil answers 404, as a server without it.
	limits *client.Limits
}

func newFakeAPI(logins ...string) *fakeAPI {
	f := &fakeAPI{
		users:      map[string]client.User{},
		nextKey:    1000,
		calls:      map[string]int{},
		roles:      map[string]map[string]bool{"api_default": {}, "read_only": {}},
		privileges: map[string]map[string][]string{"badges": {}, "visitors": {}},
	}
	for _, l := range append([]string{"admin"}, logins...) {
		f.nextKey++
		// Like an extended server, the fake reports branches, description
		// and status; the documented-protocol tests clear them.
		f.users[client.LoginKey(l)] = client.User{Key: f.nextKey, UserID: l, FirstName: "First " + l, LastName: "Last", BranchIDs: client.BranchIDs{101},
			Description: ptr(""), Status: ptr(client.StatusActive)}
	}
	return f
}

func (f *fakeAPI) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

func (f *fakeAPI) called(method string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[method]++
}

func (f *fakeAPI) sortedUsers() []client.User {
	out := make([]client.User, 0, len(f.users))
	for _, u := range f.users {
		out = append(out, *cloneUser(u))
	}
	slices.SortFunc(out, func(a, b client.User) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

func (f *fakeAPI) ListUsers(ctx context.Context) ([]client.User, error) {
	f.mu.Lock()
	f.calls["ListUsers"]++
	list, gate := f.listUsers, f.listGate
	users := f.sortedUsers()
	f.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if list != nil {
		return list()
	}
	return users, nil
}

func (f *fakeAPI) TrySync(ctx context.Context, ops []client.SyncOperation) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["TrySync"]++
	f.batches = append(f.batches, slices.Clone(ops))
	next := maps.Clone(f.users)
	key, pwSets := f.nextKey, f.pwSets
	for i, op := range ops {
		if reason := f.applyTo(next, op, &key, &pwSets); reason != "" {
			index := -1
			if f.reportIndex {
				index = i
			} else {
				reason = ""
			}
			return &client.SyncError{Index: index, Reason: reason, Operations: ops}
		}
	}
	f.users, f.nextKey, f.pwSets = next, key, pwSets
	for _, op := range ops {
		if op.Method == client.SyncDelete {
			if _, ok := f.users[client.LoginKey(op.UserLoginID)]; !ok {
				for _, holders := range f.roles {
					delete(holders, client.LoginKey(op.UserLoginID))
				}
				for _, byLogin := range f.privileges {
					delete(byLogin, client.LoginKey(op.UserLoginID))
				}
			}
		}
	}
	return nil
}

// applyTo applies op to users and returns why it is rejected, or "".
func (f *fakeAPI) applyTo(users map[string]client.User, op client.SyncOperation, key *int64, pwSets *int) string {
	if f.reject != nil && f.reject(op) {
		return "rejected by the test"
	}
	k := client.LoginKey(op.UserLoginID)
	u, exists := users[k]
	switch op.Method {
	case client.SyncAdd:
		if exists {
			return "user exists"
		}
		*key++
		// A new user holds the extension fields the fake reports for it,
		// so that ApplyTo sets them: its branches and description.
		u = client.User{Key: *key, UserID: op.UserLoginID, BranchIDs: client.BranchIDs{}, Description: ptr("")}
	case client.SyncModify, client.SyncDelete:
		if !exists {
			return "no such user"
		}
	}
	if op.ApplyTo(&u) {
		delete(users, k)
		return ""
	}
	if op.UserPassword != nil {
		// What only the server knows: when the password changed.
		*pwSets++
		at := fmt.Sprintf("2025-01-01T00:00:%02dZ", *pwSets%60)
		u.PasswordChangedAt = &at
	}
	users[k] = u
	return ""
}

func (f *fakeAPI) ListRoles(ctx context.Context) ([]client.Role, error) {
	f.called("ListRoles")
	if f.catalogErr != nil {
		return nil, f.catalogErr
	}
	return []client.Role{{RoleID: "api_default"}, {RoleID: "read_only"}}, nil
}

func (f *fakeAPI) ListRoleUsers(ctx context.Context, roleID string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["ListRoleUsers"]++
	holders, ok := f.roles[roleID]
	if !ok {
		return nil, fmt.Errorf("role %s: %w", roleID, client.ErrNotFound)
	}
	var out []string
	for l, held := range holders {
		if held {
			out = append(out, f.users[l].UserID)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (f *fakeAPI) AssignRole(ctx context.Context, roleID, loginID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["AssignRole"]++
	holders, ok := f.roles[roleID]
	if _, exists := f.users[client.LoginKey(loginID)]; !ok || !exists {
		return fmt.Errorf("assign %s to %s: %w", roleID, loginID, client.ErrNotFound)
	}
	holders[client.LoginKey(loginID)] = true
	return nil
}

func (f *fakeAPI) UnassignRole(ctx context.Context, roleID, loginID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["UnassignRole"]++
	if !f.roles[roleID][client.LoginKey(loginID)] {
		return fmt.Errorf("unassign %s from %s: %w", roleID, loginID, client.ErrNotFound)
	}
	delete(f.roles[roleID], client.LoginKey(loginID))
	return nil
}

func (f *fakeAPI) ListProjects(ctx context.Context) ([]client.Project, error) {
	f.called("ListProjects")
	if f.catalogErr != nil {
		return nil, f.catalogErr
	}
	return []client.Project{{ProjectID: "badges"}, {ProjectID: "visitors"}}, nil
}

func (f *fakeAPI) ListProjectPrivileges(ctx context.Context, projectID string) ([]client.ProjectPrivileges, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["ListProjectPrivileges"]++
	byLogin, ok := f.privileges[projectID]
	if !ok {
		return nil, fmt.Errorf("project %s: %w", projectID, client.ErrNotFound)
	}
	var out []client.ProjectPrivileges
	for l, p := range byLogin {
		out = append(out, client.ProjectPrivileges{UserID: f.users[l].UserID, Privileges: slices.Clone(p)})
	}
	return out, nil
}

func (f *fakeAPI) SetProjectPrivileges(ctx context.Context, projectID, loginID string, privileges []string) (*client.ProjectPrivileges, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["SetProjectPrivileges"]++
	byLogin, ok := f.privileges[projectID]
	if _, exists := f.users[client.LoginKey(loginID)]; !ok || !exists {
		return nil, fmt.Errorf("privileges of %s on %s: %w", loginID, projectID, client.ErrNotFound)
	}
	stored := slices.Sorted(slices.Values(privileges))
	byLogin[client.LoginKey(loginID)] = stored
	return &client.ProjectPrivileges{ProjectID: projectID, UserID: loginID, Privileges: slices.Clone(stored)}, nil
}

func (f *fakeAPI) DeleteProjectPrivileges(ctx context.Context, projectID, loginID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["DeleteProjectPrivileges"]++
	if _, held := f.privileges[projectID][client.LoginKey(loginID)]; !held {
		return fmt.Errorf("privileges of %s on %s: %w", loginID, projectID, client.ErrNotFound)
	}
	delete(f.privileges[projectID], client.LoginKey(loginID))
	return nil
}

func (f *fakeAPI) ListBranches(ctx context.Context) ([]client.Branch, error) {
	f.called("ListBranches")
	return []client.Branch{{BranchID: 101}, {BranchID: 102}}, nil
}

func (f *fakeAPI) ListGroups(ctx context.Context) ([]client.Group, error) {
	f.called("ListGroups")
	return []client.Group{{GroupID: 1, Name: "Admin"}}, nil
}

func (f *fakeAPI) Limits(ctx context.Context) (client.Limits, error) {
	f.called("Limits")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.catalogErr != nil {
		return client.Limits{}, f.catalogErr
	}
	if f.limits == nil {
		return client.Limits{}, &client.MissingExtensionError{Extension: client.ExtensionLimits, Request: "GET /limits"}
	}
	return *f.limits, nil
}

func (f *fakeAPI) GetUser(ctx context.Context, loginID string) (*client.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["GetUser"]++
	u, ok := f.users[client.LoginKey(loginID)]
	if !ok {
		return nil, &client.APIError{Method: "GET", Path: "/users/" + loginID, StatusCode: 404}
	}
	return cloneUser(u), nil
}
