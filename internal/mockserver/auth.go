package mockserver

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// This file holds GET /auth and the token checks every other route relies on.

// tokenHeader carries the token on every call but GET /auth.
const tokenHeader = "Authtoken"

// tokenClaims are the claims API.md gives the token: sub, app, iat, exp.
type tokenClaims struct {
	App string `json:"app"`
	jwt.RegisteredClaims
}

func newSigningKey() ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generating the token signing key: %w", err)
	}
	return key, nil
}

type authAnswer struct {
	AuthenticationToken string `json:"AuthenticationToken"`
	Status              string `json:"Status"`
}

// handleAuth is GET /auth. Unknown users, wrong passwords and users that are
// not ACTIVE all get the same 401, after the same bcrypt work.
func (s *Server) handleAuth(w http.ResponseWriter, r *http.Request, _ pathParams) {
	username, password, app := r.Header.Get("username"), r.Header.Get("password"), r.Header.Get("appName")
	s.mu.Lock()
	var candidate *storedUser
	if u, ok := s.st.user(username); ok {
		copied := *u
		candidate = &copied
	}
	key := s.signingKey
	s.mu.Unlock()

	if !passwordMatches(candidate, password) || candidate.Status != StatusActive {
		writeJSON(w, http.StatusUnauthorized, authAnswer{AuthenticationToken: "", Status: "401"})
		return
	}
	ttl := s.opts.TokenTTL
	if candidate.TokenExpires > 0 {
		ttl = time.Duration(candidate.TokenExpires) * time.Second
	}
	now := s.now()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, tokenClaims{
		App: app,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   candidate.UserID,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
	}).SignedString(key)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "signing the token: %v", err)
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
	s.mu.Lock()
	key := s.signingKey
	s.mu.Unlock()
	var claims tokenClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(s.now),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return UserRecord{}, fmt.Errorf("%w: the token has expired; authenticate again", errUnauthenticated)
	case err != nil:
		// Never echo the token: the reason names the failure only.
		return UserRecord{}, fmt.Errorf("%w: the token is invalid (malformed, unsigned, signed with another key, or revoked by ExpireTokens); authenticate again", errUnauthenticated)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.user(claims.Subject)
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

// ExpireTokens makes every token issued so far answer 401, as if expired, by
// replacing the signing key.
func (s *Server) ExpireTokens() {
	key, err := newSigningKey()
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signingKey = key
	_ = s.saveLocked() // a later change saves again; tokens are refused either way
}
