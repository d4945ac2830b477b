package provider

import (
	"errors"
	"io/fs"
	"os"
	"testing"
)

// TestMain prepares what terraform-plugin-testing reads from the
// environment, so that the acceptance tests run under Terraform and OpenTofu
// alike (TF_ACC_TERRAFORM_PATH names either).
func TestMain(m *testing.M) {
	// Without a namespace the framework attaches the in-process provider as
	// registry.terraform.io/-/apiusers beside .../hashicorp/apiusers, and
	// OpenTofu refuses the legacy "-" namespace outright. hashicorp is where
	// both CLIs look for a provider that a configuration names without a
	// source, as the test configurations do.
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
	}
	// A TF_CLI_CONFIG_FILE that names no file makes OpenTofu print a warning
	// into the output of `tofu version -json`, which the framework then
	// cannot parse; the CLI's defaults are what the tests expect anyway.
	if path := os.Getenv("TF_CLI_CONFIG_FILE"); path != "" {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			_ = os.Unsetenv("TF_CLI_CONFIG_FILE")
		}
	}
	os.Exit(m.Run())
}
