// Package client speaks the Users API described in ../shared/API.md: token
// authentication, GET /users, PUT /users/sync and the Part B extensions for
// roles, project privileges and catalogues.
package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
)

// Config configures a Client. Only Endpoint, Username and Password are required.
type Config struct {
	Endpoint           string // e.g. https://tenant.example.com (without /api/v1.0)
	Username           string
	Password           string
	AppName            string
	Version            string // provider version, for the User-Agent
	InsecureSkipVerify bool
	CACertPEM          string        // extra trusted CA certificates, PEM
	RequestTimeout     time.Duration // per HTTP attempt; 0 = default 30s
	MaxRetries         int           // retries after the first attempt; <0 = default 4
	RetryWaitMin       time.Duration // first backoff; 0 = default 500ms
	RetryWaitMax       time.Duration // cap of one backoff and of any single Retry-After wait; 0 = default 30s
	// MaxRequestsPerSecond paces requests client-side across the whole
	// process; 0 = no pacing.
	MaxRequestsPerSecond float64
	// Dialer, when set, opens the connections instead of the system's
	// dialer. Tests serve the API in memory through it (internal/memnet), so
	// that the client's timers can run on testing/synctest's fake clock.
	Dialer Dialer
}

// Dialer opens connections; *net.Dialer is one.
type Dialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// Client is safe for concurrent use. One Client is shared by everything one
// provider process does, so that authentication and rate-limit back-off are
// shared too.
type Client struct {
	cfg       Config
	baseURL   string // endpoint + "/api/v1.0", no trailing slash
	http      *retryablehttp.Client
	auth      *authenticator
	gate      *rateLimitGate
	limiter   *rate.Limiter // nil when MaxRequestsPerSecond is 0
	userAgent string
}

// Defaults for the Config fields left zero.
const (
	DefaultAppName        = "terraform-provider-apiusers"
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetries     = 4
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 30 * time.Second

	apiPrefix = "/api/v1.0"
)

// New validates cfg and returns a Client. It does not contact the server.
func New(cfg Config) (*Client, error) {
	base, err := validateEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, &ConfigError{Setting: SettingEndpoint, Err: err}
	}
	if cfg.Username == "" {
		return nil, &ConfigError{Setting: SettingUsername, Err: errors.New("the API username is empty: set the username the client authenticates with")}
	}
	if cfg.Password == "" {
		return nil, &ConfigError{Setting: SettingPassword, Err: errors.New("the API password is empty: set the password of the API username")}
	}
	// GET /auth carries these three in headers: a value a header cannot
	// carry (a secret file's trailing newline, say) could never
	// authenticate, and Go would refuse to send it at all.
	for _, h := range []struct{ setting, what, value string }{
		{SettingUsername, "API username", cfg.Username},
		{SettingPassword, "API password", cfg.Password},
		{SettingAppName, "app name", cfg.AppName},
	} {
		if !ValidHeaderValue(h.value) {
			return nil, &ConfigError{Setting: h.setting, Err: fmt.Errorf("the %s must be %s, because it is sent in a request header; "+
				"check for a line break or space copied along with it", h.what, HeaderValueRule)}
		}
	}
	if cfg.RequestTimeout < 0 || cfg.RetryWaitMin < 0 || cfg.RetryWaitMax < 0 || cfg.MaxRequestsPerSecond < 0 {
		return nil, errors.New("request timeout, retry waits and max requests per second must not be negative")
	}
	applyDefaults(&cfg)
	if cfg.RetryWaitMin > cfg.RetryWaitMax {
		return nil, fmt.Errorf("the minimum retry wait (%s) is longer than the maximum (%s)", cfg.RetryWaitMin, cfg.RetryWaitMax)
	}
	tlsConfig, err := newTLSConfig(cfg)
	if err != nil {
		return nil, &ConfigError{Setting: SettingCACertPEM, Err: err}
	}
	c := &Client{
		cfg:       cfg,
		baseURL:   base + apiPrefix,
		gate:      &rateLimitGate{changed: make(chan struct{})},
		userAgent: "terraform-provider-apiusers/" + cfg.Version,
	}
	if cfg.MaxRequestsPerSecond > 0 {
		// Burst 1: requests are spaced evenly rather than sent in bursts the
		// server would answer with 429.
		c.limiter = rate.NewLimiter(rate.Limit(cfg.MaxRequestsPerSecond), 1)
	}
	c.http = c.newRetryableClient(tlsConfig)
	c.auth = &authenticator{client: c}
	return c, nil
}

// Endpoint is the server's base URL as the client uses it: without a
// trailing slash or /api/v1.0, and never with credentials (New refuses
// those), so that it may appear in errors.
func (c *Client) Endpoint() string { return strings.TrimSuffix(c.baseURL, apiPrefix) }

// Username is the login id the client authenticates as: the provider's own
// user, which plans must not lock out.
func (c *Client) Username() string { return c.cfg.Username }

func applyDefaults(cfg *Config) {
	if cfg.AppName == "" {
		cfg.AppName = DefaultAppName
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RetryWaitMin == 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax == 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
}

// validateEndpoint returns the endpoint without a trailing slash (and without
// a trailing /api/v1.0, which people often paste along). Plain http is only
// accepted towards the local machine because the password and the token
// travel in request headers.
func validateEndpoint(endpoint string) (string, error) {
	if endpoint == "" {
		return "", errors.New("the API endpoint is empty: set it to the server's base URL, e.g. https://tenant.example.com")
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		// url.Error quotes the input, which may hold credentials: keep only the reason.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("the API endpoint is not a valid URL: %w", err)
	}
	if u.User != nil {
		return "", fmt.Errorf("the API endpoint %q must not contain credentials; "+
			"set the username and password settings instead", u.Redacted())
	}
	endpoint = u.Redacted()
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("the API endpoint %q must be an absolute https:// URL such as https://tenant.example.com", endpoint)
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("the API endpoint %q uses plain http to a host that is not this machine; "+
			"the username, password and token travel in request headers and would be readable on the network. "+
			"Use https:// (plain http is only allowed for localhost, 127.0.0.0/8 and ::1)", endpoint)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("the API endpoint %q must not have a query or fragment", endpoint)
	}
	base := strings.TrimRight(u.String(), "/")
	base = strings.TrimSuffix(base, apiPrefix)
	return strings.TrimRight(base, "/"), nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
