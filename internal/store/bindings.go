package store

import (
	"context"
	"errors"
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
// in the same provider process gives them back.
type Bindings struct {
	Roles      []string            // role ids
	Privileges map[string][]string // project id -> privileges
}

// empty reports whether there is nothing to give back.
func (b Bindings) empty() bool { return len(b.Roles) == 0 && len(b.Privileges) == 0 }

// replacedBindings holds the bindings of users deleted in this process,
// by lower-case login id, until a create of the same login id takes them.
type replacedBindings struct {
	mu     sync.Mutex
	byUser map[string]Bindings
}

// RememberBindings reads, through the shared per-role and per-project
// caches, what loginID holds before it is deleted. A server without the
// roles or projects extension holds nothing of that kind.
func (s *Store) RememberBindings(ctx context.Context, loginID string) error {
	var b Bindings
	roles, err := s.UserRoles(ctx, loginID)
	switch {
	case errors.Is(err, client.ErrExtensionMissing):
	case err != nil:
		return err
	default:
		b.Roles = roles
	}
	projects, err := s.Projects(ctx)
	switch {
	case errors.Is(err, client.ErrExtensionMissing):
	case err != nil:
		return err
	}
	for _, p := range projects {
		privileges, found, err := s.ProjectPrivileges(ctx, p.ProjectID, loginID)
		if err != nil && !errors.Is(err, client.ErrNotFound) {
			return err
		}
		if found {
			if b.Privileges == nil {
				b.Privileges = map[string][]string{}
			}
			b.Privileges[p.ProjectID] = privileges
		}
	}
	if b.empty() {
		return nil
	}
	s.replaced.mu.Lock()
	defer s.replaced.mu.Unlock()
	if s.replaced.byUser == nil {
		s.replaced.byUser = map[string]Bindings{}
	}
	s.replaced.byUser[loginKey(loginID)] = b
	return nil
}

// RestoreBindings gives a user created with loginID what a user of the same
// login id deleted earlier in this process held. It reports what it gave
// back; nothing when no such user was deleted.
func (s *Store) RestoreBindings(ctx context.Context, loginID string) (Bindings, error) {
	s.replaced.mu.Lock()
	b, ok := s.replaced.byUser[loginKey(loginID)]
	delete(s.replaced.byUser, loginKey(loginID))
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
