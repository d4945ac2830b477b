// Package store is the provider's per-process view of the server. Terraform
// calls a provider once per resource; the Users API answers only "all users"
// and "sync these operations". The store turns the first into one indexed
// snapshot per process and the second into batched syncs, and caches role
// holders per role and privileges per project, so that the number of requests
// grows with the number of batches, not with the number of resources.
package store

import (
	"context"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// API is the part of *client.Client the store uses; tests may fake it.
type API interface {
	ListUsers(ctx context.Context) ([]client.User, error)
	Sync(ctx context.Context, ops []client.SyncOperation) error
	ListRoles(ctx context.Context) ([]client.Role, error)
	ListRoleUsers(ctx context.Context, roleID string) ([]string, error)
	AssignRole(ctx context.Context, roleID, loginID string) error
	UnassignRole(ctx context.Context, roleID, loginID string) error
	ListProjects(ctx context.Context) ([]client.Project, error)
	ListProjectPrivileges(ctx context.Context, projectID string) ([]client.ProjectPrivileges, error)
	SetProjectPrivileges(ctx context.Context, projectID, loginID string, privileges []string) (*client.ProjectPrivileges, error)
	DeleteProjectPrivileges(ctx context.Context, projectID, loginID string) error
	ListBranches(ctx context.Context) ([]client.Branch, error)
	ListGroups(ctx context.Context) ([]client.Group, error)
}

// Options tunes write batching.
type Options struct {
	// BatchWindow is how long a batch waits for more operations after the
	// last one joined (idle window). 0 = default 5ms.
	BatchWindow time.Duration
	// MaxBatchSize caps operations per PUT /users/sync. 0 = default 100.
	MaxBatchSize int
	// DisableBatching sends every operation in its own sync.
	DisableBatching bool
}

// Store is safe for concurrent use.
type Store struct {
	// TODO
}

// New returns a Store over api.
func New(api API, opts Options) *Store { panic("TODO") }

// User returns the user with this login id (case-insensitive) from a
// snapshot no older than this process's latest completed write. found is
// false when the user does not exist. A failed or malformed list is an error,
// never "not found".
func (s *Store) User(ctx context.Context, loginID string) (user *client.User, found bool, err error) {
	panic("TODO")
}

// Users returns every user, ordered by key, from the same snapshot.
func (s *Store) Users(ctx context.Context) ([]client.User, error) { panic("TODO") }

// Apply joins op to the next batched PUT /users/sync and waits for its
// outcome. Operations on one user keep their order. On success the snapshot
// reflects op and, for ADD and MODIFY, the user as the server now holds it is
// returned (nil for DELETE). A rejected operation gives an error naming that
// operation (a *client.SyncError for it alone), never one of its neighbours.
func (s *Store) Apply(ctx context.Context, op client.SyncOperation) (*client.User, error) {
	panic("TODO")
}

// RoleHolders reports whether loginID holds roleID, reading each role's
// holders once and caching them. An unknown role gives client.ErrNotFound.
func (s *Store) HasRole(ctx context.Context, roleID, loginID string) (bool, error) { panic("TODO") }

// AssignRole and UnassignRole write through and keep the role cache current.
func (s *Store) AssignRole(ctx context.Context, roleID, loginID string) error { panic("TODO") }

func (s *Store) UnassignRole(ctx context.Context, roleID, loginID string) error { panic("TODO") }

// ProjectPrivileges returns loginID's privileges on projectID (sorted),
// reading each project's privileges once and caching them. found is false when
// the user holds none there.
func (s *Store) ProjectPrivileges(ctx context.Context, projectID, loginID string) (privileges []string, found bool, err error) {
	panic("TODO")
}

// SetProjectPrivileges and DeleteProjectPrivileges write through and keep the
// project cache current.
func (s *Store) SetProjectPrivileges(ctx context.Context, projectID, loginID string, privileges []string) ([]string, error) {
	panic("TODO")
}

func (s *Store) DeleteProjectPrivileges(ctx context.Context, projectID, loginID string) error {
	panic("TODO")
}

// Roles, Projects, Branches and Groups return the catalogues, read once per
// process.
func (s *Store) Roles(ctx context.Context) ([]client.Role, error)       { panic("TODO") }
func (s *Store) Projects(ctx context.Context) ([]client.Project, error) { panic("TODO") }
func (s *Store) Branches(ctx context.Context) ([]client.Branch, error)  { panic("TODO") }
func (s *Store) Groups(ctx context.Context) ([]client.Group, error)     { panic("TODO") }
