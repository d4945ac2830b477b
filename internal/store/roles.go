package store

import (
	"context"
	"errors"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// newRoleCache caches, per role, the set of its holders.
func newRoleCache(api API) *keyedCache[struct{}] {
	return newKeyedCache(func(ctx context.Context, roleID string) (map[string]struct{}, error) {
		holders, err := api.ListRoleUsers(ctx, roleID)
		if err != nil {
			return nil, err
		}
		set := make(map[string]struct{}, len(holders))
		for _, h := range holders {
			set[loginKey(h)] = struct{}{}
		}
		return set, nil
	})
}

// HasRole reports whether loginID holds roleID, reading each role's holders
// once and caching them. An unknown role gives an error matching
// client.ErrNotFound.
func (s *Store) HasRole(ctx context.Context, roleID, loginID string) (bool, error) {
	_, found, err := s.roleHolders.lookup(ctx, roleID, loginID)
	return found, err
}

// AssignRole writes through and keeps the role cache current.
func (s *Store) AssignRole(ctx context.Context, roleID, loginID string) error {
	if err := s.api.AssignRole(ctx, roleID, loginID); err != nil {
		return err
	}
	s.roleHolders.set(roleID, loginID, struct{}{})
	return nil
}

// UnassignRole writes through and keeps the role cache current. A user that
// does not hold the role (client.ErrNotFound) is already where the caller
// wants it.
func (s *Store) UnassignRole(ctx context.Context, roleID, loginID string) error {
	if err := s.api.UnassignRole(ctx, roleID, loginID); err != nil && !errors.Is(err, client.ErrNotFound) {
		return err
	}
	s.roleHolders.remove(roleID, loginID)
	return nil
}
