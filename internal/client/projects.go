package client

import (
	"context"
	"net/http"
	"net/url"
	"slices"
)

const projectsPath = "/projects"

func projectPrivilegesPath(projectID string) string {
	return projectsPath + "/" + url.PathEscape(projectID) + "/privileges"
}

func userPrivilegesPath(projectID, loginID string) string {
	return projectPrivilegesPath(projectID) + "/" + url.PathEscape(loginID)
}

// ListProjects is GET /projects.
func (c *Client) ListProjects(ctx context.Context) ([]Project, error) {
	return getPartB[[]Project](ctx, c, projectsPath, ExtensionProjects, "a JSON array of projects")
}

// ListProjectPrivileges is GET /projects/{projectId}/privileges.
func (c *Client) ListProjectPrivileges(ctx context.Context, projectID string) ([]ProjectPrivileges, error) {
	var privileges []ProjectPrivileges
	if err := c.getJSON(ctx, projectPrivilegesPath(projectID), usersBodyLimit, &privileges, "a JSON array of privilege sets"); err != nil {
		return nil, err
	}
	for i := range privileges {
		if privileges[i].ProjectID == "" {
			privileges[i].ProjectID = projectID // the list form leaves it implicit
		}
	}
	return privileges, nil
}

// SetProjectPrivileges is PUT /projects/{projectId}/privileges/{userID}. It
// returns the set the server stored, or nil when the answer did not say
// (a 204, say): the set sent is then the one to record.
func (c *Client) SetProjectPrivileges(ctx context.Context, projectID, loginID string, privileges []string) (*ProjectPrivileges, error) {
	if privileges == nil {
		privileges = []string{} // send [], never null
	}
	in := struct {
		Privileges []string `json:"privileges"`
	}{privileges}
	var p ProjectPrivileges
	echoed, err := c.write(ctx, http.MethodPut, userPrivilegesPath(projectID, loginID), in, &p, "a JSON privilege set",
		func(ctx context.Context) (bool, error) {
			held, ok, err := c.heldPrivileges(ctx, projectID, loginID)
			return ok && sameSet(held, privileges), err
		})
	if err != nil || !echoed {
		return nil, err
	}
	return &p, nil
}

// DeleteProjectPrivileges is DELETE /projects/{projectId}/privileges/{userID}.
func (c *Client) DeleteProjectPrivileges(ctx context.Context, projectID, loginID string) error {
	_, err := c.write(ctx, http.MethodDelete, userPrivilegesPath(projectID, loginID), nil, nil, "",
		func(ctx context.Context) (bool, error) {
			_, ok, err := c.heldPrivileges(ctx, projectID, loginID)
			return !ok, err
		})
	return err
}

// heldPrivileges reads back what loginID holds on projectID; ok is false
// when it holds nothing there.
func (c *Client) heldPrivileges(ctx context.Context, projectID, loginID string) (held []string, ok bool, err error) {
	all, err := c.ListProjectPrivileges(ctx, projectID)
	if err != nil {
		return nil, false, err
	}
	i := slices.IndexFunc(all, func(p ProjectPrivileges) bool { return LoginKey(p.UserID) == LoginKey(loginID) })
	if i < 0 {
		return nil, false, nil
	}
	return all[i].Privileges, true, nil
}

func sameSet(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
