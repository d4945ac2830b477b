package store

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// Bindings are what a user holds besides its record: roles and privilege
// sets. Deleting a user deletes them on the server (API.md), so when
// Terraform replaces a user (delete, then create with the same login id:
// -replace, a tainted user, a forced replacement) the new user would lose
// them, while the role and privilege resources, which did not change, are
// not applied again: the apply would end with the server short of what the
// configuration says. The delete remembers them and the create that follows
// in the same provider process gives them back. A retired user keeps them,
// so a plan that would restore one shows them (UserBindings).
type Bindings struct {
	Roles      []string            // role ids
	Privileges map[string][]string // project id -> privileges
	// Unreported names what the server cannot report, lacking the
	// extension: "roles", "project privileges". The user may hold those.
	Unreported []string
}

// Empty reports whether the user holds nothing the server reports.
func (b Bindings) Empty() bool { return len(b.Roles) == 0 && len(b.Privileges) == 0 }

// replacedBindings holds the bindings of users deleted in this process,
// by lower-case login id, until a create of the same login id takes them,
// and the users this process retired.
type replacedBindings struct {
	mu      sync.Mutex
	byUser  map[string]Bindings
	retired map[string]bool
}

// noteRetired remembers that this process retired the user op names, if
// op is a MODIFY to a status other than ACTIVE.
func (s *Store) noteRetired(op client.SyncOperation) {
	if op.Method != client.SyncModify || op.Status == nil || strings.EqualFold(*op.Status, client.StatusActive) {
		return
	}
	s.replaced.mu.Lock()
	defer s.replaced.mu.Unlock()
	if s.replaced.retired == nil {
		s.replaced.retired = map[string]bool{}
	}
	s.replaced.retired[client.LoginKey(op.UserLoginID)] = true
}

// RetiredHere reports whether this process retired loginID (a destroy
// with deletion_mode trash or deactivate). A create of it later in the
// same process is the second half of a replacement the plan accepted, and
// what the user holds is what the configuration gave it.
func (s *Store) RetiredHere(loginID string) bool {
	s.replaced.mu.Lock()
	defer s.replaced.mu.Unlock()
	return s.replaced.retired[client.LoginKey(loginID)]
}

// UserBindings reads, through the shared per-role and per-project caches,
// what loginID holds. A server without the roles or projects extension
// holds nothing of that kind that anyone can read: Unreported says so.
func (s *Store) UserBindings(ctx context.Context, loginID string) (Bindings, error) {
	var b Bindings
	roles, err := s.UserRoles(ctx, loginID)
	switch {
	case errors.Is(err, client.ErrExtensionMissing):
		b.Unreported = append(b.Unreported, "roles")
	case err != nil:
		return b, err
	default:
		b.Roles = roles
	}
	projects, err := s.Projects(ctx)
	switch {
	case errors.Is(err, client.ErrExtensionMissing):
		b.Unreported = append(b.Unreported, "project privileges")
	case err != nil:
		return b, err
	}
	for _, p := range projects {
		privileges, found, err := s.ProjectPrivileges(ctx, p.ProjectID, loginID)
		if err != nil && !errors.Is(err, client.ErrNotFound) {
			return b, err
		}
		if found {
			if b.Privileges == nil {
				b.Privileges = map[string][]string{}
			}
			b.Privileges[p.ProjectID] = privileges
		}
	}
	return b, nil
}

// RememberBindings reads what loginID holds (UserBindings) before it is
// deleted, for RestoreBindings.
func (s *Store) RememberBindings(ctx context.Context, loginID string) error {
	b, err := s.UserBindings(ctx, loginID)
	if err != nil || b.Empty() {
		return err
	}
	s.replaced.mu.Lock()
	defer s.replaced.mu.Unlock()
	if s.replaced.byUser == nil {
		s.replaced.byUser = map[string]Bindings{}
	}
	s.replaced.byUser[client.LoginKey(loginID)] = b
	return nil
}

// RestoreBindings gives a user created with loginID what a user of the same
// login id deleted earlier in this process held. It reports what it gave
// back; nothing when no such user was deleted.
func (s *Store) RestoreBindings(ctx context.Context, loginID string) (Bindings, error) {
	s.replaced.mu.Lock()
	b, ok := s.replaced.byUser[client.LoginKey(loginID)]
	delete(s.replaced.byUser, client.LoginKey(loginID))
	s.replaced.mu.Unlock()
	if !ok {
		return Bindings{}, nil
	}
	for _, role := range b.Roles {
		if err := s.AssignRole(ctx, role, loginID); err != nil {
			return b, err
		}
	}
	for project, privileges := range b.Privileges {
		if _, err := s.SetProjectPrivileges(ctx, project, loginID, privileges); err != nil {
			return b, err
		}
	}
	return b, nil
}
