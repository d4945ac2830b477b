package client

import (
	"context"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestNewValidatesEndpoint(t *testing.T) {
	base := Config{Username: "u", Password: "p"}
	tests := []struct {
		endpoint string
		wantErr  string // "" = accepted
	}{
		{"https://tenant.example.com", ""},
		{"https://tenant.example.com/api/v1.0/", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://127.3.4.5", ""},
		{"http://localhost:9000", ""},
		{"http://[::1]:9000", ""},
		{"http://tenant.example.com", "Use https://"},
		{"http://10.0.0.1", "request headers"},
		{"ftp://tenant.example.com", "https://"},
		{"tenant.example.com", "absolute https:// URL"},
		{"", "endpoint is empty"},
		{"https://bad host", "not a valid URL"},
		{"https://admin:s3cret@tenant.example.com", "must not contain credentials"},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			cfg := base
			cfg.Endpoint = tt.endpoint
			c, err := New(cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New(%q) = %v, want success", tt.endpoint, err)
				}
				if strings.HasSuffix(c.baseURL, "/api/v1.0/api/v1.0") || !strings.HasSuffix(c.baseURL, "/api/v1.0") {
					t.Errorf("baseURL = %q", c.baseURL)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New(%q) error = %v, want it to contain %q", tt.endpoint, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q repeats the password in the endpoint", err)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Setting != SettingEndpoint {
				t.Errorf("error %v is not a *ConfigError for %s", err, SettingEndpoint)
			}
		})
	}
}

func TestNewNamesTheUnusableCACert(t *testing.T) {
	_, err := New(Config{Endpoint: "https://x.example.com", Username: "u", Password: "p", CACertPEM: "not a certificate"})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Setting != SettingCACertPEM {
		t.Fatalf("New with a bad CA PEM = %v, want a *ConfigError for %s", err, SettingCACertPEM)
	}
}

func TestNewDefaultsAndRequiredFields(t *testing.T) {
	c, err := New(Config{Endpoint: "https://x.example.com", Username: "u", Password: "p", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.RequestTimeout != DefaultRequestTimeout || c.cfg.MaxRetries != DefaultMaxRetries ||
		c.cfg.RetryWaitMin != DefaultRetryWaitMin || c.cfg.RetryWaitMax != DefaultRetryWaitMax ||
		c.cfg.AppName != DefaultAppName || c.limiter != nil {
		t.Errorf("defaults not applied: %+v", c.cfg)
	}
	if c.userAgent != "terraform-provider-apiusers/dev" {
		t.Errorf("User-Agent = %q", c.userAgent)
	}
	for _, cfg := range []Config{
		{Endpoint: "https://x.example.com", Password: "p"},
		{Endpoint: "https://x.example.com", Username: "u"},
		{Endpoint: "https://x.example.com", Username: "u", Password: "p", RetryWaitMin: 3e9, RetryWaitMax: 1e9},
		{Endpoint: "https://x.example.com", Username: "u", Password: "p", CACertPEM: "not a pem"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted an invalid configuration", cfg)
		}
	}
}

func TestCACertPEMIsTrusted(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1.0/auth" {
			writeJSON(w, http.StatusOK, map[string]string{"AuthenticationToken": "opaque-token", "Status": "200"})
			return
		}
		writeJSON(w, http.StatusOK, []map[string]any{{"key": 1, "userID": "admin"}})
	}))
	defer srv.Close()
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	ctx := context.Background()
	newClient := func(edit func(*Config)) *Client {
		cfg := Config{Endpoint: srv.URL, Username: "u", Password: "p", MaxRetries: 3, RetryWaitMin: 1e6, RetryWaitMax: 1e7}
		edit(&cfg)
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	if _, err := newClient(func(*Config) {}).ListUsers(ctx); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the CA: err = %v, want a certificate error", err)
	}
	users, err := newClient(func(c *Config) { c.CACertPEM = caPEM }).ListUsers(ctx)
	if err != nil || len(users) != 1 {
		t.Fatalf("with the CA: users=%v err=%v", users, err)
	}
	if _, err := newClient(func(c *Config) { c.InsecureSkipVerify = true }).ListUsers(ctx); err != nil {
		t.Fatalf("with InsecureSkipVerify: %v", err)
	}
}

func TestRequestHeadersAndPathEscaping(t *testing.T) {
	f := newFakeAPI(t)
	var gotPath, gotAgent, gotAccept string
	f.handle("GET /api/v1.0/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotAgent, gotAccept = r.URL.EscapedPath(), r.UserAgent(), r.Header.Get("Accept")
		writeJSON(w, http.StatusOK, map[string]any{"key": 5, "userID": r.PathValue("id")})
	})
	u, err := f.client().GetUser(context.Background(), "a/b c")
	if err != nil {
		t.Fatal(err)
	}
	if u.UserID != "a/b c" || gotPath != "/api/v1.0/users/a%2Fb%20c" {
		t.Errorf("user %q, path %q", u.UserID, gotPath)
	}
	if gotAgent != "terraform-provider-apiusers/1.2.3" || gotAccept != "application/json" {
		t.Errorf("User-Agent %q, Accept %q", gotAgent, gotAccept)
	}
}

func TestContextCancellationStopsWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(t)
		f.handle(routeUsers, func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers
		})
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client().ListUsers(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v; want the context's error", err)
		}
		if waited := time.Since(start); waited != 200*time.Millisecond {
			t.Errorf("waited %v, want the context's 200ms", waited)
		}
	})
}
