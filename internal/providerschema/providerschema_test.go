package providerschema_test

import (
	"encoding/json"
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/zclconf/go-cty/cty"

	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
	"github.com/apiusers/terraform-provider-apiusers/internal/providerschema"
)

// TestJSONHoldsWhatOlderTerraformsLeaveOut: the document has the parts a
// Terraform older than 1.14 would not write, the resource identities and
// the list resources, and reads back as tfplugindocs reads it.
// (internal/acctest/docs_test compares it with the CLI's.)
func TestJSONHoldsWhatOlderTerraformsLeaveOut(t *testing.T) {
	t.Parallel()
	out, err := providerschema.JSON(t.Context(), providerserver.NewProtocol6(provider.New("test")())(), "apiusers")
	if err != nil {
		t.Fatal(err)
	}
	var doc tfjson.ProviderSchemas
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("the document does not read back: %v", err)
	}
	ps := doc.Schemas["apiusers"]
	if ps == nil {
		t.Fatalf("no provider apiusers in %v", doc.Schemas)
	}
	types := []string{"apiusers_api_user", "apiusers_project_privilege", "apiusers_role_assignment", "apiusers_user_roles"}
	for _, typ := range types {
		if ps.ListResourceSchemas[typ] == nil {
			t.Errorf("no list resource %s", typ)
		}
	}
	id := ps.ResourceIdentitySchemas["apiusers_role_assignment"]
	if id == nil {
		t.Fatal("no identity of apiusers_role_assignment")
	}
	var names []string
	for name, a := range id.Attributes {
		names = append(names, name)
		if !a.IdentityType.Equals(cty.String) || !a.RequiredForImport {
			t.Errorf("identity attribute %s: %+v, want a string required for import", name, a)
		}
	}
	if slices.Sort(names); !slices.Equal(names, []string{"login_id", "role_id"}) {
		t.Errorf("identity of apiusers_role_assignment has %v", names)
	}
	if len(ps.ResourceIdentitySchemas) != len(types) {
		t.Errorf("%d resource identities, want %d", len(ps.ResourceIdentitySchemas), len(types))
	}
}
