package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryPolicy says which failures the transport may retry by itself.
type retryPolicy int

const (
	// retryIdempotent retries 429, 502, 503, 504 and connection errors.
	retryIdempotent retryPolicy = iota
	// retryUnsent is for PUT /users/sync, which must not be applied twice:
	// only 429 and failures before anything was written are retried; every
	// other failure is left to the caller to resolve by reading back.
	retryUnsent
)

// requestState travels in the request's context so that the hooks and the
// retry policy, which retryablehttp calls without our request, can find it.
type requestState struct {
	method, path string
	policy       retryPolicy
	attempt      int       // 1-based; set before each attempt
	started      time.Time // of the current attempt
	wrote        atomic.Bool
}

type requestStateKey struct{}

func withRequestState(ctx context.Context, st *requestState) context.Context {
	ctx = context.WithValue(ctx, requestStateKey{}, st)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		// Anything on the wire means the server may have acted on it.
		WroteHeaders: func() { st.wrote.Store(true) },
	})
}

func requestStateFrom(ctx context.Context) *requestState {
	st, _ := ctx.Value(requestStateKey{}).(*requestState)
	if st == nil {
		return &requestState{}
	}
	return st
}

// newTLSConfig verifies certificates unless told otherwise and trusts the
// configured CA certificates in addition to the system's.
func newTLSConfig(cfg Config) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipVerify} //nolint:gosec // opt-in by the user
	if cfg.CACertPEM == "" {
		return tc, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM([]byte(cfg.CACertPEM)) {
		return nil, errors.New("the CA certificate PEM contains no valid certificate; " +
			"give one or more PEM blocks that begin with -----BEGIN CERTIFICATE-----")
	}
	tc.RootCAs = pool
	return tc, nil
}

func (c *Client) newRetryableClient(tlsConfig *tls.Config) *retryablehttp.Client {
	base := &http.Transport{} // bare only if a program replaced http.DefaultTransport
	if def, ok := http.DefaultTransport.(*http.Transport); ok {
		base = def.Clone()
	}
	base.TLSClientConfig = tlsConfig
	if c.cfg.Dialer != nil {
		base.DialContext = c.cfg.Dialer.DialContext
	}
	return &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport: &gatedTransport{client: c, base: base},
			// Redirects would carry credentials to wherever they point.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Logger:          nil, // logging goes through the hooks, which see the request's context
		RetryWaitMin:    c.cfg.RetryWaitMin,
		RetryWaitMax:    c.cfg.RetryWaitMax,
		RetryMax:        c.cfg.MaxRetries,
		RequestLogHook:  logAttempt,
		ResponseLogHook: logResponse,
		CheckRetry:      c.checkRetry,
		Backoff:         backoff,
		ErrorHandler:    c.giveUp,
	}
}

// gatedTransport applies what all requests of one Client share: the
// rate-limit gate and the pacing limiter. It also bounds each attempt by
// RequestTimeout (after the waits, which must not eat the attempt's time).
type gatedTransport struct {
	client *Client
	base   http.RoundTripper
}

func (t *gatedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := requestStateFrom(ctx)
	done, err := t.client.gate.wait(ctx, t.client.cfg.RetryWaitMax)
	if err != nil {
		var tooLong *gateTooLongError
		if errors.As(err, &tooLong) {
			return nil, &APIError{
				Method: st.method, Path: st.path, StatusCode: http.StatusTooManyRequests,
				Message:    "an earlier request of this provider was told to wait",
				RetryAfter: tooLong.retryAfter, ResetAt: tooLong.until,
			}
		}
		return nil, err
	}
	if t.client.limiter != nil {
		if err := t.client.limiter.Wait(ctx); err != nil {
			done(0, "")
			return nil, fmt.Errorf("waiting for the client-side request pacing: %w", err)
		}
	}
	timeout := t.client.cfg.RequestTimeout
	attemptCtx, cancel := context.WithTimeout(ctx, timeout)
	// Go checks a request (its headers, its URL) before it asks for a
	// connection; an error without that request is Go's refusal to send it.
	var connecting atomic.Bool
	traced := httptrace.WithClientTrace(attemptCtx, &httptrace.ClientTrace{GetConn: func(string) { connecting.Store(true) }})
	resp, err := t.base.RoundTrip(req.WithContext(traced))
	if err != nil {
		// The transport says only "context deadline exceeded"; whose
		// deadline it was is known here alone.
		switch {
		case attemptTimedOut(ctx, attemptCtx):
			err = &requestTimeoutError{timeout: timeout, err: err}
		case !connecting.Load() && attemptCtx.Err() == nil:
			err = &refusedError{err: err}
		}
		cancel()
		done(0, "")
		return nil, err
	}
	done(resp.StatusCode, resp.Header.Get("Retry-After"))
	resp.Body = &attemptBody{ReadCloser: resp.Body, parent: ctx, attempt: attemptCtx, timeout: timeout, cancel: cancel}
	return resp, nil
}

// attemptBody is the body of one attempt's answer: reading it is bounded by
// the attempt's timeout too, which ends once the body is closed.
type attemptBody struct {
	io.ReadCloser
	parent, attempt context.Context
	timeout         time.Duration
	cancel          context.CancelFunc
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && attemptTimedOut(b.parent, b.attempt) {
		err = &requestTimeoutError{timeout: b.timeout, reading: true, err: err}
	}
	return n, err
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// checkRetry is the retry policy of API.md's transport rules.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	st := requestStateFrom(ctx)
	if err != nil {
		var apiErr *APIError
		switch {
		case errors.As(err, &apiErr):
			return false, nil // the rate-limit gate said the wait is too long
		case isPermanentTransportError(err):
			return false, nil
		case st.policy == retryUnsent && st.wrote.Load():
			return false, nil // may have been applied: the caller reads back
		}
		logRetry(ctx, st, "request failed; retrying", map[string]any{"error": err.Error()})
		return true, nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return c.retryAfterFits(ctx, resp), nil
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return st.policy != retryUnsent && c.retryAfterFits(ctx, resp), nil
	}
	return false, nil
}

// retryAfterFits reports whether a Retry-After the server asked for (if any)
// can be waited for: not longer than RetryWaitMax nor past the deadline.
func (c *Client) retryAfterFits(ctx context.Context, resp *http.Response) bool {
	wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if !ok {
		return true
	}
	return wait <= c.cfg.RetryWaitMax && !exceedsDeadline(ctx, wait)
}

// isPermanentTransportError is a failure that retrying cannot fix.
func isPermanentTransportError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
		recordHeader     tls.RecordHeaderError
		refused          *refusedError
	)
	return errors.As(err, &refused) || errors.As(err, &unknownAuthority) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &verification) || errors.As(err, &recordHeader)
}

// backoff is capped exponential backoff with jitter; a Retry-After the
// server sent is the minimum. It is written here because go-retryablehttp
// (v0.7) has none like it: its DefaultBackoff is exponential without
// jitter, so callers failing together retry together, and its jittered
// backoffs grow only linearly.
func backoff(minWait, maxWait time.Duration, attemptNum int, resp *http.Response) time.Duration {
	wait := minWait
	for i := 0; i < attemptNum && wait < maxWait; i++ {
		wait *= 2 // doubling one step at a time cannot overflow past maxWait
	}
	wait = min(wait, maxWait)
	// Equal jitter: between half and all of the computed wait.
	if half := wait / 2; half > 0 {
		wait = half + rand.N(half+1) //nolint:gosec // jitter spreads retries; it needs no unpredictability
	}
	if resp != nil {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && ra > wait {
			wait = ra
		}
		ctx := resp.Request.Context()
		logRetry(ctx, requestStateFrom(ctx), "retrying after the server's answer",
			map[string]any{"status": resp.StatusCode, "wait": wait.String()})
	}
	return wait
}

// giveUp hands the last answer to the caller, which turns it into an
// *APIError, or says how often a transport failure was tried.
func (c *Client) giveUp(resp *http.Response, err error, numTries int) (*http.Response, error) {
	if err == nil {
		return resp, nil
	}
	if resp != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		_ = resp.Body.Close()
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return nil, apiErr
	}
	return nil, &transportError{attempts: numTries, endpoint: c.Endpoint(), err: err}
}
