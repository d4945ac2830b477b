package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

func TestCatalogueCheck(t *testing.T) {
	t.Parallel()
	valid := []string{"account_admin", "api_default", "read_only", "reports"}

	var diags diag.Diagnostics
	roleIDCheck.check("api_default", valid, &diags)
	if diags.HasError() {
		t.Fatalf("a known role was refused: %v", diags)
	}

	roleIDCheck.check("admin", valid, &diags)
	if len(diags) != 1 {
		t.Fatalf("want one diagnostic for an unknown role, got %v", diags)
	}
	d := diags[0]
	if d.Summary() != "Unknown Role" {
		t.Errorf("summary = %q", d.Summary())
	}
	for _, want := range []string{`The server has no role "admin"`, "Valid roles: account_admin, api_default, read_only, reports.", "apiusers_roles data source"} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("detail %q does not contain %q", d.Detail(), want)
		}
	}
	withPath, ok := d.(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(path.Root("role_id")) {
		t.Errorf("diagnostic does not point at role_id: %#v", d)
	}
	if got := projectIDCheck.title(); got != "Project" {
		t.Errorf("project title = %q", got)
	}
}
