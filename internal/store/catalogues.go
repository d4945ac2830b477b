package store

import (
	"context"
	"slices"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// catalogue is a list the server does not change while the provider runs
// (roles, projects, branches, groups), read once per process.
type catalogue[T any] struct {
	mu     sync.Mutex
	items  []T
	loaded bool
	flight singleflight.Group
}

// get returns a copy of the list, fetching it on first use.
func (c *catalogue[T]) get(ctx context.Context, fetch func(context.Context) ([]T, error)) ([]T, error) {
	for {
		c.mu.Lock()
		if c.loaded {
			items := slices.Clone(c.items)
			c.mu.Unlock()
			return items, nil
		}
		c.mu.Unlock()
		err := sharedRead(ctx, &c.flight, "", func(ctx context.Context) error {
			c.mu.Lock()
			loaded := c.loaded // by a flight that ended after the caller looked
			c.mu.Unlock()
			if loaded {
				return nil
			}
			items, err := fetch(ctx)
			if err != nil {
				return err
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			c.items, c.loaded = items, true
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
}

// Roles returns the role catalogue, read once per process.
func (s *Store) Roles(ctx context.Context) ([]client.Role, error) {
	return s.roles.get(ctx, s.api.ListRoles)
}

// Projects returns the project catalogue, read once per process.
func (s *Store) Projects(ctx context.Context) ([]client.Project, error) {
	return s.projects.get(ctx, s.api.ListProjects)
}

// Branches returns the branch catalogue, read once per process.
func (s *Store) Branches(ctx context.Context) ([]client.Branch, error) {
	return s.branches.get(ctx, s.api.ListBranches)
}

// Groups returns the group catalogue, read once per process.
func (s *Store) Groups(ctx context.Context) ([]client.Group, error) {
	return s.groups.get(ctx, s.api.ListGroups)
}
