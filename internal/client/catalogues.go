package client

import "context"

// ListBranches is GET /branches.
func (c *Client) ListBranches(ctx context.Context) ([]Branch, error) {
	return getPartB[[]Branch](ctx, c, "/branches", ExtensionBranches, "a JSON array of branches")
}

// ListGroups is GET /groups.
func (c *Client) ListGroups(ctx context.Context) ([]Group, error) {
	return getPartB[[]Group](ctx, c, "/groups", ExtensionGroups, "a JSON array of groups")
}

// getPartB is a GET of a Part B path that exists on every server that has
// the extension, so that its 404 is a *MissingExtensionError.
func getPartB[T any](ctx context.Context, c *Client, path, extension, what string) (T, error) {
	var out T
	if err := c.getJSON(ctx, path, smallBodyLimit, &out, what); err != nil {
		var zero T
		return zero, asMissingExtension(err, extension, "GET "+path)
	}
	return out, nil
}
