// Package store is the provider's per-process view of the server. Terraform
// calls a provider once per resource; the Users API answers only "all users"
// and "sync these operations". The store turns the first into one indexed
// snapshot per process and the second into batched syncs, and caches role
// holders per role and privileges per project, so that the number of requests
// grows with the number of batches, not with the number of resources.
//
// The pieces, one file each: user_view.go (the read side: the snapshot, the
// lists that refresh it and the stamps that say how new a read must be),
// snapshot.go (the indexed user list and how a completed write patches it),
// users.go (the user reads), replay_log.go (how a load and the writes that
// land while it is in flight meet, for the snapshot and the caches alike),
// apply.go (writes) with batcher.go (joining writes into batches), bisect.go
// (finding which operations of a rejected batch failed), batch_results.go
// (what a finished batch does to the snapshot, the caches and each
// operation's result), keyed_cache.go with roles.go and privileges.go
// (per-role and per-project caches), catalogues.go (roles, projects,
// branches, groups), limits.go (the server's limits and policies).
package store

import (
	"context"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// API is the part of *client.Client the store uses; tests may fake it.
//
// TrySync does not explain a false answer: the store isolates the failures
// of a rejected batch itself and explains them from one read-back per batch.
type API interface {
	ListUsers(ctx context.Context) ([]client.User, error)
	GetUser(ctx context.Context, loginID string) (*client.User, error)
	TrySync(ctx context.Context, ops []client.SyncOperation) error
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
	Limits(ctx context.Context) (client.Limits, error)
}

// Options tunes write batching.
type Options struct {
	// BatchWindow is the shortest time a batch short of a wave waits for
	// another operation (batcher.idleWindow). 0 = DefaultBatchWindow.
	BatchWindow time.Duration
	// MaxBatchSize caps operations per PUT /users/sync. 0 = default 100.
	MaxBatchSize int
	// DisableBatching sends every operation in its own sync.
	DisableBatching bool
	// KnownWave, for tests that count syncs, is Terraform's -parallelism:
	// every batch is then a whole wave of it, whatever the timing. 0 (the
	// provider's) learns the wave and splits it when round trips are long.
	KnownWave int
	// Extensions is how the server's Part B extensions are found out;
	// "" = client.ExtensionsAuto.
	Extensions client.ExtensionsMode
	// MaxActiveAPIUsers and EraseOnlyFromTrash, when not nil, stand in for
	// what GET /limits reports (see Policy); a limit of 0 is none.
	MaxActiveAPIUsers  *int
	EraseOnlyFromTrash *bool
}

// Defaults of Options.
const (
	// DefaultBatchWindow covers the gaps within one Terraform wave at a
	// few hundred resources on a quiet machine; beyond, the window follows
	// the measured gaps.
	DefaultBatchWindow  = 50 * time.Millisecond
	DefaultMaxBatchSize = 100
)

// Store is safe for concurrent use.
type Store struct {
	api  API
	opts Options
	// explain turns a rejected operation and a read-back into the Detail of
	// its error; client.ExplainSyncFailure outside tests.
	explain func(ops []client.SyncOperation, users []client.User) string

	// view is the read side: the user snapshot and how it keeps up with
	// this process's writes (user_view.go).
	view *userView

	// batches joins Apply calls into syncs sent by runBatch.
	batches *batcher

	roleHolders *keyedCache[struct{}]
	privileges  *keyedCache[[]string]

	roles    fixedListCache[client.Role]
	projects fixedListCache[client.Project]
	branches fixedListCache[client.Branch]
	groups   fixedListCache[client.Group]
	limits   fixedListCache[client.Limits] // one element: GET /limits (limits.go)
}

// New returns a Store over api.
func New(api API, opts Options) *Store {
	if opts.BatchWindow <= 0 {
		opts.BatchWindow = DefaultBatchWindow
	}
	if opts.MaxBatchSize <= 0 {
		opts.MaxBatchSize = DefaultMaxBatchSize
	}
	if opts.Extensions == "" {
		opts.Extensions = client.ExtensionsAuto
	}
	s := &Store{api: api, opts: opts, explain: client.ExplainSyncFailure, view: newUserView(api.ListUsers, opts.Extensions)}
	s.batches = newBatcher(batchOptions{window: opts.BatchWindow, maxSize: opts.MaxBatchSize, disabled: opts.DisableBatching, splitAt: defaultSplitAt, wave: opts.KnownWave}, s.runBatch)
	s.roleHolders = newRoleCache(api)
	s.privileges = newPrivilegeCache(api)
	return s
}
