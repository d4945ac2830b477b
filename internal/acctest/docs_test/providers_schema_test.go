package docs_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/zclconf/go-cty/cty"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
	"github.com/apiusers/terraform-provider-apiusers/internal/providerschema"
)

// TestProvidersSchemaMatchesTerraform holds the document `make docs` renders
// from (internal/providerschema, written by the provider itself) to what
// `terraform providers schema -json` writes: equal in every part the
// harness's Terraform knows. A Terraform older than resource identities
// (1.12) or list resources (1.14) leaves those parts out; the newer one
// checks them too.
func TestProvidersSchemaMatchesTerraform(t *testing.T) {
	t.Parallel()
	h := tfcli.Shared(t)
	w := h.NewWorkspace(t)
	w.WriteFile("main.tf", tfcli.RequiredProviders)
	var fromCLI tfjson.ProviderSchemas
	if err := json.Unmarshal([]byte(w.MustRun("providers", "schema", "-json").Stdout), &fromCLI); err != nil {
		t.Fatal(err)
	}
	// Each CLI names the provider by its own registry.
	var cli *tfjson.ProviderSchema
	for _, address := range provider.Addresses {
		if s := fromCLI.Schemas[address]; s != nil {
			cli = s
		}
	}
	if cli == nil {
		t.Fatalf("providers schema -json names none of %v", provider.Addresses)
	}
	written, err := providerschema.Read(t.Context(), providerserver.NewProtocol6(provider.New("test")())(), "apiusers")
	if err != nil {
		t.Fatal(err)
	}
	own := written.Schemas["apiusers"]
	if cli.ResourceIdentitySchemas == nil {
		t.Logf("Terraform %s reports no resource identities: not compared", h.Version)
		own.ResourceIdentitySchemas = nil
	}
	if cli.ListResourceSchemas == nil {
		t.Logf("Terraform %s reports no list resources: not compared", h.Version)
		own.ListResourceSchemas = nil
	}
	if cli.ActionSchemas == nil {
		t.Logf("Terraform %s reports no actions: not compared", h.Version)
		own.ActionSchemas = nil
	}
	if diff := cmp.Diff(cli, own, cmp.Comparer(func(a, b cty.Type) bool { return a.Equals(b) })); diff != "" {
		t.Errorf("the provider's own schema document differs from terraform's (-terraform +own):\n%s", diff)
	}
	if written.FormatVersion != fromCLI.FormatVersion {
		t.Errorf("format_version %q, terraform writes %q", written.FormatVersion, fromCLI.FormatVersion)
	}
}
