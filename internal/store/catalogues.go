package store

import (
	"context"
	"errors"
	"slices"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// fixedListCache holds a catalogue: a list the server does not change while
// the provider runs (roles, projects, branches, groups), read once per
// process. A server that lacks the catalogue's extension answers 404 for
// good, so that answer is kept too: one request per process, not one per
// resource that asks.
type fixedListCache[T any] struct {
	mu     sync.Mutex
	items  []T
	loaded bool
	err    error // a *client.MissingExtensionError, once seen
	flight singleflight.Group
}

// get returns a copy of the list, fetching it on first use.
func (c *fixedListCache[T]) get(ctx context.Context, fetch func(context.Context) ([]T, error)) ([]T, error) {
	for {
		c.mu.Lock()
		if c.loaded || c.err != nil {
			items, err := slices.Clone(c.items), c.err
			c.mu.Unlock()
			return items, err
		}
		c.mu.Unlock()
		err := sharedRead(ctx, &c.flight, "", func(ctx context.Context) error {
			c.mu.Lock()
			loaded := c.loaded || c.err != nil // by a flight that ended after the caller looked
			c.mu.Unlock()
			if loaded {
				return nil
			}
			items, err := fetch(ctx)
			if errors.Is(err, client.ErrExtensionMissing) {
				c.mu.Lock()
				c.err = err
				c.mu.Unlock()
			}
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
	return s.roles.get(ctx, partB(s, client.ExtensionRoles, "GET /roles", s.api.ListRoles))
}

// Projects returns the project catalogue, read once per process.
func (s *Store) Projects(ctx context.Context) ([]client.Project, error) {
	return s.projects.get(ctx, partB(s, client.ExtensionProjects, "GET /projects", s.api.ListProjects))
}

// Branches returns the branch catalogue, read once per process.
func (s *Store) Branches(ctx context.Context) ([]client.Branch, error) {
	return s.branches.get(ctx, partB(s, client.ExtensionBranches, "GET /branches", s.api.ListBranches))
}

// Groups returns the group catalogue, read once per process.
func (s *Store) Groups(ctx context.Context) ([]client.Group, error) {
	return s.groups.get(ctx, partB(s, client.ExtensionGroups, "GET /groups", s.api.ListGroups))
}

// partB guards a Part B call: with server_extensions "none" it is never
// sent, and the caller learns which extension it would have needed.
func partB[T any](s *Store, extension, request string, call func(context.Context) (T, error)) func(context.Context) (T, error) {
	if s.opts.Extensions != client.ExtensionsNone {
		return call
	}
	return func(context.Context) (T, error) {
		var zero T
		return zero, &client.MissingExtensionError{Extension: extension, Request: request, Disabled: true}
	}
}
