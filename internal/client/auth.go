package client

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/sync/singleflight"
)

// authPath is the token endpoint below /api/v1.0.
const authPath = "/auth"

// renewMarginMax bounds how long before its expiry a token is renewed; the
// margin is otherwise a tenth of the token's lifetime.
const renewMarginMax = 30 * time.Second

// authenticator holds the Client's token. Every caller shares it, and
// concurrent callers that need a new one share a single GET /auth.
type authenticator struct {
	client *Client

	mu         sync.Mutex
	token      string
	generation uint64    // increases with every new token
	renewAt    time.Time // zero: no known expiry, rely on 401

	flight singleflight.Group
}

func newAuthenticator(c *Client) *authenticator {
	return &authenticator{client: c}
}

type issuedToken struct {
	token      string
	generation uint64
}

// Authenticate gets the token that later calls use (GET /auth), so that a
// caller can find out once, before anything else, whether the credentials
// are accepted and the server can be reached. A token already held and not
// about to expire is kept: calling Authenticate never costs a second GET
// /auth, and the first call after it does not authenticate again.
//
// Refused credentials (wrong username or password, or a user that is not
// ACTIVE: the server does not say which) give an *APIError matching
// ErrUnauthorized. The error never contains the password.
func (c *Client) Authenticate(ctx context.Context) error {
	_, err := c.auth.current(ctx)
	return err
}

// current returns a usable token, authenticating when there is none or it is
// about to expire.
func (a *authenticator) current(ctx context.Context) (issuedToken, error) {
	t, seen, ok := a.usable()
	if ok {
		return t, nil
	}
	// The shared authentication must not fail because the one caller that
	// happened to start it gave up; each caller still stops waiting on its
	// own context.
	ch := a.flight.DoChan("auth", func() (any, error) {
		// A caller that found no usable token may reach here just after
		// another flight finished: use that flight's token instead of
		// authenticating again.
		if t, now, ok := a.usable(); ok && now != seen {
			return t, nil
		}
		return a.authenticate(context.WithoutCancel(ctx))
	})
	select {
	case <-ctx.Done():
		return issuedToken{}, fmt.Errorf("GET %s: %w", authPath, &transportError{err: ctx.Err()})
	case res := <-ch:
		if res.Err != nil {
			return issuedToken{}, res.Err
		}
		return res.Val.(issuedToken), nil
	}
}

// usable returns the cached token when it may still be used, and the
// current generation either way.
func (a *authenticator) usable() (t issuedToken, generation uint64, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t = issuedToken{a.token, a.generation}
	ok = a.token != "" && (a.renewAt.IsZero() || time.Now().Before(a.renewAt))
	return t, a.generation, ok
}

// rejected drops the token of the given generation after the server answered
// 401 to it. A newer token (another caller already renewed) is kept, so that
// many callers failing together cause one authentication.
func (a *authenticator) rejected(generation uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.generation == generation {
		a.token = ""
	}
}

// authenticate is GET /auth.
func (a *authenticator) authenticate(ctx context.Context) (issuedToken, error) {
	c := a.client
	header := http.Header{}
	header.Set("username", c.cfg.Username)
	header.Set("password", c.cfg.Password)
	header.Set("appName", c.cfg.AppName)
	resp, err := c.send(ctx, request{method: http.MethodGet, path: authPath, header: header})
	if err != nil {
		return issuedToken{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized {
		return issuedToken{}, &APIError{
			Method: http.MethodGet, Path: authPath, StatusCode: http.StatusUnauthorized,
			Message: fmt.Sprintf("the server refused the credentials of user %q, or that user is not ACTIVE; "+
				"check the username and password and that the user's status is ACTIVE", c.cfg.Username),
		}
	}
	if resp.StatusCode != http.StatusOK {
		return issuedToken{}, newAPIError(http.MethodGet, authPath, resp)
	}
	var body struct {
		AuthenticationToken string `json:"AuthenticationToken"`
		Status              string `json:"Status"`
	}
	if err := decodeJSON(http.MethodGet, authPath, resp, smallBodyLimit, &body, "an authentication answer"); err != nil {
		return issuedToken{}, err
	}
	if body.AuthenticationToken == "" {
		return issuedToken{}, fmt.Errorf("GET %s answered 200 but without an AuthenticationToken (Status %s)", authPath, truncateForError(resp, []byte(body.Status)))
	}

	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.generation++
	a.token = body.AuthenticationToken
	a.renewAt = renewalTime(body.AuthenticationToken, now)
	return issuedToken{a.token, a.generation}, nil
}

// renewalTime reads the token's exp without verifying it (the client has no
// key) and returns when to renew: shortly before exp. Zero means no usable
// expiry, so the client relies on the server's 401. A token that looks
// expired already (clock skew) also gives zero, so that the client does not
// authenticate before every call.
func renewalTime(token string, now time.Time) time.Time {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		return time.Time{}
	}
	exp, err := claims.GetExpirationTime()
	if err != nil || exp == nil {
		return time.Time{}
	}
	issued := now
	if iat, err := claims.GetIssuedAt(); err == nil && iat != nil && iat.Before(exp.Time) {
		issued = iat.Time
	}
	margin := min(exp.Sub(issued)/10, renewMarginMax)
	renewAt := exp.Add(-margin)
	if !renewAt.After(now) {
		return time.Time{}
	}
	return renewAt
}
