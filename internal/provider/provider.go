// Package provider implements the apiusers Terraform provider.
package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
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

var (
	_ provider.Provider                       = (*apiUsersProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*apiUsersProvider)(nil)
	_ provider.ProviderWithListResources      = (*apiUsersProvider)(nil)
	_ provider.ProviderWithActions            = (*apiUsersProvider)(nil)
)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &apiUsersProvider{version: version} }
}

type apiUsersProvider struct {
	version string
	// knownWave is store.Options.KnownWave: 0 but in the tests that count
	// syncs.
	knownWave int
	// clock is "now" for the whole provider (providerData.now); nil is
	// time.Now. Acceptance tests build the provider with a fake clock they
	// move, so that timing is tested without waiting.
	clock func() time.Time
}

type providerModel struct {
	Endpoint             types.String         `tfsdk:"endpoint"`
	Username             types.String         `tfsdk:"username"`
	Password             types.String         `tfsdk:"password"`
	AppName              types.String         `tfsdk:"app_name"`
	InsecureSkipVerify   types.Bool           `tfsdk:"insecure_skip_verify"`
	CACertPEM            types.String         `tfsdk:"ca_cert_pem"`
	RequestTimeout       timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxRetries           types.Int64          `tfsdk:"max_retries"`
	MaxRetryWait         timetypes.GoDuration `tfsdk:"max_retry_wait"`
	MaxRequestsPerSecond types.Float64        `tfsdk:"max_requests_per_second"`
	Batching             types.Bool           `tfsdk:"batching"`
	BatchWindow          timetypes.GoDuration `tfsdk:"batch_window"`
	MaxBatchSize         types.Int64          `tfsdk:"max_batch_size"`
	ServerExtensions     types.String         `tfsdk:"server_extensions"`
	MaxActiveAPIUsers    types.Int64          `tfsdk:"max_active_api_users"`
	EraseOnlyFromTrash   types.Bool           `tfsdk:"erase_only_from_trash"`
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
				MarkdownDescription: "Login id of an administrator holding the `account_admin` role. May also be set with `" + envUsername + "`. " +
					"Plans that would lock this user out (deactivate, destroy, replace or re-password it, or take `account_admin` away from it) are refused: make such changes as another admin.",
				Optional: true,
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
				MarkdownDescription: "Skip TLS certificate verification. Only for tests against servers with self-signed certificates; prefer `ca_cert_pem`. Defaults to `false`. May also be set with `" + envInsecureSkipVerify + "`.",
				Optional:            true,
			},
			"ca_cert_pem": schema.StringAttribute{
				MarkdownDescription: "PEM-encoded CA certificates to trust in addition to the system's, for servers behind a private CA. May also be set with `" + envCACertPEM + "`.",
				Optional:            true,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of one HTTP attempt, as a Go duration (`30s`, `2m`). Defaults to `30s`. May also be set with `" + envRequestTimeout + "`.",
				CustomType:          timetypes.GoDurationType{},
				Optional:            true,
				Validators:          []validator.String{validators.PositiveDuration()},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request is retried after a `429`, `502`, `503`, `504` or connection error. Defaults to `4`. May also be set with `" + envMaxRetries + "`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
			"max_retry_wait": schema.StringAttribute{
				MarkdownDescription: "The longest the provider waits before one retry, including a server's `Retry-After`, as a Go duration. A server asking for longer makes the request fail at once with the limit and reset time. Defaults to `30s`. May also be set with `" + envMaxRetryWait + "`.",
				CustomType:          timetypes.GoDurationType{},
				Optional:            true,
				Validators:          []validator.String{validators.PositiveDuration()},
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Paces requests client-side across the whole provider process, whatever `-parallelism` is. Unset or `0` means no pacing. May also be set with `" + envMaxRequestsPerSecond + "`.",
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
			},
			"batching": schema.BoolAttribute{
				MarkdownDescription: "Join concurrent user creates, updates and deletes into one `PUT /users/sync`. Terraform runs at most `-parallelism` (default 10) operations at once, so a larger `-parallelism` gives larger batches. Defaults to `true`. May also be set with `" + envBatching + "`.",
				Optional:            true,
			},
			"batch_window": schema.StringAttribute{
				MarkdownDescription: "The shortest time a batch of writes waits for another operation after the last one joined, as a Go duration (longer while Terraform pauses longer between operations, up to `2s`). Defaults to `50ms`, and may also be set with `" + envBatchWindow + "`.",
				CustomType:          timetypes.GoDurationType{},
				Optional:            true,
				Validators:          []validator.String{validators.PositiveDuration()},
			},
			"max_batch_size": schema.Int64Attribute{
				MarkdownDescription: "The most operations sent in one `PUT /users/sync`. Defaults to `100`. May also be set with `" + envMaxBatchSize + "`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, maxBatchSizeLimit)},
			},
			"server_extensions": schema.StringAttribute{
				MarkdownDescription: "Which extensions of the Users API (user fields such as `status` and `description`, roles, projects, catalogues: see the Server API guide) the server has. " +
					"`auto` (default) learns it from the first user list (a field counts when any user shows it) and from `404` answers; " +
					"`none` treats the server as speaking the documented protocol alone (no extension field is sent or read, no extension path is called); " +
					"`all` assumes every extension, for a server that leaves empty fields out of its answers. " +
					"Attributes a server cannot honour are refused at plan time. May also be set with `" + envServerExtensions + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.ExtensionsModes...)},
			},
			"max_active_api_users": schema.Int64Attribute{
				MarkdownDescription: "How many API users the server lets be `active` at once, `0` for no limit; a plan that would activate more (creates, restores, status changes, less the users it deactivates or destroys) fails before anything is written. " +
					"Unset, the server's own `GET /limits` says (see the Server API guide), and a server without it has no limit checked at plan time; set, this value wins. May also be set with `" + envMaxActiveAPIUsers + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxActiveAPIUsersLimit)},
			},
			"erase_only_from_trash": schema.BoolAttribute{
				MarkdownDescription: "Whether the server deletes an API user only from the trash, so that `apiusers_api_user` refuses `deletion_mode = \"delete\"` at plan time and needs `trash_then_delete`. " +
					"Unset, the server's own `GET /limits` says (see the Server API guide), and a server without it is taken to delete directly; set, this value wins. May also be set with `" + envEraseOnlyFromTrash + "`.",
				Optional: true,
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
		data := &providerData{clock: p.clock}
		resp.ResourceData = data
		resp.DataSourceData = data
		resp.ListResourceData = data
		resp.EphemeralResourceData = data
		resp.ActionData = data
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
	// Authenticate once, here, rather than at the first call of each
	// resource: wrong credentials or an unreachable server then give one
	// error for the run instead of one per resource (a failed GET /auth is
	// not cached, so every resource would try again). The token is kept by
	// the client for the calls that follow. Without provider data no
	// resource or data source runs.
	if err := c.Authenticate(ctx); err != nil {
		switch {
		case errors.Is(err, client.ErrUnauthorized):
			// On username, not password: Terraform prints the source line of
			// the attribute a diagnostic names, and the password's line may
			// hold the password itself.
			resp.Diagnostics.AddAttributeError(path.Root("username"), "Invalid Provider Credentials",
				withCause(fmt.Sprintf("The Users API at %s refused to authenticate user %q: the password is wrong, no user has that login id, or the user's status is not ACTIVE "+
					"(the server does not say which). Check the \"username\" and \"password\" attributes of the provider block, or the %s and %s environment variables "+
					"when the attributes are not set. Nothing was read or changed.",
					c.Endpoint(), cfg.Username, envUsername, envPassword), err))
		case errors.Is(err, context.Canceled):
			resp.Diagnostics.AddError("Provider Configuration Interrupted",
				withCause(fmt.Sprintf("The provider was interrupted while authenticating with the Users API at %s. Nothing was read or changed.",
					c.Endpoint()), err))
		default:
			resp.Diagnostics.AddError("Unable to Reach the Server",
				withCause(fmt.Sprintf("The provider could not authenticate with the Users API at %s, so no resource or data source can be read or changed. "+
					"Check that the \"endpoint\" attribute (or %s) is the server's base URL, that the server is running and reachable from this machine, "+
					"and, for https, that its certificate is trusted (see ca_cert_pem).",
					c.Endpoint(), envEndpoint), err))
		}
		return
	}
	tflog.Debug(ctx, "provider configured", map[string]any{"batching": !opts.DisableBatching, "app_name": cfg.AppName})
	data := &providerData{store: store.New(c, opts), clock: p.clock}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
}

func (p *apiUsersProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		// Registered by each resource's file.
		NewAPIUserResource,
		NewRoleAssignmentResource,
		NewProjectPrivilegeResource,
		NewUserRolesResource,
	}
}

func (p *apiUsersProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewUsersDataSource,
		NewRolesDataSource,
		NewProjectsDataSource,
		NewBranchesDataSource,
		NewGroupsDataSource,
		NewUserDataSource,
		NewRoleHoldersDataSource,
		NewProjectPrivilegesDataSource,
	}
}

// ListResources are the resource types themselves (`terraform query`,
// Terraform 1.14+), sharing the resources' provider data.
func (p *apiUsersProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewAPIUserListResource,
		NewRoleAssignmentListResource,
		NewProjectPrivilegeListResource,
		NewUserRolesListResource,
	}
}

// Actions (Terraform 1.14+) share the resources' provider data.
func (p *apiUsersProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{NewDeactivateAction, NewActivateAction}
}

// EphemeralResources: apiusers_password needs no provider data (it has no
// Configure); apiusers_login logs in through the store.
func (p *apiUsersProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewPasswordEphemeralResource,
		NewLoginEphemeralResource,
	}
}

// requireStore returns the store for a resource or data source operation
// that needs the server. Before the provider is configured, or while its
// configuration still has unknown values (an endpoint computed by another
// resource, during plan), it adds an error saying so and returns nil, so
// callers return instead of dereferencing a nil store. It also returns nil,
// adding nothing, when diags already has an error (a request that did not
// decode), so that an operation checks once.
func (d *providerData) requireStore(diags *diag.Diagnostics) *store.Store {
	if diags.HasError() {
		return nil
	}
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
	client.SettingAppName:   {"app_name", envAppName},
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
			detail := withCause("The provider cannot use the configured server: check "+where+".", err)
			if ce.Setting == client.SettingPassword {
				// Not on the attribute: Terraform prints the source line of
				// the attribute a diagnostic names, which may hold the password.
				diags.AddError("Invalid Provider Setting", detail)
				return
			}
			diags.AddAttributeError(path.Root(a.attr), "Invalid Provider Setting", detail)
			return
		}
	}
	diags.AddError("Invalid Provider Setting",
		withCause("The provider settings could not be used to build a Users API client.", err))
}
