package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// This file holds the fixed catalogues of API.md: groups, roles, projects and
// the privilege names. Branches are configurable (Options.Branches).

type group struct {
	GroupID int64  `json:"groupId"`
	Name    string `json:"name"`
}

// Group ids the ADD defaults refer to.
const (
	groupAdmin int64 = 1
	groupUser  int64 = 2
	groupAPI   int64 = 4
)

var groups = []group{{1, "Admin"}, {2, "User"}, {3, "Guest"}, {4, "API"}}

// groupByID returns the group with that id.
func groupByID(id int64) (group, bool) {
	for _, g := range groups {
		if g.GroupID == id {
			return g, true
		}
	}
	return group{}, false
}

// groupByName matches a group name case-insensitively.
func groupByName(name string) (group, bool) {
	for _, g := range groups {
		if strings.EqualFold(g.Name, name) {
			return g, true
		}
	}
	return group{}, false
}

type role struct {
	RoleID      string `json:"roleId"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// RoleAccountAdmin is the role whose holders may write (sync, roles, privileges).
const RoleAccountAdmin = "account_admin"

var roles = []role{
	{RoleAccountAdmin, "Account admin", "May manage users, roles and privileges."},
	{"api_default", "API default role", "Read and write data through the API."},
	{"read_only", "Read only", "GET requests only."},
	{"reports", "Reports", "Run and read reports."},
}

func knownRole(id string) bool {
	return slices.ContainsFunc(roles, func(r role) bool { return r.RoleID == id })
}

type project struct {
	ProjectID string `json:"projectId"`
	Name      string `json:"name"`
}

var projects = []project{{"badges", "Badges"}, {"visitors", "Visitors"}, {"contractors", "Contractors"}}

func knownProject(id string) bool {
	return slices.ContainsFunc(projects, func(p project) bool { return p.ProjectID == id })
}

// PrivilegeAccessProducer is required in every non-empty privilege set.
const PrivilegeAccessProducer = "access_producer"

// privilegeNames is the catalogue of API.md (seed 004).
var privilegeNames = []string{
	PrivilegeAccessProducer, "add_records", "edit_records", "deactivate_records", "trash_records",
	"erase_records", "capture_photo_id", "capture_signature", "print_card", "preview_card",
}

// normalizePrivileges checks a requested privilege set against the catalogue
// and returns it sorted and de-duplicated.
func normalizePrivileges(requested []string) ([]string, error) {
	if len(requested) == 0 {
		return nil, fmt.Errorf("privileges must not be empty (delete the privileges instead)")
	}
	for _, p := range requested {
		if !slices.Contains(privilegeNames, p) {
			return nil, fmt.Errorf("unknown privilege %s; known: %s", quote(p), strings.Join(privilegeNames, ", "))
		}
	}
	if !slices.Contains(requested, PrivilegeAccessProducer) {
		return nil, fmt.Errorf("privileges must include %s: every other privilege requires it", PrivilegeAccessProducer)
	}
	out := slices.Clone(requested)
	slices.Sort(out)
	return slices.Compact(out), nil
}

type branch struct {
	BranchID int64  `json:"branchId"`
	Name     string `json:"name"`
}

func branchName(id int64) string { return fmt.Sprintf("Branch %d", id) }

func (s *Server) handleListBranches(w http.ResponseWriter, _ *http.Request) {
	out := make([]branch, 0, len(s.opts.Branches))
	for _, id := range sortedUnique(s.opts.Branches) {
		out = append(out, branch{BranchID: id, Name: branchName(id)})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleListGroups(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, groups)
}
