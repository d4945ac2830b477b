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
	"github.com/hashicorp/terraform-plugin-log/tflog"
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

// getJSON is an authenticated GET whose 2xx body is decoded into out.
// Anything else is an *APIError.
func (c *Client) getJSON(ctx context.Context, path string, limit int64, out any, what string) error {
	resp, err := c.do(ctx, request{method: http.MethodGet, path: path})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(http.MethodGet, path, resp)
	}
	return decodeJSON(http.MethodGet, path, resp, limit, out, what)
}

// write sends a write of a role or privilege link (the API makes them
// idempotent: a PUT sets, a DELETE removes), with in (when not nil) as its
// JSON body. Any 2xx is success, whatever code the server or a gateway
// chose; echoed says whether out (when not nil) was filled from its body.
//
// An answer that leaves open whether the write was applied (a redirect,
// never followed since it would carry the token elsewhere; a 5xx; no answer
// once the request had gone out) is settled by applied, which reads the
// link back: the write is done when the link shows it done, and failed
// otherwise. Reporting a failure the server did not have would leave a link
// that no state records, and the next plan would refuse to create it.
func (c *Client) write(ctx context.Context, method, path string, in, out any, what string, applied func(context.Context) (bool, error)) (echoed bool, err error) {
	req := request{method: method, path: path}
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return false, fmt.Errorf("%s %s: encoding the request: %w", method, path, err)
		}
		req.body = data
	}
	resp, err := c.do(ctx, req)
	if err == nil {
		defer resp.Body.Close()
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			if out == nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, smallBodyLimit))
				return false, nil
			}
			// What the server echoes is a bonus: an answer without it
			// (a 204, a gateway's empty 202) is success all the same.
			return decodeJSON(method, path, resp, smallBodyLimit, out, what) == nil, nil
		}
		err = newAPIError(method, path, resp)
	}
	if !writeOutcomeOpen(ctx, err) {
		return false, err
	}
	done, readErr := applied(ctx)
	switch {
	case readErr != nil:
		return false, fmt.Errorf("%w; it may or may not have been applied, and reading it back to find out failed too (%w)", err, readErr)
	case done:
		tflog.SubsystemDebug(loggingContext(ctx, c.cfg.Password), logSubsystem, "a read-back shows the write applied",
			map[string]any{"method": method, "path": path, "error": err.Error()})
		return false, nil
	}
	return false, fmt.Errorf("%w; a read-back shows it was not applied", err)
}

// writeOutcomeOpen reports whether err leaves open whether a write was
// applied: an answer that is neither a success nor a 4xx (a refusal), or a
// failure once the request may have gone out. An interrupted caller has no
// time left to read back.
func writeOutcomeOpen(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode < 400 || apiErr.StatusCode > 499
	}
	return !neverSent(err)
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
