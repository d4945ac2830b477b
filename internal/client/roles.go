package client

import (
	"context"
	"net/http"
	"net/url"
	"slices"
)

const rolesPath = "/roles"

func roleUsersPath(roleID string) string {
	return rolesPath + "/" + url.PathEscape(roleID) + "/users"
}

// ListRoles is GET /roles.
func (c *Client) ListRoles(ctx context.Context) ([]Role, error) {
	return getPartB[[]Role](ctx, c, rolesPath, ExtensionRoles, "a JSON array of roles")
}

// ListRoleUsers is GET /roles/{roleId}/users: login ids holding the role.
func (c *Client) ListRoleUsers(ctx context.Context, roleID string) ([]string, error) {
	var ids []string
	if err := c.getJSON(ctx, roleUsersPath(roleID), usersBodyLimit, &ids, "a JSON array of login ids"); err != nil {
		return nil, err
	}
	return ids, nil
}

// AssignRole is PUT /roles/{roleId}/users/{userID}.
func (c *Client) AssignRole(ctx context.Context, roleID, loginID string) error {
	_, err := c.write(ctx, http.MethodPut, roleUsersPath(roleID)+"/"+url.PathEscape(loginID), nil, nil, "",
		func(ctx context.Context) (bool, error) { return c.holdsRole(ctx, roleID, loginID) })
	return err
}

// UnassignRole is DELETE /roles/{roleId}/users/{userID}.
func (c *Client) UnassignRole(ctx context.Context, roleID, loginID string) error {
	_, err := c.write(ctx, http.MethodDelete, roleUsersPath(roleID)+"/"+url.PathEscape(loginID), nil, nil, "",
		func(ctx context.Context) (bool, error) {
			holds, err := c.holdsRole(ctx, roleID, loginID)
			return !holds, err
		})
	return err
}

// holdsRole reads back whether loginID holds roleID.
func (c *Client) holdsRole(ctx context.Context, roleID, loginID string) (bool, error) {
	holders, err := c.ListRoleUsers(ctx, roleID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(holders, func(h string) bool { return LoginKey(h) == LoginKey(loginID) }), nil
}
