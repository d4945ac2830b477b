// Package docs_test keeps the documentation true: every directory under
// examples/ must be `terraform fmt` clean and pass `terraform validate`
// against the provider built from this checkout, and the guides' commands
// and configurations are run as written against the in-process mock.
// Terraform runs through internal/acctest/tfcli (dev_overrides, nothing
// downloaded); like acceptance tests, the tests need TF_ACC=1.
package docs_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
)

func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }

// repoPath is path, relative to the repository root.
func repoPath(t *testing.T, path string) string {
	t.Helper()
	root, err := tfcli.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, path)
}
