package provider

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

// This file turns the provider block, and the environment variables of the
// attributes it leaves unset, into the client's and the store's settings.
// Every attribute has a variable APIUSERS_<ATTRIBUTE>, so that a pipeline
// can configure the provider from its environment alone; the attribute wins.
// The schema's validators never see a variable's value, so each is checked
// here, with the same rule and one error naming both.

// Environment variables read when the matching attribute is not set.
const (
	envEndpoint             = "APIUSERS_ENDPOINT"
	envUsername             = "APIUSERS_USERNAME"
	envPassword             = "APIUSERS_PASSWORD"
	envAppName              = "APIUSERS_APP_NAME"
	envInsecureSkipVerify   = "APIUSERS_INSECURE_SKIP_VERIFY"
	envCACertPEM            = "APIUSERS_CA_CERT_PEM"
	envRequestTimeout       = "APIUSERS_REQUEST_TIMEOUT"
	envMaxRetries           = "APIUSERS_MAX_RETRIES"
	envMaxRetryWait         = "APIUSERS_MAX_RETRY_WAIT"
	envMaxRequestsPerSecond = "APIUSERS_MAX_REQUESTS_PER_SECOND"
	envBatching             = "APIUSERS_BATCHING"
	envBatchWindow          = "APIUSERS_BATCH_WINDOW"
	envMaxBatchSize         = "APIUSERS_MAX_BATCH_SIZE"
	envServerExtensions     = "APIUSERS_SERVER_EXTENSIONS"
	envMaxActiveAPIUsers    = "APIUSERS_MAX_ACTIVE_API_USERS"
	envEraseOnlyFromTrash   = "APIUSERS_ERASE_ONLY_FROM_TRASH"
)

// Bounds of the numeric settings, shared by the schema's validators and the
// checks of the variables.
const (
	maxRetriesLimit   = 100
	maxBatchSizeLimit = 10000
	// maxActiveAPIUsersLimit only keeps the number an int everywhere.
	maxActiveAPIUsersLimit = 1 << 30
)

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
		InsecureSkipVerify:   boolSetting(config.InsecureSkipVerify, "insecure_skip_verify", envInsecureSkipVerify, false, diags),
		CACertPEM:            stringOrEnv(config.CACertPEM, envCACertPEM),
		RequestTimeout:       durationSetting(config.RequestTimeout, "request_timeout", envRequestTimeout, diags),
		MaxRetries:           int(int64Setting(config.MaxRetries, "max_retries", envMaxRetries, 0, maxRetriesLimit, -1, diags)), // -1: the client's default
		RetryWaitMax:         durationSetting(config.MaxRetryWait, "max_retry_wait", envMaxRetryWait, diags),
		MaxRequestsPerSecond: float64Setting(config.MaxRequestsPerSecond, "max_requests_per_second", envMaxRequestsPerSecond, diags),
	}
	if cfg.AppName == "" {
		cfg.AppName = client.DefaultAppName // the client's default too; set here so Configure's debug log shows it
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
		BatchWindow:     durationSetting(config.BatchWindow, "batch_window", envBatchWindow, diags),
		MaxBatchSize:    int(int64Setting(config.MaxBatchSize, "max_batch_size", envMaxBatchSize, 1, maxBatchSizeLimit, 0, diags)), // 0: the store's default
		DisableBatching: !boolSetting(config.Batching, "batching", envBatching, true, diags),
		KnownWave:       p.knownWave,
		Extensions:      extensionsSetting(config.ServerExtensions, diags),
		// Stand-ins for GET /limits: nil leaves them to the server.
		MaxActiveAPIUsers:  optionalIntSetting(config.MaxActiveAPIUsers, "max_active_api_users", envMaxActiveAPIUsers, maxActiveAPIUsersLimit, diags),
		EraseOnlyFromTrash: optionalBoolSetting(config.EraseOnlyFromTrash, "erase_only_from_trash", envEraseOnlyFromTrash, diags),
	}
	return cfg, opts
}

// stringOrEnv returns the attribute's value, or the environment variable's
// when the attribute is null.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// fromEnv returns the variable's value when the attribute is null and the
// variable is set; ok is false otherwise.
func fromEnv(attributeNull bool, env string) (value string, ok bool) {
	if !attributeNull {
		return "", false
	}
	value = strings.TrimSpace(os.Getenv(env))
	return value, value != ""
}

// invalidEnv reports a variable whose value breaks the attribute's rule.
func invalidEnv(attr, env, value, rule string, diags *diag.Diagnostics) {
	diags.AddAttributeError(path.Root(attr), "Invalid Provider Setting",
		fmt.Sprintf("The %s environment variable (used because the %s attribute is not set) is %q; %s.", env, attr, value, rule))
}

// boolSetting is the attribute, else the variable (true/false, 1/0), else
// the default.
func boolSetting(v types.Bool, attr, env string, def bool, diags *diag.Diagnostics) bool {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueBool()
	}
	raw, ok := fromEnv(v.IsNull(), env)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		invalidEnv(attr, env, raw, "it must be true or false", diags)
		return def
	}
	return b
}

// int64Setting is the attribute, else the variable (a whole number from lo
// to hi, the attribute's own bounds), else def.
func int64Setting(v types.Int64, attr, env string, lo, hi, def int64, diags *diag.Diagnostics) int64 {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueInt64()
	}
	raw, ok := fromEnv(v.IsNull(), env)
	if !ok {
		return def
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < lo || n > hi {
		invalidEnv(attr, env, raw, fmt.Sprintf("it must be a whole number from %d to %d", lo, hi), diags)
		return def
	}
	return n
}

// optionalIntSetting is int64Setting (from 0 to hi) for a setting that
// stands in for what the server reports: nil when neither the attribute nor
// the variable is set, or the attribute is unknown until apply.
func optionalIntSetting(v types.Int64, attr, env string, hi int64, diags *diag.Diagnostics) *int {
	n := int64Setting(v, attr, env, 0, hi, -1, diags)
	if n < 0 || v.IsUnknown() {
		return nil
	}
	i := int(n)
	return &i
}

// optionalBoolSetting is boolSetting for a setting that stands in for what
// the server reports: nil when neither the attribute nor the variable is
// set, or the attribute is unknown until apply.
func optionalBoolSetting(v types.Bool, attr, env string, diags *diag.Diagnostics) *bool {
	if _, fromVariable := fromEnv(v.IsNull(), env); v.IsUnknown() || v.IsNull() && !fromVariable {
		return nil
	}
	b := boolSetting(v, attr, env, false, diags)
	return &b
}

// float64Setting is the attribute, else the variable (a number, at least 0),
// else 0.
func float64Setting(v types.Float64, attr, env string, diags *diag.Diagnostics) float64 {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueFloat64()
	}
	raw, ok := fromEnv(v.IsNull(), env)
	if !ok {
		return 0
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || f < 0 {
		invalidEnv(attr, env, raw, "it must be a number, at least 0", diags)
		return 0
	}
	return f
}

// durationSetting is the attribute, else the variable, as a positive Go
// duration; 0 (the client's or store's default) when neither is set. The
// attribute's type (timetypes.GoDuration) and its PositiveDuration validator
// have already checked it, so an error for it means validation was skipped;
// the variable is checked here with the same rules.
func durationSetting(v timetypes.GoDuration, attr, env string, diags *diag.Diagnostics) time.Duration {
	raw := v.ValueString()
	fromVariable := false
	switch {
	case v.IsUnknown():
		return 0
	case v.IsNull():
		var ok bool
		if raw, ok = fromEnv(true, env); !ok {
			return 0
		}
		fromVariable = true
	}
	d, err := validators.ParsePositiveDuration(raw)
	switch {
	case err == nil:
		return d
	case fromVariable:
		invalidEnv(attr, env, raw, "it "+err.Error(), diags)
	default:
		diags.AddAttributeError(path.Root(attr), "Invalid Provider Setting", fmt.Sprintf("Attribute %s %s.", attr, err))
	}
	return 0
}

// extensionsSetting reads server_extensions, or its environment variable.
func extensionsSetting(v types.String, diags *diag.Diagnostics) client.ExtensionsMode {
	mode := stringOrEnv(v, envServerExtensions)
	if mode == "" || slices.Contains(client.ExtensionsModes, mode) {
		return client.ExtensionsMode(mode)
	}
	invalidEnv("server_extensions", envServerExtensions, mode, "it must be one of "+strings.Join(client.ExtensionsModes, ", "), diags)
	return ""
}
