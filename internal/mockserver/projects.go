package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// This file holds the project and privilege endpoints of API.md Part B and
// their seed helpers.

var (
	errUnknownProject  = errors.New("unknown project")
	errBadPrivileges   = errors.New("bad privileges")
	errNoPrivilegesSet = errors.New("no privileges")
)

type privilegesJSON struct {
	ProjectID  string   `json:"projectId,omitempty"`
	UserID     string   `json:"userID"`
	Privileges []string `json:"privileges"`
}

type privilegesRequest struct {
	Privileges []string `json:"privileges"`
}

func (s *Server) handleListProjects(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, projects)
}

// handleListPrivileges is GET /projects/{projectId}/privileges, ordered by login id.
func (s *Server) handleListPrivileges(w http.ResponseWriter, r *http.Request) {
	projectID := r.PathValue("projectId")
	if !knownProject(projectID) {
		writeError(w, http.StatusNotFound, "no project %s", quote(projectID))
		return
	}
	s.mu.Lock()
	out := []privilegesJSON{}
	for k, privs := range s.st.Privileges[projectID] {
		if u, ok := s.st.Users[k]; ok {
			out = append(out, privilegesJSON{UserID: u.UserID, Privileges: slices.Clone(privs)})
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b privilegesJSON) int { return strings.Compare(a.UserID, b.UserID) })
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleGetPrivileges(w http.ResponseWriter, r *http.Request) {
	privs, userID, err := s.privileges(r.PathValue("projectId"), r.PathValue("userID"))
	if err != nil {
		writeError(w, http.StatusNotFound, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, privilegesJSON{ProjectID: r.PathValue("projectId"), UserID: userID, Privileges: privs})
}

func (s *Server) handleSetPrivileges(w http.ResponseWriter, r *http.Request) {
	var req privilegesRequest
	if err := decodeJSONBody(r, &req); err != nil {
		writeError(w, http.StatusBadRequest, "the body must be {\"privileges\": [...]}: %v", err)
		return
	}
	err := s.SetPrivileges(r.PathValue("projectId"), r.PathValue("userID"), req.Privileges)
	switch {
	case errors.Is(err, errBadPrivileges):
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	case errors.Is(err, errUnknownProject), errors.Is(err, errUnknownUser):
		writeError(w, http.StatusNotFound, "%v", err)
		return
	case err != nil:
		writeError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	s.handleGetPrivileges(w, r)
}

func (s *Server) handleDeletePrivileges(w http.ResponseWriter, r *http.Request) {
	err := s.deletePrivileges(r.PathValue("projectId"), r.PathValue("userID"))
	switch {
	case err == nil:
		w.WriteHeader(http.StatusNoContent)
	case errors.Is(err, errUnknownProject), errors.Is(err, errUnknownUser), errors.Is(err, errNoPrivilegesSet):
		writeError(w, http.StatusNotFound, "%v", err)
	default:
		writeError(w, http.StatusInternalServerError, "%v", err)
	}
}

// Privileges returns loginID's privileges on projectID, sorted; nil if none.
func (s *Server) Privileges(projectID, loginID string) []string {
	privs, _, _ := s.privileges(projectID, loginID)
	return privs
}

// privileges returns the set and the user's canonical login id, or an error
// saying why there is none.
func (s *Server) privileges(projectID, loginID string) ([]string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.projectAndUserLocked(projectID, loginID)
	if err != nil {
		return nil, "", err
	}
	privs, ok := s.st.Privileges[projectID][loginKey(loginID)]
	if !ok {
		return nil, "", fmt.Errorf("%w: %s holds no privileges on %s", errNoPrivilegesSet, quote(u.UserID), quote(projectID))
	}
	return slices.Clone(privs), u.UserID, nil
}

// SetPrivileges replaces loginID's privilege set on projectID.
func (s *Server) SetPrivileges(projectID, loginID string, privileges []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.projectAndUserLocked(projectID, loginID); err != nil {
		return err
	}
	normalized, err := normalizePrivileges(privileges)
	if err != nil {
		return fmt.Errorf("%w: %w", errBadPrivileges, err)
	}
	if s.st.Privileges[projectID] == nil {
		s.st.Privileges[projectID] = map[string][]string{}
	}
	s.st.Privileges[projectID][loginKey(loginID)] = normalized
	return s.saveLocked()
}

func (s *Server) deletePrivileges(projectID, loginID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.projectAndUserLocked(projectID, loginID)
	if err != nil {
		return err
	}
	if _, ok := s.st.Privileges[projectID][loginKey(loginID)]; !ok {
		return fmt.Errorf("%w: %s holds no privileges on %s", errNoPrivilegesSet, quote(u.UserID), quote(projectID))
	}
	delete(s.st.Privileges[projectID], loginKey(loginID))
	return s.saveLocked()
}

func (s *Server) projectAndUserLocked(projectID, loginID string) (*storedUser, error) {
	if !knownProject(projectID) {
		return nil, fmt.Errorf("%w: no project %s", errUnknownProject, quote(projectID))
	}
	u, ok := s.st.user(loginID)
	if !ok {
		return nil, fmt.Errorf("%w: no user %s", errUnknownUser, quote(loginID))
	}
	return u, nil
}
