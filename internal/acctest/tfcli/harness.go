package tfcli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
)

// RequiredProviders is a terraform block that declares the provider, for
// configurations (such as the documented examples) that leave it out:
// without it Terraform would look for hashicorp/apiusers. Each CLI completes
// the source with its own registry; the dev_overrides name both.
const RequiredProviders = `terraform {
  required_providers {
    apiusers = {
      source = "apiusers/apiusers"
    }
  }
}
`

// buildTimeout bounds the provider build, so that a stuck toolchain fails
// the first test that needs the harness rather than hanging the binary.
const buildTimeout = 5 * time.Minute

// Harness is a built provider and the CLI configuration that makes
// terraform (or OpenTofu) use it.
type Harness struct {
	Terraform   string           // path of the terraform CLI, or of tofu
	Version     *version.Version // of the CLI, for tests of features newer than some CLIs
	ProviderDir string           // directory holding terraform-provider-apiusers
	CLIConfig   string           // TF_CLI_CONFIG_FILE with dev_overrides for ProviderDir
}

// Build finds the CLI (TF_ACC_TERRAFORM_PATH, else terraform on PATH), builds the
// provider from the module that contains the current directory into dir, and
// writes the CLI configuration there. dir must exist; the caller removes it.
func Build(dir string) (*Harness, error) {
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		path, err := exec.LookPath("terraform")
		if err != nil {
			return nil, errors.New("no terraform CLI found: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
		terraform = path
	}
	root, err := ModuleRoot()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, "terraform-provider-apiusers"), ".") //nolint:gosec // G204: fixed command, path chosen by the caller's test
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	v, err := terraformVersion(ctx, terraform)
	if err != nil {
		return nil, err
	}
	h := &Harness{Terraform: terraform, Version: v, ProviderDir: dir, CLIConfig: filepath.Join(dir, "terraform.rc")}
	if err := os.WriteFile(h.CLIConfig, []byte(devOverrides(dir)), 0o600); err != nil {
		return nil, err
	}
	return h, nil
}

// terraformVersion asks the CLI at path (terraform or tofu, which both
// answer terraform_version) for its version. OpenTofu may print a warning
// about the CLI configuration before the JSON, so that is skipped.
func terraformVersion(ctx context.Context, path string) (*version.Version, error) {
	out, err := exec.CommandContext(ctx, path, "version", "-json").Output() //nolint:gosec // G204: the test's own terraform CLI
	if err != nil {
		return nil, fmt.Errorf("terraform version -json: %w", err)
	}
	if i := strings.IndexByte(string(out), '{'); i > 0 {
		out = out[i:]
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("terraform version -json: %w", err)
	}
	return version.NewVersion(v.Version)
}

// SkipBelow skips t, saying why, when the harness's Terraform is older than
// minimum (e.g. "1.14.0"): the test needs a feature it lacks.
func (h *Harness) SkipBelow(t testing.TB, minimum string) {
	t.Helper()
	if h.Version.Core().LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", h.Version, minimum)
	}
}

// devOverrides is a CLI configuration that takes the provider from dir
// under both registries' addresses, so that it serves Terraform and OpenTofu
// alike; each CLI ignores the override for the other's registry.
func devOverrides(dir string) string {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, address := range provider.Addresses {
		fmt.Fprintf(&b, "    %q = %q\n", address, dir)
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return b.String()
}

// ModuleRoot is the directory of the go.mod that holds the current
// directory (a test's package directory), found through `go env GOMOD` so
// that it also works for test binaries built with -trimpath.
func ModuleRoot() (string, error) {
	out, err := exec.CommandContext(context.Background(), "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("the current directory is not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

// shared is the harness of this test binary, built on first use so that a
// `go test -run` that selects no terraform test builds nothing.
var shared struct {
	once sync.Once
	dir  string
	h    *Harness
	err  error
}

// Shared returns this test binary's harness, building it on the first call.
// It skips t when TF_ACC is unset and fails it when the build fails. Call
// Main from TestMain so that the build directory is removed afterwards.
func Shared(t testing.TB) *Harness {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set; tests that run the terraform CLI run like acceptance tests")
	}
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "apiusers-tfcli-")
		if shared.err == nil {
			shared.h, shared.err = Build(shared.dir)
		}
	})
	if shared.err != nil {
		t.Fatalf("preparing the terraform harness: %v", shared.err)
	}
	return shared.h
}

// Main runs the tests of a package that uses Shared and removes what Shared
// built. Use it as `func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }`.
func Main(m *testing.M) int {
	code := m.Run()
	if shared.dir != "" {
		_ = os.RemoveAll(shared.dir)
	}
	return code
}
