package mockserver

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// This file holds the tokens GET /auth issues and every other call checks.
//
// Under the extended protocol a token is the JWT API.md describes (HS256,
// claims sub, app, iat, exp); the state file keeps its signing key, so tokens
// survive a restart. Under the documented protocol a token is an opaque random
// string that only the server can resolve: a client has no business looking
// inside a token, and one that does fails its tests against that mode. Opaque
// tokens live in memory only, so that no token material ever reaches the
// state file; after a restart they answer 401 and the client authenticates
// again, as it must after any 401.

// tokenClaims are the claims API.md gives the token: sub, app, iat, exp.
type tokenClaims struct {
	App string `json:"app"`
	jwt.RegisteredClaims
}

// opaqueToken is what the server remembers of an opaque token.
type opaqueToken struct {
	subject string // login id
	expires time.Time
}

// opaqueTokenBytes is the entropy of an opaque token; base64url makes 43 characters.
const opaqueTokenBytes = 32

func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("generating random bytes for a token: %w", err)
	}
	return b, nil
}

func newSigningKey() ([]byte, error) { return randomBytes(32) }

// tokenTTL is how long a token of u lives: its tokenExpires when set, else
// Options.TokenTTL.
func (s *Server) tokenTTL(u *storedUser) time.Duration {
	if u.TokenExpires > 0 {
		return time.Duration(u.TokenExpires) * time.Second
	}
	return s.opts.TokenTTL
}

// issueToken returns a new token for subject, valid for ttl from now.
func (s *Server) issueToken(subject, app string, ttl time.Duration) (string, error) {
	now := s.now()
	if s.documented() {
		return s.issueOpaqueToken(subject, now.Add(ttl))
	}
	s.mu.Lock()
	key := s.signingKey
	s.mu.Unlock()
	return jwt.NewWithClaims(jwt.SigningMethodHS256, tokenClaims{
		App: app,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   subject,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
	}).SignedString(key)
}

func (s *Server) issueOpaqueToken(subject string, expires time.Time) (string, error) {
	b, err := randomBytes(opaqueTokenBytes)
	if err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	// Forget expired tokens here, so that the map holds live tokens only.
	for t, known := range s.opaqueTokens {
		if !now.Before(known.expires) {
			delete(s.opaqueTokens, t)
		}
	}
	s.opaqueTokens[token] = opaqueToken{subject: subject, expires: expires}
	return token, nil
}

// Reasons a token is refused. Neither echoes the token.
var (
	errTokenExpired = fmt.Errorf("%w: the token has expired; authenticate again", errUnauthenticated)
	errTokenInvalid = fmt.Errorf("%w: the token is invalid (malformed, unsigned, signed with another key, unknown to this server, or revoked by ExpireTokens); authenticate again", errUnauthenticated)
)

// tokenSubject returns the login id a valid, unexpired token was issued to.
func (s *Server) tokenSubject(raw string) (string, error) {
	if s.documented() {
		s.mu.Lock()
		known, ok := s.opaqueTokens[raw]
		s.mu.Unlock()
		switch {
		case !ok:
			return "", errTokenInvalid
		case !s.now().Before(known.expires):
			return "", errTokenExpired
		}
		return known.subject, nil
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
		return "", errTokenExpired
	case err != nil:
		return "", errTokenInvalid
	}
	return claims.Subject, nil
}

// ExpireTokens makes every token issued so far answer 401, as if expired: it
// replaces the signing key and forgets the opaque tokens.
func (s *Server) ExpireTokens() {
	key, err := newSigningKey()
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signingKey = key
	clear(s.opaqueTokens)
	_ = s.saveLocked() // a later change saves again; tokens are refused either way
}
