package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestServerTextEscapesControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, é and 日本":             "plain text, é and 日本",
		"line one\nline two":               "line one\nline two", // newlines are kept
		"\x1b[31mred\x1b[0m":               `\x1b[31mred\x1b[0m`,
		"\x1b]0;title\x07":                 `\x1b]0;title\a`,
		"carriage\rreturn\ttab\x00nul\x7f": `carriage\rreturn\ttab\x00nul\x7f`,
		"c1 \u009b2J":                      `c1 \u009b2J`,
		"raw \x9b2J byte":                  `raw \x9b2J byte`,
		"admin\u202egnp.exe":               `admin\u202egnp.exe`,
	} {
		if got := serverText(nil, in); got != want {
			t.Errorf("serverText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestServerTextInErrorsMasksSecretsAndEscapes: whatever text the server
// sends back (an error body, a sync's reason, a body that is not JSON), the
// client's errors hold neither a secret it sent (the admin password, the
// token, a password of the sync) nor a raw control character.
func TestServerTextInErrorsMasksSecretsAndEscapes(t *testing.T) {
	const esc = "\x1b[2J\x1b]0;pwned\x07"
	f := newFakeAPI(t)
	var token string
	f.handle(routeUsers, func(w http.ResponseWriter, r *http.Request) {
		token = r.Header.Get("Authtoken")
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "refused token " + token + " of admin/" + fakePassword + esc})
	})
	f.handle("GET /api/v1.0/roles", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		// The token at the very end of the quoted start of the body: a cut
		// must not leave part of it.
		_, _ = w.Write([]byte(strings.Repeat("x", 60) + r.Header.Get("Authtoken") + esc))
	})
	f.handle(routeSync, func(w http.ResponseWriter, _ *http.Request) {
		answerSync(w, false, "0: userPassword "+newUserPassword+" is too weak \u202e")
	})
	c := f.client(func(cfg *Config) { cfg.MaxRetries = 0 })
	ctx := context.Background()

	_, usersErr := c.ListUsers(ctx)
	_, rolesErr := c.ListRoles(ctx)
	syncErr := c.TrySync(ctx, addAndModifyOps())
	// Go's transport refuses a header with a control character, quoting the
	// whole line in its error.
	f.handle("GET /api/v1.0/projects", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.Header.Get("Authtoken")+" "+fakePassword+esc)
		w.WriteHeader(http.StatusOK)
	})
	_, projectsErr := c.ListProjects(ctx)
	for _, tc := range []struct {
		name    string
		err     error
		escaped string
	}{
		{"GET /users", usersErr, `\x1b[2J`},
		{"GET /roles", rolesErr, `\x1b[2J`},
		{"PUT /users/sync", syncErr, `\u202e`},
		{"GET /projects", projectsErr, `x1b[2J`},
	} {
		if tc.err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		msg := tc.err.Error()
		for secret, what := range map[string]string{fakePassword: "admin password", token: "token", token[:20]: "start of the token", newUserPassword: "user password"} {
			if strings.Contains(msg, secret) {
				t.Errorf("%s: the error holds the %s: %q", tc.name, what, msg)
			}
		}
		if strings.ContainsAny(msg, "\x1b\x07\u202e") || !strings.Contains(msg, tc.escaped) {
			t.Errorf("%s: control characters must be escaped, not dropped: %q", tc.name, msg)
		}
	}
	var se *SyncError
	if !errors.As(syncErr, &se) || se.Index != 0 || !strings.Contains(se.Reason, "userPassword *** is too weak") {
		t.Errorf("the sync's reason should keep its words with the password masked: %+v", se)
	}
	if !strings.Contains(usersErr.Error(), "refused token *** of admin/***") {
		t.Errorf("the error body should keep its words with the secrets masked: %v", usersErr)
	}
}
