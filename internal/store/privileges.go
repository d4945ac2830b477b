package store

import (
	"context"
	"errors"
	"slices"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// newPrivilegeCache caches, per project, each user's sorted privileges.
func newPrivilegeCache(api API) *keyedCache[[]string] {
	return newKeyedCache(func(ctx context.Context, projectID string) (map[string][]string, error) {
		list, err := api.ListProjectPrivileges(ctx, projectID)
		if err != nil {
			return nil, err
		}
		byLogin := make(map[string][]string, len(list))
		for _, p := range list {
			byLogin[client.LoginKey(p.UserID)] = slices.Sorted(slices.Values(p.Privileges))
		}
		return byLogin, nil
	})
}

// ProjectPrivileges returns loginID's privileges on projectID (sorted),
// reading each project's privileges once and caching them. found is false when
// the user holds none there.
func (s *Store) ProjectPrivileges(ctx context.Context, projectID, loginID string) (privileges []string, found bool, err error) {
	privileges, found, err = s.privileges.lookup(ctx, projectID, loginID)
	if err != nil || !found {
		return nil, false, err
	}
	return slices.Clone(privileges), true, nil
}

// ProjectPrivilegesByUser returns every user's privileges on projectID
// (sorted), keyed by login id, from the same per-project cache as
// ProjectPrivileges: one GET /projects/{projectId}/privileges per project
// and process. The login ids are spelled as GET /users spells them (see
// spelledEntry). An unknown project gives an error matching
// client.ErrNotFound.
func (s *Store) ProjectPrivilegesByUser(ctx context.Context, projectID string) (map[string][]string, error) {
	byLogin, err := spelledEntry(ctx, s, s.privileges, projectID)
	for k, privileges := range byLogin {
		byLogin[k] = slices.Clone(privileges) // the cache's slices stay the cache's
	}
	return byLogin, err
}

// SetProjectPrivileges writes through and keeps the project cache current.
// It returns the set the server stored (sorted).
func (s *Store) SetProjectPrivileges(ctx context.Context, projectID, loginID string, privileges []string) ([]string, error) {
	stored, err := s.api.SetProjectPrivileges(ctx, projectID, loginID, privileges)
	if err != nil {
		return nil, err
	}
	held := privileges
	if stored != nil {
		held = stored.Privileges
	}
	held = slices.Sorted(slices.Values(held))
	s.privileges.set(projectID, loginID, held)
	return slices.Clone(held), nil
}

// DeleteProjectPrivileges writes through and keeps the project cache
// current. A user holding none there (client.ErrNotFound) is success.
func (s *Store) DeleteProjectPrivileges(ctx context.Context, projectID, loginID string) error {
	if err := s.api.DeleteProjectPrivileges(ctx, projectID, loginID); err != nil && !errors.Is(err, client.ErrNotFound) {
		return err
	}
	s.privileges.remove(projectID, loginID)
	return nil
}
