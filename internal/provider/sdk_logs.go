package provider

import "os"

// SilenceUnreadSDKLogs turns the SDK's own logs (terraform-plugin-go's and
// the framework's: the TF_LOG_SDK family) off when Terraform would drop them.
//
// A provider writes its logs to stderr as JSON and Terraform, which parses
// every line, keeps them only when TF_LOG or TF_LOG_PROVIDER is set. Without
// a level of their own the SDK's loggers log at TRACE: some 200 lines per
// resource in a plan, a third of this provider's CPU time in a no-op plan of
// 1000 users, and as much again in Terraform to read and discard them. When
// neither variable is set (nor TF_LOG_SDK, which asks for them explicitly),
// nothing would show them, so they are not written. The provider's own logs
// (tflog) are few and keep their default.
//
// Call it before serving: the SDK reads the variable for every request.
func SilenceUnreadSDKLogs() {
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK"} {
		if os.Getenv(v) != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "OFF") // cannot fail for a valid name and value
}
