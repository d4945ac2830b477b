package client

import (
	"context"
	"maps"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// logSubsystem is the tflog subsystem of the client; TF_LOG_PROVIDER_APIUSERS_CLIENT
// sets its level.
const logSubsystem = "apiusers_client"

// secretFieldKeys are field names whose values are always masked.
var secretFieldKeys = []string{"password", "Password", "Authtoken", "authtoken", "userPassword", "token", "AuthenticationToken"}

// loggingContext returns ctx with the client's log subsystem and with every
// secret this request could reveal masked: by field key, and by value in
// fields and messages (the password and the current token).
func loggingContext(ctx context.Context, secrets ...string) context.Context {
	values := make([]string, 0, len(secrets))
	for _, s := range secrets {
		if s != "" { // masking "" would blank out every message
			values = append(values, s)
		}
	}
	ctx = withSecrets(ctx, values)
	ctx = tflog.NewSubsystem(ctx, logSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_APIUSERS_CLIENT"))
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, logSubsystem, secretFieldKeys...)
	if len(values) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, values...)
		ctx = tflog.MaskMessageStrings(ctx, values...)
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, values...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, values...)
	}
	return ctx
}

func requestFields(st *requestState) map[string]any {
	return map[string]any{"method": st.method, "path": st.path, "attempt": st.attempt}
}

// logAttempt is retryablehttp's RequestLogHook: it runs before every attempt.
func logAttempt(_ retryablehttp.Logger, req *http.Request, retryNumber int) {
	ctx := req.Context()
	st := requestStateFrom(ctx)
	st.attempt = retryNumber + 1
	st.started = time.Now()
	st.wrote.Store(false)
	tflog.SubsystemDebug(ctx, logSubsystem, "sending request", requestFields(st))
}

// logResponse is retryablehttp's ResponseLogHook: it runs after every
// attempt that got an answer. Bodies are never logged: they may hold tokens.
func logResponse(_ retryablehttp.Logger, resp *http.Response) {
	ctx := resp.Request.Context()
	st := requestStateFrom(ctx)
	fields := requestFields(st)
	fields["status"] = resp.StatusCode
	fields["duration_ms"] = time.Since(st.started).Milliseconds()
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		fields["retry_after"] = serverText(resp, ra)
	}
	tflog.SubsystemDebug(ctx, logSubsystem, "received response", fields)
}

func logRetry(ctx context.Context, st *requestState, msg string, extra map[string]any) {
	fields := requestFields(st)
	maps.Copy(fields, extra)
	tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
}
