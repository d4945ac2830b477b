package mockserver

import (
	"errors"
	"fmt"
	"net/http"
)

// This file holds the role endpoints of API.md Part B and their seed helpers.

var (
	errUnknownRole = errors.New("unknown role")
	errUnknownUser = errors.New("unknown user")
	errNotHeld     = errors.New("not held")
)

func (s *Server) handleListRoles(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, roles)
}

func (s *Server) handleListRoleUsers(w http.ResponseWriter, r *http.Request) {
	if !knownRole(r.PathValue("roleId")) {
		writeError(w, http.StatusNotFound, "no role %s", quote(r.PathValue("roleId")))
		return
	}
	writeJSON(w, http.StatusOK, s.RoleHolders(r.PathValue("roleId")))
}

func (s *Server) handleAssignRole(w http.ResponseWriter, r *http.Request) {
	s.answerRoleChange(w, s.AssignRole(r.PathValue("roleId"), r.PathValue("userID")))
}

func (s *Server) handleUnassignRole(w http.ResponseWriter, r *http.Request) {
	s.answerRoleChange(w, s.UnassignRole(r.PathValue("roleId"), r.PathValue("userID")))
}

// answerRoleChange maps the result of AssignRole/UnassignRole to API.md's codes.
func (s *Server) answerRoleChange(w http.ResponseWriter, err error) {
	switch {
	case err == nil:
		w.WriteHeader(http.StatusNoContent)
	case errors.Is(err, errUnknownRole), errors.Is(err, errUnknownUser), errors.Is(err, errNotHeld):
		writeError(w, http.StatusNotFound, "%v", err)
	default:
		writeError(w, http.StatusInternalServerError, "%v", err)
	}
}

// RoleHolders returns the login ids holding roleID, sorted.
func (s *Server) RoleHolders(roleID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.roleHolders(roleID)
}

// AssignRole gives loginID the role; assigning a held role again is fine.
func (s *Server) AssignRole(roleID, loginID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.roleAndUserLocked(roleID, loginID)
	if err != nil {
		return err
	}
	s.st.assignRole(roleID, u.UserID)
	return s.saveLocked()
}

// UnassignRole takes the role from loginID; it fails when the role is not held.
func (s *Server) UnassignRole(roleID, loginID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.roleAndUserLocked(roleID, loginID)
	if err != nil {
		return err
	}
	if !s.st.holdsRole(roleID, u.UserID) {
		return fmt.Errorf("%w: %s does not hold the role %s", errNotHeld, quote(u.UserID), quote(roleID))
	}
	delete(s.st.Roles[roleID], loginKey(u.UserID))
	return s.saveLocked()
}

func (s *Server) roleAndUserLocked(roleID, loginID string) (*storedUser, error) {
	if !knownRole(roleID) {
		return nil, fmt.Errorf("%w: no role %s", errUnknownRole, quote(roleID))
	}
	u, ok := s.st.user(loginID)
	if !ok {
		return nil, fmt.Errorf("%w: no user %s", errUnknownUser, quote(loginID))
	}
	return u, nil
}
