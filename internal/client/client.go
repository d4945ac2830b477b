// Package client speaks the Users API described in ../shared/API.md: token
// authentication, GET /users, PUT /users/sync and the Part B extensions for
// roles, project privileges and catalogues.
package client

import (
	"context"
	"time"
)

// Config configures a Client. Only Endpoint, Username and Password are required.
type Config struct {
	Endpoint           string // e.g. https://tenant.example.com (without /api/v1.0)
	Username           string
	Password           string
	AppName            string
	Version            string // provider version, for the User-Agent
	InsecureSkipVerify bool
	CACertPEM          string        // extra trusted CA certificates, PEM
	RequestTimeout     time.Duration // per HTTP attempt; 0 = default 30s
	MaxRetries         int           // retries after the first attempt; <0 = default 4
	RetryWaitMin       time.Duration // first backoff; 0 = default 500ms
	RetryWaitMax       time.Duration // cap of one backoff and of any single Retry-After wait; 0 = default 30s
	// MaxRequestsPerSecond paces requests client-side across the whole
	// process; 0 = no pacing.
	MaxRequestsPerSecond float64
}

// Client is safe for concurrent use. One Client is shared by everything one
// provider process does, so that authentication and rate-limit back-off are
// shared too.
type Client struct {
	// TODO
}

// New validates cfg and returns a Client. It does not contact the server.
func New(cfg Config) (*Client, error) { panic("TODO") }

// ListUsers is GET /users: every user, ordered by key.
func (c *Client) ListUsers(ctx context.Context) ([]User, error) { panic("TODO") }

// GetUser is GET /users/{userID} (Part B). A missing user gives an error
// matching ErrNotFound.
func (c *Client) GetUser(ctx context.Context, loginID string) (*User, error) { panic("TODO") }

// Sync is PUT /users/sync. It returns nil when the server answered true, a
// *SyncError when it answered false, and resolves transport failures by
// reading the users back rather than blindly sending the operations again.
func (c *Client) Sync(ctx context.Context, ops []SyncOperation) error { panic("TODO") }

// TrySync is Sync without the explaining read-back: a false answer gives a
// *SyncError whose Index and Reason come from X-Sync-Error when the server
// sent it (else Index is -1 and Detail is empty). Callers that bisect batches
// use it and explain failures from their own snapshot with ExplainSyncFailure.
// Transport failures are still resolved by read-back, never blindly re-sent.
func (c *Client) TrySync(ctx context.Context, ops []SyncOperation) error { panic("TODO") }

// ListRoles is GET /roles.
func (c *Client) ListRoles(ctx context.Context) ([]Role, error) { panic("TODO") }

// ListRoleUsers is GET /roles/{roleId}/users: login ids holding the role.
func (c *Client) ListRoleUsers(ctx context.Context, roleID string) ([]string, error) { panic("TODO") }

// AssignRole is PUT /roles/{roleId}/users/{userID}.
func (c *Client) AssignRole(ctx context.Context, roleID, loginID string) error { panic("TODO") }

// UnassignRole is DELETE /roles/{roleId}/users/{userID}.
func (c *Client) UnassignRole(ctx context.Context, roleID, loginID string) error { panic("TODO") }

// ListProjects is GET /projects.
func (c *Client) ListProjects(ctx context.Context) ([]Project, error) { panic("TODO") }

// ListProjectPrivileges is GET /projects/{projectId}/privileges.
func (c *Client) ListProjectPrivileges(ctx context.Context, projectID string) ([]ProjectPrivileges, error) {
	panic("TODO")
}

// GetProjectPrivileges is GET /projects/{projectId}/privileges/{userID}.
func (c *Client) GetProjectPrivileges(ctx context.Context, projectID, loginID string) (*ProjectPrivileges, error) {
	panic("TODO")
}

// SetProjectPrivileges is PUT /projects/{projectId}/privileges/{userID}.
func (c *Client) SetProjectPrivileges(ctx context.Context, projectID, loginID string, privileges []string) (*ProjectPrivileges, error) {
	panic("TODO")
}

// DeleteProjectPrivileges is DELETE /projects/{projectId}/privileges/{userID}.
func (c *Client) DeleteProjectPrivileges(ctx context.Context, projectID, loginID string) error {
	panic("TODO")
}

// ListBranches is GET /branches.
func (c *Client) ListBranches(ctx context.Context) ([]Branch, error) { panic("TODO") }

// ListGroups is GET /groups.
func (c *Client) ListGroups(ctx context.Context) ([]Group, error) { panic("TODO") }
