package client

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLoggingContextMasksSecrets(t *testing.T) {
	var buf bytes.Buffer
	ctx := loggingContext(tflogtest.RootLogger(context.Background(), &buf), "pa55-Word", "tok.en.value")
	tflog.SubsystemDebug(ctx, logSubsystem, "message with pa55-Word and tok.en.value",
		map[string]any{"password": "anything", "Authtoken": "other", "note": "has tok.en.value inside"})
	tflog.Debug(ctx, "root logger with pa55-Word", map[string]any{"userPassword": "x1"})
	out := buf.String()
	for _, secret := range []string{"pa55-Word", "tok.en.value", "anything", "other", "x1"} {
		if strings.Contains(out, secret) {
			t.Errorf("log output contains %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "apiusers_client") || !strings.Contains(out, "***") {
		t.Errorf("expected masked subsystem output, got:\n%s", out)
	}
}

func TestRequestsLogWithoutSecrets(t *testing.T) {
	f, store := newJDoeFake(t, "jdoe")
	f.handle(routeSync, func(w http.ResponseWriter, r *http.Request) {
		store.record(t, r)
		answerSync(w, false, "0: rejected for the test")
	})
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c := f.client()
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	f.revokeTokens() // a 401 and a re-authentication are logged too
	_ = c.TrySync(ctx, addAndModifyOps())

	out := buf.String()
	token := c.auth.token
	for _, secret := range []string{fakePassword, newUserPassword, token} {
		if secret == "" || strings.Contains(out, secret) {
			t.Errorf("log output contains a secret (%d chars) or the token is empty", len(secret))
		}
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var sawResponse bool
	for _, e := range entries {
		if e["@message"] == "received response" && e["path"] == "/users" && e["method"] == "GET" &&
			e["status"] != nil && e["attempt"] != nil && e["duration_ms"] != nil {
			sawResponse = true
		}
	}
	if !sawResponse {
		t.Errorf("no structured 'received response' entry for GET /users in:\n%s", out)
	}
	if !strings.Contains(out, "ADD svc-new") {
		t.Errorf("sync operations should be logged by method and login id:\n%s", out)
	}
}
