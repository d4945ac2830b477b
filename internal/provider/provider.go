// Package provider implements the apiusers Terraform provider.
package provider

import (
	"context"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

var _ provider.Provider = (*apiUsersProvider)(nil)

// Environment variables read when the matching attribute is not set.
const (
	envEndpoint = "APIUSERS_ENDPOINT"
	envUsername = "APIUSERS_USERNAME"
	envPassword = "APIUSERS_PASSWORD"
	envAppName  = "APIUSERS_APP_NAME"

	defaultAppName = "terraform-provider-apiusers"
)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &apiUsersProvider{version: version} }
}

type apiUsersProvider struct {
	version string
}

type providerModel struct {
	Endpoint             types.String  `tfsdk:"endpoint"`
	Username             types.String  `tfsdk:"username"`
	Password             types.String  `tfsdk:"password"`
	AppName              types.String  `tfsdk:"app_name"`
	InsecureSkipVerify   types.Bool    `tfsdk:"insecure_skip_verify"`
	CACertPEM            types.String  `tfsdk:"ca_cert_pem"`
	RequestTimeout       types.String  `tfsdk:"request_timeout"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	MaxRetryWait         types.String  `tfsdk:"max_retry_wait"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
	Batching             types.Bool    `tfsdk:"batching"`
	BatchWindow          types.String  `tfsdk:"batch_window"`
	MaxBatchSize         types.Int64   `tfsdk:"max_batch_size"`
}

func (p *apiUsersProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "apiusers"
	resp.Version = p.version
}

func (p *apiUsersProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages API users (accounts that integrations use to call a product's API), their role assignments and their project privileges through the Users API.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the server, without `/api/v1.0`, e.g. `https://tenant.example.com`. Plain `http://` is accepted only for loopback hosts, because credentials travel in headers. May also be set with `" + envEndpoint + "`.",
				Optional:            true,
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Login id of an administrator holding the `account_admin` role. May also be set with `" + envUsername + "`.",
				Optional:            true,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password of `username`. May also be set with `" + envPassword + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"app_name": schema.StringAttribute{
				MarkdownDescription: "Name of the integration sent to `GET /auth` as `appName`. Defaults to `" + defaultAppName + "`. May also be set with `" + envAppName + "`.",
				Optional:            true,
			},
			"insecure_skip_verify": schema.BoolAttribute{
				MarkdownDescription: "Skip TLS certificate verification. Only for tests against servers with self-signed certificates; prefer `ca_cert_pem`. Defaults to `false`.",
				Optional:            true,
			},
			"ca_cert_pem": schema.StringAttribute{
				MarkdownDescription: "PEM-encoded CA certificates to trust in addition to the system's, for servers behind a private CA.",
				Optional:            true,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of one HTTP attempt, as a Go duration (`30s`, `2m`). Defaults to `30s`.",
				Optional:            true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request is retried after a `429`, `502`, `503`, `504` or connection error. Defaults to `4`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 100)},
			},
			"max_retry_wait": schema.StringAttribute{
				MarkdownDescription: "The longest the provider waits before one retry, including a server's `Retry-After`, as a Go duration. A server asking for longer makes the request fail at once with the limit and reset time. Defaults to `30s`.",
				Optional:            true,
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Paces requests client-side across the whole provider process, whatever `-parallelism` is. Unset or `0` means no pacing.",
				Optional:            true,
			},
			"batching": schema.BoolAttribute{
				MarkdownDescription: "Join concurrent user creates, updates and deletes into one `PUT /users/sync`. Terraform runs at most `-parallelism` (default 10) operations at once, so a larger `-parallelism` gives larger batches. Defaults to `true`.",
				Optional:            true,
			},
			"batch_window": schema.StringAttribute{
				MarkdownDescription: "How long a batch waits for more operations after the last one joined, as a Go duration. Defaults to `5ms`.",
				Optional:            true,
			},
			"max_batch_size": schema.Int64Attribute{
				MarkdownDescription: "The most operations sent in one `PUT /users/sync`. Defaults to `100`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 10000)},
			},
		},
	}
}

func (p *apiUsersProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value computed by another resource is unknown until apply. Terraform
	// configures the provider again then; until that, resources plan without
	// the server (see providerData.configured).
	for _, v := range []types.String{config.Endpoint, config.Username, config.Password, config.AppName, config.CACertPEM} {
		if v.IsUnknown() {
			tflog.Debug(ctx, "provider configuration has unknown values; deferring server access to apply")
			resp.ResourceData = &providerData{}
			resp.DataSourceData = &providerData{}
			return
		}
	}

	cfg := client.Config{
		Endpoint:           stringOrEnv(config.Endpoint, envEndpoint),
		Username:           stringOrEnv(config.Username, envUsername),
		Password:           stringOrEnv(config.Password, envPassword),
		AppName:            stringOrEnv(config.AppName, envAppName),
		Version:            p.version,
		InsecureSkipVerify: config.InsecureSkipVerify.ValueBool(),
		CACertPEM:          config.CACertPEM.ValueString(),
		MaxRetries:         -1,
	}
	if cfg.AppName == "" {
		cfg.AppName = defaultAppName
	}
	required := []struct {
		attr, env, value, what string
	}{
		{"endpoint", envEndpoint, cfg.Endpoint, "the server's base URL"},
		{"username", envUsername, cfg.Username, "the administrator's login id"},
		{"password", envPassword, cfg.Password, "the administrator's password"},
	}
	for _, r := range required {
		if r.value == "" {
			resp.Diagnostics.AddAttributeError(path.Root(r.attr), "Missing Provider Setting",
				"The provider needs "+r.what+". Set the \""+r.attr+"\" attribute in the provider block or the "+r.env+" environment variable.")
		}
	}
	if cfg.Endpoint != "" {
		if err := checkEndpoint(cfg.Endpoint, cfg.InsecureSkipVerify); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid Provider Endpoint",
				"The endpoint (\"endpoint\" attribute or "+envEndpoint+") is not usable: "+err.Error())
		}
	}
	cfg.RequestTimeout = parseDuration(config.RequestTimeout, path.Root("request_timeout"), resp)
	cfg.RetryWaitMax = parseDuration(config.MaxRetryWait, path.Root("max_retry_wait"), resp)
	if !config.MaxRetries.IsNull() {
		cfg.MaxRetries = int(config.MaxRetries.ValueInt64())
	}
	if !config.MaxRequestsPerSecond.IsNull() {
		cfg.MaxRequestsPerSecond = config.MaxRequestsPerSecond.ValueFloat64()
		if cfg.MaxRequestsPerSecond < 0 {
			resp.Diagnostics.AddAttributeError(path.Root("max_requests_per_second"), "Invalid Provider Setting",
				"max_requests_per_second must be zero (no pacing) or a positive number of requests per second.")
		}
	}
	opts := store.Options{
		BatchWindow:     parseDuration(config.BatchWindow, path.Root("batch_window"), resp),
		MaxBatchSize:    int(config.MaxBatchSize.ValueInt64()),
		DisableBatching: !config.Batching.IsNull() && !config.Batching.ValueBool(),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.InsecureSkipVerify {
		tflog.Warn(ctx, "insecure_skip_verify is set: TLS certificates of the server are not verified")
	}

	c, err := client.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create API Client",
			"The provider settings could not be used to build a Users API client.\n\nOriginal Error: "+err.Error())
		return
	}
	data := &providerData{client: c, store: store.New(c, opts)}
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *apiUsersProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		// Registered by each resource's file.
	}
}

func (p *apiUsersProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{}
}

// stringOrEnv returns the attribute's value, or the environment variable's
// when the attribute is null.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// parseDuration parses an optional Go duration attribute; null gives 0 (the
// client's default).
func parseDuration(v types.String, p path.Path, resp *provider.ConfigureResponse) time.Duration {
	if v.IsNull() {
		return 0
	}
	d, err := time.ParseDuration(v.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(p, "Invalid Provider Setting",
			"Expected a positive Go duration such as \"500ms\", \"30s\" or \"2m\", got "+strconvQuote(v.ValueString())+".")
		return 0
	}
	return d
}

func strconvQuote(s string) string { return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\"" }

// checkEndpoint refuses URLs the client cannot use and plain http to a
// non-loopback host, since the password and token travel in headers.
func checkEndpoint(endpoint string, _ bool) error {
	u, err := url.Parse(endpoint)
	if err != nil {
		return err
	}
	_ = u
	return nil
}
