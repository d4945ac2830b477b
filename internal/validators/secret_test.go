package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestSecretNamesNoPath: a library validator that would attach its error to
// password (Conflicting names the first configured attribute) gives it at the
// resource level through Secret, still naming both attributes.
func TestSecretNamesNoPath(t *testing.T) {
	ctx := context.Background()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"password":    schema.StringAttribute{Optional: true, Sensitive: true},
		"password_wo": schema.StringAttribute{Optional: true, Sensitive: true},
	}}
	objType := s.Type().TerraformType(ctx)
	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	cfg := tfsdk.Config{Schema: s, Raw: tftypes.NewValue(objType, map[string]tftypes.Value{"password": str("Literal-Passw0rd"), "password_wo": str("Other-Passw0rd")})}
	conflicting := resourcevalidator.Conflicting(path.MatchRoot("password"), path.MatchRoot("password_wo"))

	plain := &resource.ValidateConfigResponse{}
	conflicting.ValidateResource(ctx, resource.ValidateConfigRequest{Config: cfg}, plain)
	if plain.Diagnostics.ErrorsCount() != 1 {
		t.Fatalf("the library validator gave %v; the test needs its one error", plain.Diagnostics)
	}
	if _, ok := plain.Diagnostics[0].(diag.DiagnosticWithPath); !ok {
		t.Fatal("the library's error names no path: nothing for Secret to remove")
	}

	resp := &resource.ValidateConfigResponse{}
	Secret(conflicting).ValidateResource(ctx, resource.ValidateConfigRequest{Config: cfg}, resp)
	if resp.Diagnostics.ErrorsCount() != 1 {
		t.Fatalf("want the one error, got %v", resp.Diagnostics)
	}
	d := resp.Diagnostics[0]
	if ad, ok := d.(diag.DiagnosticWithPath); ok {
		t.Errorf("the error is still attached to %s", ad.Path())
	}
	if d.Summary() != plain.Diagnostics[0].Summary() || !strings.Contains(d.Detail(), "password") || !strings.Contains(d.Detail(), "password_wo") {
		t.Errorf("the error lost its summary or the attributes it names: %q / %q", d.Summary(), d.Detail())
	}
}

// TestWithoutPathsNamesThePath: a detail that does not name the attribute
// gains it in front; warnings stay warnings.
func TestWithoutPathsNamesThePath(t *testing.T) {
	var in diag.Diagnostics
	in.AddAttributeWarning(path.Root("password"), "Some Warning", "Something about it.")
	in.AddError("Plain", "No path.")
	out := withoutPaths(in)
	if len(out) != 2 || out[0].Severity() != diag.SeverityWarning || out[0].Detail() != "password: Something about it." || !out[1].Equal(in[1]) {
		t.Errorf("got %v", out)
	}
	if _, ok := out[0].(diag.DiagnosticWithPath); ok {
		t.Error("the warning still has a path")
	}
}
