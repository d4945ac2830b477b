package client

import (
	"context"
	"fmt"
	"sync"
	"time"

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
		t, ok := res.Val.(issuedToken) // the zero token with an error
		if !ok && res.Err == nil {
			res.Err = fmt.Errorf("GET %s: the authentication gave no token", authPath)
		}
		return t, res.Err
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
	t, err := a.client.requestToken(ctx, a.client.cfg.Username, a.client.cfg.Password)
	if err != nil {
		return issuedToken{}, err
	}

	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.generation++
	a.token = t.Token
	a.renewAt = renewalTime(t.Token, now)
	return issuedToken{a.token, a.generation}, nil
}

// renewalTime reads the token's exp without verifying it (the client has no
// key) and returns when to renew: shortly before exp. Zero means no usable
// expiry, so the client relies on the server's 401. A token that looks
// expired already (clock skew) also gives zero, so that the client does not
// authenticate before every call.
func renewalTime(token string, now time.Time) time.Time {
	exp, iat := tokenTimes(token)
	if exp.IsZero() {
		return time.Time{}
	}
	issued := now
	if !iat.IsZero() && iat.Before(exp) {
		issued = iat
	}
	margin := min(exp.Sub(issued)/10, renewMarginMax)
	renewAt := exp.Add(-margin)
	if !renewAt.After(now) {
		return time.Time{}
	}
	return renewAt
}
