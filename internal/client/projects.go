package client

import (
	"context"
	"net/http"
	"net/url"
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
	var projects []Project
	if err := c.getJSON(ctx, projectsPath, smallBodyLimit, &projects, "a JSON array of projects"); err != nil {
		return nil, asMissingExtension(err, ExtensionProjects, "GET "+projectsPath)
	}
	return projects, nil
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

// SetProjectPrivileges is PUT /projects/{projectId}/privileges/{userID}.
func (c *Client) SetProjectPrivileges(ctx context.Context, projectID, loginID string, privileges []string) (*ProjectPrivileges, error) {
	if privileges == nil {
		privileges = []string{} // send [], never null
	}
	in := struct {
		Privileges []string `json:"privileges"`
	}{privileges}
	var p ProjectPrivileges
	if err := c.callJSON(ctx, http.MethodPut, userPrivilegesPath(projectID, loginID), in, smallBodyLimit, &p, "a JSON privilege set"); err != nil {
		return nil, err
	}
	return &p, nil
}

// DeleteProjectPrivileges is DELETE /projects/{projectId}/privileges/{userID}.
func (c *Client) DeleteProjectPrivileges(ctx context.Context, projectID, loginID string) error {
	return c.callJSON(ctx, http.MethodDelete, userPrivilegesPath(projectID, loginID), nil, smallBodyLimit, nil, "")
}
