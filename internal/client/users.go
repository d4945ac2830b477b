package client

import (
	"context"
	"net/http"
	"net/url"
)

const usersPath = "/users"

// ListUsers is GET /users: every user, ordered by key.
func (c *Client) ListUsers(ctx context.Context) ([]User, error) {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: usersPath})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, newAPIError(http.MethodGet, usersPath, resp)
	}
	data, err := readJSONBody(http.MethodGet, usersPath, resp, usersBodyLimit)
	if err != nil {
		return nil, err
	}
	return decodeUsers(resp, data)
}

// GetUser is GET /users/{userID} (Part B). A missing user gives an error
// matching ErrNotFound.
func (c *Client) GetUser(ctx context.Context, loginID string) (*User, error) {
	var u User
	if err := c.getJSON(ctx, usersPath+"/"+url.PathEscape(loginID), smallBodyLimit, &u, "a JSON user object"); err != nil {
		return nil, err
	}
	return &u, nil
}
