package mockserver

import (
	"errors"
	"fmt"
	"net/http"
)

// This file holds GET /auth and the token checks every other route relies on
// (the tokens themselves: tokens.go).

// tokenHeader carries the token on every call but GET /auth.
const tokenHeader = "Authtoken"

type authAnswer struct {
	AuthenticationToken string `json:"AuthenticationToken"`
	Status              string `json:"Status"`
}

// handleAuth is GET /auth. Unknown users, wrong passwords and users that are
// not ACTIVE all get the same 401, after the same bcrypt work; too many of
// them in a row get 429 (login_throttle.go).
func (s *Server) handleAuth(w http.ResponseWriter, r *http.Request) {
	username, password, app := r.Header.Get("username"), r.Header.Get("password"), r.Header.Get("appName")
	began := s.now()
	if wait, throttled := s.logins.begin(username, r, began); throttled {
		w.Header().Set("Retry-After", retryAfterSeconds(wait))
		writeError(w, http.StatusTooManyRequests, "too many failed logins; retry after %s seconds", retryAfterSeconds(wait))
		return
	}
	s.mu.Lock()
	var candidate *storedUser
	if u, ok := s.st.user(username); ok {
		copied := *u
		candidate = &copied
	}
	s.mu.Unlock()

	if !passwordMatches(candidate, password) || candidate.Status != StatusActive {
		writeJSON(w, http.StatusUnauthorized, authAnswer{AuthenticationToken: "", Status: "401"})
		return
	}
	s.logins.succeeded(username, r, began)
	token, err := s.issueToken(candidate.UserID, app, s.tokenTTL(candidate))
	if err != nil {
		writeError(w, http.StatusInternalServerError, "issuing the token: %v", err)
		return
	}
	writeJSON(w, http.StatusOK, authAnswer{AuthenticationToken: token, Status: "200"})
}

// errUnauthenticated marks every reason a token is refused (401).
var errUnauthenticated = errors.New("unauthenticated")

// authenticate checks the request's token and returns the caller, who must
// still exist and be ACTIVE.
func (s *Server) authenticate(r *http.Request) (UserRecord, error) {
	raw := r.Header.Get(tokenHeader)
	if raw == "" {
		return UserRecord{}, fmt.Errorf("%w: missing %s header; get a token from GET /api/v1.0/auth", errUnauthenticated, tokenHeader)
	}
	subject, err := s.tokenSubject(raw)
	if err != nil {
		return UserRecord{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.user(subject)
	if !ok || u.Status != StatusActive {
		return UserRecord{}, fmt.Errorf("%w: the token's user no longer exists or is not ACTIVE", errUnauthenticated)
	}
	return u.clone(), nil
}

// isAccountAdmin reports whether the caller may write.
func (s *Server) isAccountAdmin(caller UserRecord) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.holdsRole(RoleAccountAdmin, caller.UserID)
}
