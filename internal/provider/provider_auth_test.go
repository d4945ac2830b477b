package provider

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
	"github.com/apiusers/terraform-provider-apiusers/internal/rpcserver"
)

// Configure authenticates once: wrong credentials or an unreachable server
// are one error for the whole run, not one per resource, and a working
// token is the one every resource then uses.

// wrongPassword is a password the mock's admin does not have. It must never
// appear in a diagnostic.
const wrongPassword = "Wrong-Passw0rd-4711"

// fiveUsers is enough resources that one error each would show.
const fiveUsers = `
resource "apiusers_api_user" "svc" {
  count      = 5
  login_id   = format("auth-%03d", count.index)
  first_name = "Auth"
  last_name  = "Check"
}

data "apiusers_roles" "all" {}
`

// reportedError is one error diagnostic the provider returned.
type reportedError struct {
	rpc, summary, detail string
	attribute            *tftypes.AttributePath
}

// diagnosticRecorder serves the provider and records every error
// diagnostic it returns and every ConfigureProvider call: the diagnostics
// Terraform prints are exactly these, so "one error" can be counted
// directly rather than read from the CLI's wrapped text.
type diagnosticRecorder struct {
	mu         sync.Mutex
	configures int
	errors     []reportedError
	warnings   []reportedError
}

func (r *diagnosticRecorder) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"apiusers": func() (tfprotov6.ProviderServer, error) {
			inner, err := rpcserver.Factory(New("test"))()
			if err != nil {
				return nil, err
			}
			return &recordingServer{ProviderServer: inner, rec: r}, nil
		},
	}
}

func (r *diagnosticRecorder) record(rpc string, diags []*tfprotov6.Diagnostic) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rpc == "ConfigureProvider" {
		r.configures++
	}
	for _, d := range diags {
		if d == nil {
			continue
		}
		reported := reportedError{rpc: rpc, summary: d.Summary, detail: d.Detail, attribute: d.Attribute}
		switch d.Severity {
		case tfprotov6.DiagnosticSeverityError:
			r.errors = append(r.errors, reported)
		case tfprotov6.DiagnosticSeverityWarning:
			r.warnings = append(r.warnings, reported)
		}
	}
}

// warningsTitled returns the warnings with this summary.
func (r *diagnosticRecorder) warningsTitled(summary string) []reportedError {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []reportedError
	for _, w := range r.warnings {
		if w.summary == summary {
			out = append(out, w)
		}
	}
	return out
}

func (r *diagnosticRecorder) snapshot() (configures int, errs []reportedError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.configures, append([]reportedError(nil), r.errors...)
}

// recordingServer passes every call on and records the diagnostics of the
// calls that reach the server: configuring, and reading, planning and
// applying resources and data sources.
type recordingServer struct {
	tfprotov6.ProviderServer
	rec *diagnosticRecorder
}

func (s *recordingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	resp, err := s.ProviderServer.ConfigureProvider(ctx, req)
	if resp != nil {
		s.rec.record("ConfigureProvider", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		s.rec.record("ReadResource", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		s.rec.record("PlanResourceChange", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		s.rec.record("ApplyResourceChange", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	resp, err := s.ProviderServer.ImportResourceState(ctx, req)
	if resp != nil {
		s.rec.record("ImportResourceState", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.rec.record("ReadDataSource", resp.Diagnostics)
	}
	return resp, err
}

// requireOneError fails t unless the provider returned exactly one error
// diagnostic, from ConfigureProvider, with the given summary, and returns it.
func requireOneError(t *testing.T, rec *diagnosticRecorder, summary string) reportedError {
	t.Helper()
	_, errs := rec.snapshot()
	if len(errs) != 1 {
		var b strings.Builder
		for _, e := range errs {
			fmt.Fprintf(&b, "\n  %s: %s", e.rpc, e.summary)
		}
		t.Fatalf("the provider returned %d error diagnostics, want exactly 1 (%q from ConfigureProvider):%s", len(errs), summary, b.String())
	}
	if e := errs[0]; e.rpc != "ConfigureProvider" || e.summary != summary {
		t.Fatalf("the one error is %q from %s, want %q from ConfigureProvider", e.summary, e.rpc, summary)
	}
	return errs[0]
}

func TestAccProviderAuth_wrongPasswordIsOneError(t *testing.T) {
	srv := newTestServer(t)
	rec := &diagnosticRecorder{}
	config := fmt.Sprintf(`
provider "apiusers" {
  endpoint = %[1]q
  username = %[2]q
  password = %[3]q
}
`, srv.URL(), srv.AdminUsername(), wrongPassword) + fiveUsers
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{{
			Config: config,
			ExpectError: regexp.MustCompile(fmt.Sprintf(`Invalid Provider Credentials[\s\S]*%s[\s\S]*%q[\s\S]*%s[\s\S]*%s`,
				regexp.QuoteMeta(srv.URL()), srv.AdminUsername(), envUsername, envPassword)),
		}},
	})

	e := requireOneError(t, rec, "Invalid Provider Credentials")
	if strings.Contains(e.detail, wrongPassword) {
		t.Errorf("the diagnostic contains the password:\n%s", e.detail)
	}
	// Terraform prints the configuration line of the attribute a
	// diagnostic names: it must be the username's, not the password's.
	if want := tftypes.NewAttributePath().WithAttributeName("username"); e.attribute == nil || !e.attribute.Equal(want) {
		t.Errorf("the diagnostic is attributed to %v, want the username attribute", e.attribute)
	}
	configures, _ := rec.snapshot()
	if auths := srv.Requests(http.MethodGet, mockserver.RouteAuth); auths < 1 || auths > configures {
		t.Errorf("%d GET /auth for %d provider configurations, want one per configuration at most (and at least one)", auths, configures)
	}
	for _, route := range [][2]string{{http.MethodGet, mockserver.RouteUsers}, {http.MethodPut, mockserver.RouteSync}, {http.MethodGet, mockserver.RouteRoles}} {
		if n := srv.Requests(route[0], route[1]); n != 0 {
			t.Errorf("%s %s was called %d times: no resource or data source may run without a token", route[0], route[1], n)
		}
	}
}

// closedPortEndpoint is an endpoint on this machine where nothing listens:
// connecting is refused at once.
func closedPortEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return endpoint
}

func TestAccProviderAuth_unreachableServerIsOneError(t *testing.T) {
	endpoint := closedPortEndpoint(t)
	rec := &diagnosticRecorder{}
	config := fmt.Sprintf(`
provider "apiusers" {
  endpoint    = %[1]q
  username    = "admin"
  password    = %[2]q
  max_retries = 1
}
`, endpoint, wrongPassword) + fiveUsers
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: regexp.MustCompile(`Unable to Reach the Server[\s\S]*` + regexp.QuoteMeta(endpoint) + `[\s\S]*connection\s+refused`),
		}},
	})
	e := requireOneError(t, rec, "Unable to Reach the Server")
	if !strings.Contains(e.detail, "connection refused at "+endpoint) || strings.Contains(e.detail, wrongPassword) {
		t.Errorf("the diagnostic should name the endpoint and the refused connection, and never the password:\n%s", e.detail)
	}
}

// TestAccProviderAuth_configureTokenIsReused: with good credentials every
// provider configuration authenticates exactly once, and its resources and
// data sources use that token instead of authenticating again.
func TestAccProviderAuth_configureTokenIsReused(t *testing.T) {
	srv := newTestServer(t)
	rec := &diagnosticRecorder{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{
			{Config: providerConfig(srv) + fiveUsers},
			{Config: providerConfig(srv) + fiveUsers, PlanOnly: true},
		},
	})
	configures, errs := rec.snapshot()
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if auths := srv.Requests(http.MethodGet, mockserver.RouteAuth); auths != configures {
		t.Errorf("%d GET /auth for %d provider configurations, want exactly one each: the resources must use Configure's token", auths, configures)
	}
}
