package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// answer installs a handler that writes body as JSON with status 200.
func answer(f *fakeAPI, route, body string) {
	f.handle(route, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
}

// TestUnknownFieldsAreTolerated: a newer server may add fields anywhere;
// every decoder ignores them rather than failing.
func TestUnknownFieldsAreTolerated(t *testing.T) {
	f := newFakeAPI(t)
	answer(f, routeUsers, `[{"key":1,"userID":"jdoe","firstName":"J","lastName":"D","email":"","encrypted":1,"tokenExpires":0,"shoeSize":44,"nested":{"a":[1]}}]`)
	answer(f, "GET /api/v1.0/roles", `[{"roleId":"api_default","name":"API","description":"d","color":"blue"}]`)
	answer(f, "GET /api/v1.0/projects", `[{"projectId":"badges","name":"Badges","archived":false}]`)
	answer(f, "GET /api/v1.0/projects/badges/privileges", `[{"userID":"jdoe","privileges":["access_producer"],"grantedBy":"admin"}]`)
	c, ctx := f.client(), context.Background()
	if users, err := c.ListUsers(ctx); err != nil || len(users) != 1 || users[0].UserID != "jdoe" {
		t.Errorf("ListUsers = %v, %v", users, err)
	}
	if roles, err := c.ListRoles(ctx); err != nil || len(roles) != 1 {
		t.Errorf("ListRoles = %v, %v", roles, err)
	}
	if projects, err := c.ListProjects(ctx); err != nil || len(projects) != 1 {
		t.Errorf("ListProjects = %v, %v", projects, err)
	}
	if p, err := c.ListProjectPrivileges(ctx, "badges"); err != nil || len(p) != 1 || len(p[0].Privileges) != 1 {
		t.Errorf("ListProjectPrivileges = %v, %v", p, err)
	}
}

// TestWrongTypesOutsideUsersGiveClearErrors: answers of the wrong JSON
// shape from the other endpoints fail with an error naming the call, and
// never panic or return half-decoded data.
func TestWrongTypesOutsideUsersGiveClearErrors(t *testing.T) {
	cases := []struct {
		name, route, body string
		call              func(*Client) error
		wantCall          string
	}{
		{"roles as object", "GET /api/v1.0/roles", `{"roles":[]}`, func(c *Client) error { _, err := c.ListRoles(context.Background()); return err }, "GET /roles"},
		{"role id a number", "GET /api/v1.0/roles", `[{"roleId":7}]`, func(c *Client) error { _, err := c.ListRoles(context.Background()); return err }, "GET /roles"},
		{"role holders not strings", "GET /api/v1.0/roles/api_default/users", `[1,2]`, func(c *Client) error {
			_, err := c.ListRoleUsers(context.Background(), "api_default")
			return err
		}, "GET /roles/api_default/users"},
		{"privileges a string", "GET /api/v1.0/projects/badges/privileges", `[{"userID":"jdoe","privileges":"all"}]`, func(c *Client) error {
			_, err := c.ListProjectPrivileges(context.Background(), "badges")
			return err
		}, "GET /projects/badges/privileges"},
		{"branches truncated", "GET /api/v1.0/branches", `[{"branchId":101,"na`, func(c *Client) error { _, err := c.ListBranches(context.Background()); return err }, "GET /branches"},
		{"groups html", "GET /api/v1.0/groups", `<html>maintenance</html>`, func(c *Client) error { _, err := c.ListGroups(context.Background()); return err }, "GET /groups"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t)
			answer(f, tc.route, tc.body)
			err := tc.call(f.client())
			if err == nil || !strings.Contains(err.Error(), tc.wantCall) {
				t.Fatalf("err = %v, want an error naming %s", err, tc.wantCall)
			}
		})
	}
}

// TestAuthAnswerOfWrongShape: a 200 from GET /auth that is not the
// documented object, or lacks the token, is an error that names the call
// and never echoes the password.
func TestAuthAnswerOfWrongShape(t *testing.T) {
	for name, body := range map[string]string{
		"token a number": `{"AuthenticationToken":12,"Status":"200"}`,
		"no token":       `{"Status":"200"}`,
		"array":          `[]`,
		"html":           `<html>sso login</html>`,
	} {
		t.Run(name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte(body)) // every path, /auth included
			}))
			t.Cleanup(ts.Close)
			c, err := New(Config{Endpoint: ts.URL, Username: fakeUser, Password: fakePassword, MaxRetries: 0})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ListRoles(context.Background())
			if err == nil || !strings.Contains(err.Error(), "/auth") || strings.Contains(err.Error(), fakePassword) {
				t.Fatalf("err = %v, want an error naming /auth without the password", err)
			}
		})
	}
}
