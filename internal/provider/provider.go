// Package provider implements the apiusers Terraform provider.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

var _ provider.Provider = (*apiUsersProvider)(nil)

// Environment variables read when the matching attribute is not set.
const (
	envEndpoint = "APIUSERS_ENDPOINT"
	envUsername = "APIUSERS_USERNAME"
	envPassword = "APIUSERS_PASSWORD"
	envAppName  = "APIUSERS_APP_NAME"
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
	ServerExtensions     types.String  `tfsdk:"server_extensions"`
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
				MarkdownDescription: "Name of the integration sent to `GET /auth` as `appName`. Defaults to `" + client.DefaultAppName + "`. May also be set with `" + envAppName + "`.",
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
				Validators:          []validator.String{validators.PositiveDuration()},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request is retried after a `429`, `502`, `503`, `504` or connection error. Defaults to `4`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 100)},
			},
			"max_retry_wait": schema.StringAttribute{
				MarkdownDescription: "The longest the provider waits before one retry, including a server's `Retry-After`, as a Go duration. A server asking for longer makes the request fail at once with the limit and reset time. Defaults to `30s`.",
				Optional:            true,
				Validators:          []validator.String{validators.PositiveDuration()},
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Paces requests client-side across the whole provider process, whatever `-parallelism` is. Unset or `0` means no pacing.",
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
			},
			"batching": schema.BoolAttribute{
				MarkdownDescription: "Join concurrent user creates, updates and deletes into one `PUT /users/sync`. Terraform runs at most `-parallelism` (default 10) operations at once, so a larger `-parallelism` gives larger batches. Defaults to `true`.",
				Optional:            true,
			},
			"batch_window": schema.StringAttribute{
				MarkdownDescription: "The shortest time a batch waits for another operation after the last one joined, as a Go duration. When Terraform pauses longer between operations (it slows down as its state grows, and on a busy machine), the batch waits a quarter longer than the longest recent pause, up to `2s`; a batch holding as many operations as Terraform runs at once goes without waiting. Defaults to `50ms`.",
				Optional:            true,
				Validators:          []validator.String{validators.PositiveDuration()},
			},
			"max_batch_size": schema.Int64Attribute{
				MarkdownDescription: "The most operations sent in one `PUT /users/sync`. Defaults to `100`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 10000)},
			},
			"server_extensions": schema.StringAttribute{
				MarkdownDescription: "Which extensions of the Users API (API.md Part B: user fields such as `status` and `description`, roles, projects, catalogues) the server has. " +
					"`auto` (default) learns it from the first user list (a field counts when any user shows it) and from `404` answers; " +
					"`none` treats the server as speaking the documented protocol alone (no extension field is sent or read, no extension path is called); " +
					"`all` assumes every extension, for a server that leaves empty fields out of its answers. " +
					"Attributes a server cannot honour are refused at plan time. May also be set with `" + envServerExtensions + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.ExtensionsModes...)},
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

	cfg, opts := p.settings(config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value computed by another resource (say the endpoint) is unknown
	// until apply. Terraform configures the provider again then; until that,
	// resources plan without the server and anything that needs it gets a
	// clear error from requireStore instead of a nil store. Settings that are
	// known have been checked above, so their mistakes still show in the plan.
	if !req.Config.Raw.IsFullyKnown() {
		tflog.Debug(ctx, "provider configuration has unknown values; deferring server access to apply")
		data := &providerData{}
		resp.ResourceData = data
		resp.DataSourceData = data
		return
	}
	if cfg.InsecureSkipVerify {
		tflog.Warn(ctx, "insecure_skip_verify is set: TLS certificates of the server are not verified")
	}

	// The client owns the endpoint and TLS rules (a parseable URL; https
	// unless the host is loopback, since credentials travel in headers); its
	// error says how to fix the value and names the setting, so it is passed
	// on, attached to the matching attribute.
	c, err := client.New(cfg)
	if err != nil {
		addClientConfigError(err, &resp.Diagnostics)
		return
	}
	tflog.Debug(ctx, "provider configured", map[string]any{"batching": !opts.DisableBatching, "app_name": cfg.AppName})
	data := &providerData{client: c, store: store.New(c, opts)}
	resp.ResourceData = data
	resp.DataSourceData = data
}

// settings turns the configuration into the client's and the store's
// settings, adding one diagnostic per missing or unusable setting. An unknown
// value counts as given: it is checked when the provider is configured again
// during apply.
func (p *apiUsersProvider) settings(config providerModel, diags *diag.Diagnostics) (client.Config, store.Options) {
	cfg := client.Config{
		Endpoint:             stringOrEnv(config.Endpoint, envEndpoint),
		Username:             stringOrEnv(config.Username, envUsername),
		Password:             stringOrEnv(config.Password, envPassword),
		AppName:              stringOrEnv(config.AppName, envAppName),
		Version:              p.version,
		InsecureSkipVerify:   config.InsecureSkipVerify.ValueBool(),
		CACertPEM:            config.CACertPEM.ValueString(),
		RequestTimeout:       durationSetting(config.RequestTimeout, "request_timeout", diags),
		MaxRetries:           -1, // the client's default
		RetryWaitMax:         durationSetting(config.MaxRetryWait, "max_retry_wait", diags),
		MaxRequestsPerSecond: config.MaxRequestsPerSecond.ValueFloat64(),
	}
	if cfg.AppName == "" {
		cfg.AppName = client.DefaultAppName // the client's default too; set here so Configure's debug log shows it
	}
	if !config.MaxRetries.IsNull() {
		cfg.MaxRetries = int(config.MaxRetries.ValueInt64())
	}
	required := []struct {
		attr, env, value, what string
		unknown                bool
	}{
		{"endpoint", envEndpoint, cfg.Endpoint, "the server's base URL, e.g. https://tenant.example.com", config.Endpoint.IsUnknown()},
		{"username", envUsername, cfg.Username, "the login id of an administrator holding the account_admin role", config.Username.IsUnknown()},
		{"password", envPassword, cfg.Password, "that administrator's password", config.Password.IsUnknown()},
	}
	for _, r := range required {
		if r.value == "" && !r.unknown {
			diags.AddAttributeError(path.Root(r.attr), "Missing Provider Setting",
				fmt.Sprintf("The provider needs %s. Set the %q attribute in the provider block or the %s environment variable.", r.what, r.attr, r.env))
		}
	}
	opts := store.Options{
		BatchWindow:     durationSetting(config.BatchWindow, "batch_window", diags),
		MaxBatchSize:    int(config.MaxBatchSize.ValueInt64()),
		DisableBatching: !config.Batching.IsNull() && !config.Batching.ValueBool(),
		Extensions:      extensionsSetting(config.ServerExtensions, diags),
	}
	return cfg, opts
}

// extensionsSetting reads server_extensions, or its environment variable,
// whose value the schema's validator cannot see.
func extensionsSetting(v types.String, diags *diag.Diagnostics) client.ExtensionsMode {
	mode := stringOrEnv(v, envServerExtensions)
	if mode == "" || slices.Contains(client.ExtensionsModes, mode) {
		return client.ExtensionsMode(mode)
	}
	diags.AddAttributeError(path.Root("server_extensions"), "Invalid Provider Setting",
		fmt.Sprintf("The %s environment variable (used because the server_extensions attribute is not set) is %q; it must be one of %s.",
			envServerExtensions, mode, strings.Join(client.ExtensionsModes, ", ")))
	return ""
}

func (p *apiUsersProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		// Registered by each resource's file.
		NewAPIUserResource,
		NewRoleAssignmentResource,
		NewProjectPrivilegeResource,
	}
}

func (p *apiUsersProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewUsersDataSource,
		NewRolesDataSource,
		NewProjectsDataSource,
	}
}

// stringOrEnv returns the attribute's value, or the environment variable's
// when the attribute is null.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// durationSetting converts an optional duration attribute; null or unknown
// gives 0 (the client's or store's default). The schema validator has already
// checked the value, so an error here means validation was skipped.
func durationSetting(v types.String, attr string, diags *diag.Diagnostics) time.Duration {
	if v.IsNull() || v.IsUnknown() {
		return 0
	}
	d, err := validators.ParsePositiveDuration(v.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Invalid Provider Setting", fmt.Sprintf("Attribute %s: %s.", attr, err))
		return 0
	}
	return d
}

// requireStore returns the store for a resource or data source operation
// that needs the server. Before the provider is configured, or while its
// configuration still has unknown values (an endpoint computed by another
// resource, during plan), it adds an error saying so and returns nil, so
// callers return instead of dereferencing a nil store.
func (d *providerData) requireStore(diags *diag.Diagnostics) *store.Store {
	if d.configured() {
		return d.store
	}
	diags.AddError("Provider Not Configured",
		"This operation needs the Users API server, but the apiusers provider is not configured yet: "+
			"its settings still have values that are known only after apply (for example an endpoint taken from another resource). "+
			"Terraform configures the provider again during apply. If this error appears during plan, make the provider settings "+
			"known at plan time, or create the resources they depend on first with `terraform apply -target=...`.")
	return nil
}

// clientSettingAttributes maps the client's settings to the provider's
// attributes and their environment variables.
var clientSettingAttributes = map[string]struct{ attr, env string }{
	client.SettingEndpoint:  {"endpoint", envEndpoint},
	client.SettingUsername:  {"username", envUsername},
	client.SettingPassword:  {"password", envPassword},
	client.SettingCACertPEM: {"ca_cert_pem", ""},
}

// addClientConfigError reports an error of client.New on the attribute it is
// about.
func addClientConfigError(err error, diags *diag.Diagnostics) {
	var ce *client.ConfigError
	if errors.As(err, &ce) {
		if a, ok := clientSettingAttributes[ce.Setting]; ok {
			where := fmt.Sprintf("the %q attribute", a.attr)
			if a.env != "" {
				where += " or the " + a.env + " environment variable"
			}
			diags.AddAttributeError(path.Root(a.attr), "Invalid Provider Setting",
				"The provider cannot use the configured server: check "+where+".\n\nOriginal Error: "+err.Error())
			return
		}
	}
	diags.AddError("Invalid Provider Setting",
		"The provider settings could not be used to build a Users API client.\n\nOriginal Error: "+err.Error())
}
