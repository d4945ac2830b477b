package store

import (
	"context"
	"errors"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// Bindings are what a user holds besides its record: roles and privilege
// sets, which deleting the user deletes on the server. The provider reads
// them to give them back to a replacement and to name what a retired user
// it would restore still holds.
type Bindings struct {
	Roles      []string            // role ids
	Privileges map[string][]string // project id -> privileges
	// Unreported names what the server cannot report, lacking the
	// extension: "roles", "project privileges". The user may hold those.
	Unreported []string
}

// Empty reports whether the user holds nothing the server reports.
func (b Bindings) Empty() bool { return len(b.Roles) == 0 && len(b.Privileges) == 0 }

// UserBindings reads, through the shared per-role and per-project caches,
// what loginID holds. A server without the roles or projects extension
// holds nothing of that kind that anyone can read: Unreported says so.
func (s *Store) UserBindings(ctx context.Context, loginID string) (Bindings, error) {
	var b Bindings
	unreported := func(err error, what string) error {
		if errors.Is(err, client.ErrExtensionMissing) {
			b.Unreported = append(b.Unreported, what)
			return nil
		}
		return err
	}
	var err error
	if b.Roles, err = s.UserRoles(ctx, loginID); unreported(err, "roles") != nil {
		return b, err
	}
	projects, err := s.Projects(ctx)
	if unreported(err, "project privileges") != nil {
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
