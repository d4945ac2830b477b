package client

import "context"

// ListBranches is GET /branches.
func (c *Client) ListBranches(ctx context.Context) ([]Branch, error) {
	var branches []Branch
	if err := c.getJSON(ctx, "/branches", smallBodyLimit, &branches, "a JSON array of branches"); err != nil {
		return nil, asMissingExtension(err, ExtensionBranches, "GET /branches")
	}
	return branches, nil
}

// ListGroups is GET /groups.
func (c *Client) ListGroups(ctx context.Context) ([]Group, error) {
	var groups []Group
	if err := c.getJSON(ctx, "/groups", smallBodyLimit, &groups, "a JSON array of groups"); err != nil {
		return nil, asMissingExtension(err, ExtensionGroups, "GET /groups")
	}
	return groups, nil
}
