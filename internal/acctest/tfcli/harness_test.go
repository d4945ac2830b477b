package tfcli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
)

func TestModuleRootHoldsThisModule(t *testing.T) {
	root, err := tfcli.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), "module github.com/apiusers/terraform-provider-apiusers\n") {
		t.Fatalf("%s/go.mod is not this module's:\n%s", root, gomod)
	}
}

func TestSharedBuildsOnceWithDevOverrides(t *testing.T) {
	h := tfcli.Shared(t)
	if again := tfcli.Shared(t); again != h {
		t.Fatal("Shared built a second harness")
	}
	if info, err := os.Stat(filepath.Join(h.ProviderDir, "terraform-provider-apiusers")); err != nil || info.Mode()&0o100 == 0 {
		t.Fatalf("no executable provider in %s: %v", h.ProviderDir, err)
	}
	rc, err := os.ReadFile(h.CLIConfig)
	if err != nil {
		t.Fatal(err)
	}
	for _, address := range []string{"registry.terraform.io/apiusers/apiusers", "registry.opentofu.org/apiusers/apiusers"} {
		want := `"` + address + `" = "` + h.ProviderDir + `"`
		if !strings.Contains(string(rc), want) {
			t.Errorf("CLI config lacks %s:\n%s", want, rc)
		}
	}
}
