package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

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
			set[client.LoginKey(h)] = struct{}{}
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

// RoleHolders returns the login ids holding roleID, sorted, from the same
// per-role cache as HasRole: one GET /roles/{roleId}/users per role and
// process, however many data sources and resources ask. The ids are spelled
// as GET /users spells them (see spelledEntry). An unknown role gives an
// error matching client.ErrNotFound.
func (s *Store) RoleHolders(ctx context.Context, roleID string) ([]string, error) {
	holders, err := spelledEntry(ctx, s, s.roleHolders, roleID)
	return slices.Sorted(maps.Keys(holders)), err
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

// spelledEntry is a copy of key's map in c with its keys (lower-case login
// ids) spelled as the user snapshot spells them, the server's spelling, so
// that what the store lists matches the keys of the user list. It reads the
// users only if this process has not yet (one GET /users, shared by every
// caller). A key the snapshot lacks, a user added after it was taken, stays
// as it is.
func spelledEntry[V any](ctx context.Context, s *Store, c *keyedCache[V], key string) (map[string]V, error) {
	entry, err := c.entry(ctx, key)
	if err != nil {
		return nil, err
	}
	out := make(map[string]V, len(entry))
	err = s.view.read(ctx, s.view.needOf(""), func(snap *snapshot) {
		for k, v := range entry {
			if u, ok := snap.byLogin[k]; ok {
				k = u.UserID
			}
			out[k] = v
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UserRoles returns the ids of the roles loginID holds, in the catalogue's
// order: the server lists holders per role, not roles per user, so it reads
// the catalogue (once per process) and each role's holders (once per role,
// the lists HasRole shares), never a request per user. A user the server
// does not know holds no roles. A role whose holders the server no longer
// lists (404: removed since the catalogue was read) is not held.
func (s *Store) UserRoles(ctx context.Context, loginID string) ([]string, error) {
	roles, err := s.Roles(ctx)
	if err != nil {
		return nil, err
	}
	var held []string
	for _, r := range roles {
		ok, err := s.HasRole(ctx, r.RoleID, loginID)
		if errors.Is(err, client.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read the holders of role %q: %w", r.RoleID, err)
		}
		if ok {
			held = append(held, r.RoleID)
		}
	}
	return held, nil
}

// SetUserRoles makes roleIDs the exact set of roles loginID holds: it
// compares them with what the server reports (UserRoles, not what the
// caller last knew), assigns the listed roles the user lacks, then takes
// away every other role the user holds. Assigning first means a user whose
// roles are swapped never holds none meanwhile. It returns the roles it
// assigned and took away, also when it stops at an error, which names the
// role and wraps the server's answer (client.ErrNotFound for a user or role
// the server does not know).
func (s *Store) SetUserRoles(ctx context.Context, loginID string, roleIDs []string) (assigned, removed []string, err error) {
	held, err := s.UserRoles(ctx, loginID)
	if err != nil {
		return nil, nil, err
	}
	toAssign, toRemove := diffRoles(held, roleIDs)
	for _, r := range toAssign {
		if err := s.AssignRole(ctx, r, loginID); err != nil {
			return assigned, removed, fmt.Errorf("assign role %q: %w", r, err)
		}
		assigned = append(assigned, r)
	}
	for _, r := range toRemove {
		if err := s.UnassignRole(ctx, r, loginID); err != nil {
			return assigned, removed, fmt.Errorf("take away role %q: %w", r, err)
		}
		removed = append(removed, r)
	}
	return assigned, removed, nil
}

// diffRoles returns the roles of want not in held (in want's order) and the
// roles of held not in want (in held's order).
func diffRoles(held, want []string) (add, remove []string) {
	for _, r := range want {
		if !slices.Contains(held, r) && !slices.Contains(add, r) {
			add = append(add, r)
		}
	}
	for _, r := range held {
		if !slices.Contains(want, r) {
			remove = append(remove, r)
		}
	}
	return add, remove
}
