// Package faults_test proves, with the real terraform CLI, that the provider
// survives a misbehaving server and leaks no secret. Each scenario starts the
// in-process mock with fault injection, runs terraform through os/exec
// against a provider binary built once in TestMain (dev_overrides, nothing
// downloaded), and then checks invariants: the apply converged, the next plan
// is empty, and the server holds exactly what the configuration says.
//
// Running terraform as a child process, rather than through
// terraform-plugin-testing, is what lets a scenario restart the server
// mid-apply or interrupt terraform with SIGINT. The tests need TF_ACC=1, like
// acceptance tests; without it they skip.
package faults_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// harness is what TestMain prepares once for every scenario.
var harness struct {
	terraform string // the terraform CLI
	cliConfig string // TF_CLI_CONFIG_FILE with dev_overrides for the built provider
	skip      string // why the scenarios skip; "" when they run
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "apiusers-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults: ", err)
		os.Exit(1)
	}
	if err := prepareHarness(dir); err != nil {
		fmt.Fprintln(os.Stderr, "faults: ", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	printFaultMatrix(os.Stdout)
	os.RemoveAll(dir)
	os.Exit(code)
}

// prepareHarness finds terraform and builds the provider into dir, unless
// TF_ACC is unset (then every scenario skips and nothing is built).
func prepareHarness(dir string) error {
	if os.Getenv("TF_ACC") == "" {
		harness.skip = "TF_ACC is not set; the fault scenarios run the terraform CLI like acceptance tests"
		return nil
	}
	harness.terraform = os.Getenv("TF_ACC_TERRAFORM_PATH")
	if harness.terraform == "" {
		path, err := exec.LookPath("terraform")
		if err != nil {
			return fmt.Errorf("TF_ACC is set but no terraform CLI was found: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
		harness.terraform = path
	}
	_, file, _, _ := runtime.Caller(0)
	moduleRoot := filepath.Join(filepath.Dir(file), "..", "..", "..")
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-apiusers"), ".")
	build.Dir = moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the provider: %v\n%s", err, out)
	}
	harness.cliConfig = filepath.Join(dir, "terraform.rc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"apiusers/apiusers\" = %q\n  }\n  direct {}\n}\n", dir)
	return os.WriteFile(harness.cliConfig, []byte(rc), 0o600)
}

// requireHarness skips t when the scenarios cannot run.
func requireHarness(t *testing.T) {
	t.Helper()
	if harness.skip != "" {
		t.Skip(harness.skip)
	}
}
