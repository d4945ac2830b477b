package provider

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// allProviderEnv is every setting's environment variable.
var allProviderEnv = []string{
	envEndpoint, envUsername, envPassword, envAppName, envInsecureSkipVerify, envCACertPEM, envRequestTimeout,
	envMaxRetries, envMaxRetryWait, envMaxRequestsPerSecond, envBatching, envBatchWindow, envMaxBatchSize, envServerExtensions,
	envMaxActiveAPIUsers, envEraseOnlyFromTrash,
}

// nullProviderModel is a provider block with no attribute set.
func nullProviderModel() providerModel {
	return providerModel{
		Endpoint: types.StringNull(), Username: types.StringNull(), Password: types.StringNull(), AppName: types.StringNull(),
		InsecureSkipVerify: types.BoolNull(), CACertPEM: types.StringNull(), RequestTimeout: timetypes.NewGoDurationNull(),
		MaxRetries: types.Int64Null(), MaxRetryWait: timetypes.NewGoDurationNull(), MaxRequestsPerSecond: types.Float64Null(),
		Batching: types.BoolNull(), BatchWindow: timetypes.NewGoDurationNull(), MaxBatchSize: types.Int64Null(), ServerExtensions: types.StringNull(),
		MaxActiveAPIUsers: types.Int64Null(), EraseOnlyFromTrash: types.BoolNull(),
	}
}

// TestSettingsFromEnvironment: every setting can come from its variable,
// and an attribute wins over it.
func TestSettingsFromEnvironment(t *testing.T) {
	values := map[string]string{
		envEndpoint: "https://users.example.com", envUsername: "admin", envPassword: "Admin-Passw0rd1", envAppName: "pipeline",
		envInsecureSkipVerify: "true", envCACertPEM: "-----BEGIN CERTIFICATE-----", envRequestTimeout: "45s",
		envMaxRetries: "7", envMaxRetryWait: "1m", envMaxRequestsPerSecond: "2.5", envBatching: "false",
		envBatchWindow: "80ms", envMaxBatchSize: "25", envServerExtensions: "none",
		envMaxActiveAPIUsers: "10", envEraseOnlyFromTrash: "true",
	}
	if len(values) != len(allProviderEnv) {
		t.Fatalf("the test sets %d variables of %d", len(values), len(allProviderEnv))
	}
	for env, v := range values {
		t.Setenv(env, v)
	}
	var diags diag.Diagnostics
	cfg, opts := (&apiUsersProvider{version: "test"}).settings(nullProviderModel(), &diags)
	if diags.HasError() {
		t.Fatalf("settings: %v", diags)
	}
	want := client.Config{
		Endpoint: "https://users.example.com", Username: "admin", Password: "Admin-Passw0rd1", AppName: "pipeline", Version: "test",
		InsecureSkipVerify: true, CACertPEM: "-----BEGIN CERTIFICATE-----", RequestTimeout: 45 * time.Second, MaxRetries: 7,
		RetryWaitMax: time.Minute, MaxRequestsPerSecond: 2.5,
	}
	if cfg != want {
		t.Errorf("client settings from the environment:\n got %+v\nwant %+v", cfg, want)
	}
	if opts.BatchWindow != 80*time.Millisecond || opts.MaxBatchSize != 25 || !opts.DisableBatching || opts.Extensions != client.ExtensionsNone ||
		opts.MaxActiveAPIUsers == nil || *opts.MaxActiveAPIUsers != 10 || opts.EraseOnlyFromTrash == nil || !*opts.EraseOnlyFromTrash {
		t.Errorf("store settings from the environment: %+v", opts)
	}

	// Attributes win.
	m := nullProviderModel()
	m.MaxRetries, m.Batching, m.RequestTimeout, m.ServerExtensions = types.Int64Value(0), types.BoolValue(true), timetypes.NewGoDurationValue(5*time.Second), types.StringValue("auto")
	m.MaxActiveAPIUsers, m.EraseOnlyFromTrash = types.Int64Value(0), types.BoolValue(false)
	cfg, opts = (&apiUsersProvider{}).settings(m, &diags)
	if diags.HasError() || cfg.MaxRetries != 0 || opts.DisableBatching || cfg.RequestTimeout != 5*time.Second || opts.Extensions != client.ExtensionsAuto ||
		opts.MaxActiveAPIUsers == nil || *opts.MaxActiveAPIUsers != 0 || opts.EraseOnlyFromTrash == nil || *opts.EraseOnlyFromTrash {
		t.Errorf("attributes did not win over the variables: %+v %+v %v", cfg, opts, diags)
	}
}

// TestServerPolicySettingsUnset: without the attribute and the variable,
// the limits are left to the server (GET /limits).
func TestServerPolicySettingsUnset(t *testing.T) {
	for _, env := range allProviderEnv {
		t.Setenv(env, "")
	}
	var diags diag.Diagnostics
	_, opts := (&apiUsersProvider{}).settings(nullProviderModel(), &diags)
	if opts.MaxActiveAPIUsers != nil || opts.EraseOnlyFromTrash != nil {
		t.Errorf("unset settings stand in for the server: %+v", opts)
	}
}

// TestSettingsInvalidEnvironment: each invalid variable is one error naming
// the variable and the attribute.
func TestSettingsInvalidEnvironment(t *testing.T) {
	for _, env := range allProviderEnv {
		t.Setenv(env, "")
	}
	t.Setenv(envEndpoint, "https://users.example.com")
	t.Setenv(envUsername, "admin")
	t.Setenv(envPassword, "Admin-Passw0rd1")
	invalid := map[string]string{
		envInsecureSkipVerify: "yes please", envRequestTimeout: "-3s", envMaxRetries: "101", envMaxRetryWait: "soon",
		envMaxRequestsPerSecond: "-1", envBatching: "sometimes", envBatchWindow: "0s", envMaxBatchSize: "0", envServerExtensions: "some",
		envMaxActiveAPIUsers: "-1", envEraseOnlyFromTrash: "maybe",
	}
	for env, v := range invalid {
		t.Setenv(env, v)
	}
	var diags diag.Diagnostics
	(&apiUsersProvider{}).settings(nullProviderModel(), &diags)
	if diags.ErrorsCount() != len(invalid) {
		t.Errorf("%d errors for %d invalid variables: %v", diags.ErrorsCount(), len(invalid), diags)
	}
	for env := range invalid {
		attr := strings.ToLower(strings.TrimPrefix(env, "APIUSERS_"))
		found := false
		for _, d := range diags.Errors() {
			if strings.Contains(d.Detail(), env) && strings.Contains(d.Detail(), "the "+attr+" attribute is not set") {
				found = true
			}
		}
		if !found {
			t.Errorf("no error names %s and %s: %v", env, attr, diags)
		}
	}
}

// TestAccProvider_invalidEnvironment: through Terraform, an invalid variable
// is one clear error at plan time.
func TestAccProvider_invalidEnvironment(t *testing.T) {
	srv := newTestServer(t)
	clearProviderEnv(t)
	t.Setenv(envEndpoint, srv.URL())
	t.Setenv(envUsername, srv.AdminUsername())
	t.Setenv(envPassword, srv.AdminPassword())
	t.Setenv(envMaxBatchSize, "lots")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `provider "apiusers" {}` + consumer,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Invalid Provider Setting[\s\S]*APIUSERS_MAX_BATCH_SIZE environment variable \(used because the\s+max_batch_size attribute is not set\) is "lots"; it must be a whole number\s+from 1 to 10000`),
		}},
	})
}
