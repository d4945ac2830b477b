package client

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
)

// TestNewRefusesWhatAHeaderCannotCarry: GET /auth sends the username,
// password and app name in headers. A value a header cannot carry, most
// often a secret file's trailing newline, is refused by New, naming the
// setting and never the value.
func TestNewRefusesWhatAHeaderCannotCarry(t *testing.T) {
	const secret = "Sup3r-Secret-Passw0rd"
	for _, c := range []struct {
		setting string
		edit    func(*Config)
	}{
		{SettingPassword, func(cfg *Config) { cfg.Password = secret + "\n" }},
		{SettingPassword, func(cfg *Config) { cfg.Password = secret + "\r\n" }},
		{SettingPassword, func(cfg *Config) { cfg.Password = " " + secret }},
		{SettingUsername, func(cfg *Config) { cfg.Username = "admin\n" }},
		{SettingUsername, func(cfg *Config) { cfg.Username = "ädmin" }},
		{SettingAppName, func(cfg *Config) { cfg.AppName = "ci-pipeline\x00" }},
		{SettingAppName, func(cfg *Config) { cfg.AppName = "ci-pipeline " }},
	} {
		cfg := Config{Endpoint: "https://users.example.com", Username: "admin", Password: secret}
		c.edit(&cfg)
		_, err := New(cfg)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Setting != c.setting {
			t.Errorf("%q %q %q: got %v, want a ConfigError for %s", cfg.Username, cfg.Password, cfg.AppName, err, c.setting)
			continue
		}
		if !strings.Contains(err.Error(), HeaderValueRule) || strings.Contains(err.Error(), secret) {
			t.Errorf("error %q must state the rule and never the value", err)
		}
	}
	if _, err := New(Config{Endpoint: "https://users.example.com", Username: "admin", Password: "pass word with spaces", AppName: "my app"}); err != nil {
		t.Errorf("spaces inside the values are carried: %v", err)
	}
}

// TestRequestGoRefusesIsNotRetried: a request Go's HTTP client refuses to
// send (here a token with a line break, as a broken server might issue) is
// not a transport failure: it is tried once, reported as not sent, and a
// sync that was refused is not read back.
func TestRequestGoRefusesIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(t)
		f.handle(routeUsers, usersHandler())
		f.handle(routeSync, func(w http.ResponseWriter, _ *http.Request) { answerSync(w, true, "") })
		c := f.client(func(cfg *Config) { cfg.MaxRetries = 4 })
		c.auth.token = "broken\ntoken"

		err := c.TrySync(t.Context(), addAndModifyOps())
		if err == nil {
			t.Fatal("the sync succeeded with a token no header can carry")
		}
		var te *transportError
		if !errors.As(err, &te) || te.attempts != 1 {
			t.Errorf("want one attempt, got %v (%#v)", err, te)
		}
		if errors.Is(err, ErrSyncOutcomeUnknown) || !strings.Contains(err.Error(), "refused to send the request") {
			t.Errorf("want a sync that says it was not sent, got %v", err)
		}
		if n := f.count(routeUsers) + f.count(routeSync); n != 0 {
			t.Errorf("%d requests reached the server", n)
		}

		c = f.client(func(cfg *Config) { cfg.MaxRetries = 4 })
		c.cfg.Password += "\n" // New refuses it; the transport must not retry it either
		err = c.Authenticate(t.Context())
		if !errors.As(err, &te) || te.attempts != 1 || strings.Contains(err.Error(), fakePassword) {
			t.Errorf("want one attempt and no password in the error, got %v", err)
		}
		if f.count(routeAuth) != 0 {
			t.Errorf("%d GET /auth reached the server", f.count(routeAuth))
		}
	})
}
