package faults_test

import (
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// tlsConfig is one API user behind a provider block with extra settings.
func tlsConfig(loginID, providerLines string) string {
	return tfcli.RequiredProviders + fmt.Sprintf(`
provider "apiusers" {
%s
}

resource "apiusers_api_user" "tls" {
  login_id   = %q
  first_name = "Over"
  last_name  = "TLS"
}
`, providerLines, loginID)
}

// TestTLSVerification serves the mock over TLS with a self-signed
// certificate on loopback: verification is on by default (a clear
// certificate error), ca_cert_pem makes it trusted, insecure_skip_verify
// works but logs a warning, and plain http to another host is refused with
// a fix.
func TestTLSVerification(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(ts.Close)
	certPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}))

	t.Run("verified by default", func(t *testing.T) {
		w := newWorkspaceFor(t, ts.URL, srv, tlsConfig("tls-user", ""))
		res := w.Run("plan", "-no-color")
		if res.ExitCode == 0 {
			t.Fatal("plan succeeded against a self-signed certificate without ca_cert_pem")
		}
		if out := res.Output(); !strings.Contains(out, "certificate") {
			t.Errorf("the error does not say the certificate is the problem:\n%s", tfcli.Tail(out, 3000))
		}
	})
	t.Run("ca_cert_pem", func(t *testing.T) {
		w := newWorkspaceFor(t, ts.URL, srv, tlsConfig("tls-user", fmt.Sprintf("  ca_cert_pem = <<-EOT\n%sEOT", certPEM)))
		w.mustApply()
		w.RequireNoChanges()
		if _, ok := srv.User("tls-user"); !ok {
			t.Error("the user was not created over TLS")
		}
	})
	t.Run("insecure_skip_verify warns", func(t *testing.T) {
		w := newWorkspaceFor(t, ts.URL, srv, tlsConfig("tls-insecure", "  insecure_skip_verify = true"))
		w.CaptureLog("TF_LOG_PROVIDER", "WARN")
		w.mustApply()
		w.RequireNoChanges()
		if log := w.ReadFile(tfcli.LogFile); !strings.Contains(log, "insecure_skip_verify is set") {
			t.Errorf("no warning about insecure_skip_verify in the provider log:\n%s", tfcli.Tail(log, 2000))
		}
	})
	t.Run("plain http to another host", func(t *testing.T) {
		// client.New refuses the endpoint before any connection is made.
		w := newWorkspaceFor(t, "http://users.example.com", srv, tlsConfig("tls-user", ""))
		res := w.Run("plan", "-no-color")
		if res.ExitCode == 0 {
			t.Fatal("plan succeeded with plain http to a non-loopback host")
		}
		if out := res.Output(); !strings.Contains(out, "https://") || !strings.Contains(out, "endpoint") {
			t.Errorf("the error does not name the endpoint and the https fix:\n%s", tfcli.Tail(out, 3000))
		}
	})
}
