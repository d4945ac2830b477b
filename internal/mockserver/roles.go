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

func (s *Server) handleListRoles(w http.ResponseWriter, _ *http.Request, _ pathParams) {
	writeJSON(w, http.StatusOK, roles)
}

func (s *Server) handleListRoleUsers(w http.ResponseWriter, _ *http.Request, p pathParams) {
	if !knownRole(p["roleId"]) {
		writeError(w, http.StatusNotFound, "no role %s", quote(p["roleId"]))
		return
	}
	writeJSON(w, http.StatusOK, s.RoleHolders(p["roleId"]))
}

func (s *Server) handleAssignRole(w http.ResponseWriter, _ *http.Request, p pathParams) {
	s.answerRoleChange(w, s.AssignRole(p["roleId"], p["userID"]), p)
}

func (s *Server) handleUnassignRole(w http.ResponseWriter, _ *http.Request, p pathParams) {
	s.answerRoleChange(w, s.UnassignRole(p["roleId"], p["userID"]), p)
}

// answerRoleChange maps the result of AssignRole/UnassignRole to API.md's codes.
func (s *Server) answerRoleChange(w http.ResponseWriter, err error, p pathParams) {
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
