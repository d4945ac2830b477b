package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// request is one API call before authentication is added.
type request struct {
	method  string
	path    string // below /api/v1.0, ids already escaped
	header  http.Header
	body    []byte
	policy  retryPolicy
	secrets []string // what body holds that must not be repeated (a sync's passwords)
}

// send performs req through the retrying transport, with the secrets it
// carries masked in every log line the attempt writes and in any server text
// its answer puts in an error (serverText).
func (c *Client) send(ctx context.Context, req request) (*http.Response, error) {
	ctx = loggingContext(ctx, append([]string{c.cfg.Password, req.header.Get("Authtoken")}, req.secrets...)...)
	st := &requestState{method: req.method, path: req.path, policy: req.policy}
	ctx = withRequestState(ctx, st)
	var body any
	if req.body != nil {
		body = req.body
	}
	hr, err := retryablehttp.NewRequestWithContext(ctx, req.method, c.baseURL+req.path, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: building the request: %w", req.method, req.path, err)
	}
	for k, v := range req.header {
		hr.Header[k] = v
	}
	hr.Header.Set("User-Agent", c.userAgent)
	hr.Header.Set("Accept", "application/json")
	if req.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			return nil, apiErr
		}
		var te *transportError
		betweenAttempts := !errors.As(err, &te)
		if betweenAttempts {
			// retryablehttp returns without giveUp only when the caller
			// gave up during a backoff wait.
			te = &transportError{endpoint: c.Endpoint(), err: err}
		}
		te.secrets = requestSecrets(ctx)
		err = fmt.Errorf("%s %s: %w", req.method, req.path, te)
		// Under retryUnsent every attempt before the last was retried, so
		// none of them can have been applied (see checkRetry); the request
		// as a whole was not sent when the last attempt wrote nothing, or
		// when there was no last attempt.
		if req.policy == retryUnsent && (betweenAttempts || !st.wrote.Load()) {
			err = &unsentError{err: err}
		}
		return nil, err
	}
	return resp, nil
}

// do sends an authenticated request. A 401 means the token was refused
// (expired, or the server restarted): the client authenticates once more and
// repeats the request once, never more.
func (c *Client) do(ctx context.Context, req request) (*http.Response, error) {
	if req.header == nil {
		req.header = http.Header{}
	}
	for attempt := 1; ; attempt++ {
		tok, err := c.auth.current(ctx)
		if err != nil {
			// Without a token the request itself never went out.
			return nil, &unsentError{err: err, noToken: true}
		}
		req.header.Set("Authtoken", tok.token)
		resp, err := c.send(ctx, req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusUnauthorized {
			return resp, nil
		}
		if attempt == 2 {
			apiErr := newAPIError(req.method, req.path, resp)
			_ = resp.Body.Close()
			apiErr.Message = joinReasons(apiErr.Message, "the server refused a freshly issued token too; "+
				"the user may lack the rights for this call or the server may not accept its own tokens")
			return nil, apiErr
		}
		discard(resp)
		c.auth.rejected(tok.generation)
	}
}

func joinReasons(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// discard drains and closes a body so that the connection can be reused.
func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, smallBodyLimit))
	_ = resp.Body.Close()
}

// getJSON is an authenticated GET whose 200 body is decoded into out.
func (c *Client) getJSON(ctx context.Context, path string, limit int64, out any, what string) error {
	return c.callJSON(ctx, http.MethodGet, path, nil, limit, out, what)
}

// callJSON sends in (when not nil) as JSON and decodes a 200 answer into out
// (when not nil). 204 is success without a body. Anything else is an
// *APIError.
func (c *Client) callJSON(ctx context.Context, method, path string, in any, limit int64, out any, what string) error {
	req := request{method: method, path: path}
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: encoding the request: %w", method, path, err)
		}
		req.body = data
	}
	resp, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNoContent && out == nil:
		return nil
	case resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusCreated:
		if out == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, smallBodyLimit))
			return nil
		}
		return decodeJSON(method, path, resp, limit, out, what)
	}
	return newAPIError(method, path, resp)
}

// newAPIError builds the error of a non-success answer from its
// {"error": ...} body, or from the start of whatever text it had instead.
func newAPIError(method, path string, resp *http.Response) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: resp.StatusCode, RetryAfter: serverText(resp, resp.Header.Get("Retry-After"))}
	if wait, ok := parseRetryAfter(e.RetryAfter, time.Now()); ok {
		e.ResetAt = time.Now().Add(wait)
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, smallBodyLimit))
	var body struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(data, &body) == nil {
		e.Message = serverText(resp, body.Error)
	} else if text := bytes.TrimSpace(data); len(text) > 0 && path != authPath {
		e.Message = "(not a JSON error body) " + truncateForError(resp, text)
	}
	return e
}
