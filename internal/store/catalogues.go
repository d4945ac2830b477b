package store

import (
	"context"
	"errors"
	"slices"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// fixedListCache holds a catalogue: a list the server does not change while
// the provider runs (roles, projects, branches, groups), read once per
// process. A server that lacks the catalogue's extension answers 404 for
// good, so that answer is kept too: one request per process, not one per
// resource that asks.
type fixedListCache[T any] struct {
	sharedLoad
	items []T
	err   error // a *client.MissingExtensionError, once seen
	done  bool  // items or err is the answer for good
}

// get returns a copy of the list, fetching it on first use.
func (c *fixedListCache[T]) get(ctx context.Context, fetch func(context.Context) ([]T, error)) (items []T, err error) {
	readErr := c.read(ctx, "", func() bool { return c.done }, func() { items, err = slices.Clone(c.items), c.err },
		func(ctx context.Context) error {
			fetched, fetchErr := fetch(ctx)
			c.mu.Lock()
			defer c.mu.Unlock()
			if fetchErr == nil || errors.Is(fetchErr, client.ErrExtensionMissing) {
				c.items, c.err, c.done = fetched, fetchErr, true
			}
			return fetchErr
		})
	if readErr != nil {
		return nil, readErr
	}
	return items, err
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
