// Package tfcli runs the real terraform CLI against a provider binary built
// from this repository, for tests that need terraform itself rather than
// terraform-plugin-testing: running the commands a guide documents, checking
// every example with `terraform validate`, or interrupting terraform
// mid-apply.
//
// A Harness is built at most once per test binary (Shared): it compiles the
// provider into a temporary directory and writes a CLI configuration whose
// dev_overrides point registry.terraform.io/apiusers/apiusers and
// registry.opentofu.org/apiusers/apiusers at it (the same configuration
// serves Terraform and OpenTofu, whichever TF_ACC_TERRAFORM_PATH names), so no
// provider is ever downloaded and no `terraform init` is needed. A Workspace
// is one working directory with its own state; Run runs one terraform
// command there with a timeout and returns its output and exit code, and
// Start starts one that a test acts on while it runs (Command.Interrupt is
// Ctrl-C). CaptureLog, RequireNoChanges, ShowJSON and StateList are the
// checks most tests make afterwards.
//
// Like acceptance tests, everything here needs TF_ACC=1; without it Shared
// skips the test.
package tfcli
