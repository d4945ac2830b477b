package provider

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"strings"
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
	// The host too: OpenTofu completes a source-less provider with
	// registry.opentofu.org, and a step that starts in a new working
	// directory (an import step) would otherwise look the provider up there.
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "" && runsOpenTofu() {
		_ = os.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
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

// runsOpenTofu reports whether the acceptance tests' CLI
// (TF_ACC_TERRAFORM_PATH) is OpenTofu, which says so in its version line.
func runsOpenTofu() bool {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || cli == "" {
		return false
	}
	out, err := exec.CommandContext(context.Background(), cli, "version").Output() //nolint:gosec // G204: the CLI the tests are told to run
	return err == nil && strings.Contains(string(out), "OpenTofu")
}
