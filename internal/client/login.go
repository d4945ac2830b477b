package client

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token is a token GET /auth issued, with its expiry when the token says
// (zero otherwise).
type Token struct {
	Token     string
	ExpiresAt time.Time
}

// Login is GET /auth as another user than the client's own: it proves that
// username and password authenticate, and returns the token. The client's
// own token is neither used nor replaced, so the provider's calls carry on
// as themselves. Refused credentials (a wrong password or login id, or a
// user that is not ACTIVE: the server does not say which) give an *APIError
// matching ErrUnauthorized. The password is never in the error or the logs.
func (c *Client) Login(ctx context.Context, username, password string) (Token, error) {
	if !ValidHeaderValue(username) || !ValidHeaderValue(password) {
		return Token{}, fmt.Errorf("GET %s: the login id and the password must be %s, because they are sent in request headers", authPath, HeaderValueRule)
	}
	return c.requestToken(ctx, username, password)
}

// requestToken is one GET /auth with these credentials: the client's own
// authentication and Login share it.
func (c *Client) requestToken(ctx context.Context, username, password string) (Token, error) {
	header := http.Header{}
	header.Set("username", username)
	header.Set("password", password)
	header.Set("appName", c.cfg.AppName)
	resp, err := c.send(ctx, request{method: http.MethodGet, path: authPath, header: header, secrets: []string{password}})
	if err != nil {
		return Token{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized {
		return Token{}, &APIError{
			Method: http.MethodGet, Path: authPath, StatusCode: http.StatusUnauthorized,
			Message: fmt.Sprintf("the server refused the credentials of user %q, or that user is not ACTIVE; "+
				"check the username and password and that the user's status is ACTIVE", username),
		}
	}
	if resp.StatusCode != http.StatusOK {
		return Token{}, newAPIError(http.MethodGet, authPath, resp)
	}
	var body struct {
		AuthenticationToken string `json:"AuthenticationToken"`
		Status              string `json:"Status"`
	}
	if err := decodeJSON(http.MethodGet, authPath, resp, smallBodyLimit, &body, "an authentication answer"); err != nil {
		return Token{}, err
	}
	if body.AuthenticationToken == "" {
		return Token{}, fmt.Errorf("GET %s answered 200 but without an AuthenticationToken (Status %s)", authPath, truncateForError(resp, []byte(body.Status)))
	}
	exp, _ := tokenTimes(body.AuthenticationToken)
	return Token{Token: body.AuthenticationToken, ExpiresAt: exp}, nil
}

// tokenTimes reads the token's exp and iat without verifying it (the client
// has no key); each is zero when the token has none or is no JWT.
func tokenTimes(token string) (exp, iat time.Time) {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		return time.Time{}, time.Time{}
	}
	if e, err := claims.GetExpirationTime(); err == nil && e != nil {
		exp = e.Time
	}
	if i, err := claims.GetIssuedAt(); err == nil && i != nil {
		iat = i.Time
	}
	return exp, iat
}
