package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// newIdentity is an identity of i with the given attribute values (nil: a
// null identity, as the framework passes one that is not known yet).
func newIdentity(t *testing.T, i objectIdentity, values map[string]string) *tfsdk.ResourceIdentity {
	t.Helper()
	s := i.schema()
	typ := s.Type().TerraformType(t.Context())
	if values == nil {
		return &tfsdk.ResourceIdentity{Schema: s, Raw: tftypes.NewValue(typ, nil)}
	}
	attrs := map[string]tftypes.Value{}
	for _, a := range i.attrs {
		v, ok := values[a]
		if !ok {
			attrs[a] = tftypes.NewValue(tftypes.String, nil)
			continue
		}
		attrs[a] = tftypes.NewValue(tftypes.String, v)
	}
	return &tfsdk.ResourceIdentity{Schema: s, Raw: tftypes.NewValue(typ, attrs)}
}

func TestObjectIdentityImportValues(t *testing.T) {
	t.Parallel()
	link := roleAssignmentID.identity()
	tests := map[string]struct {
		id       string
		identity map[string]string // nil: imported by id
		want     []string
		wantErr  string
	}{
		"by id":                   {id: "api_default/billing-sync", want: []string{"api_default", "billing-sync"}},
		"by id, malformed":        {id: "api_default-billing-sync", wantErr: `Give it as <role_id>/<login_id>, e.g. "api_default/billing-sync"`},
		"by identity":             {identity: map[string]string{"role_id": "reports", "login_id": "crm-sync"}, want: []string{"reports", "crm-sync"}},
		"by identity, incomplete": {identity: map[string]string{"role_id": "reports"}, wantErr: "needs every identity attribute: role_id, login_id"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			req := resource.ImportStateRequest{ID: tt.id}
			if tt.identity != nil {
				req.Identity = newIdentity(t, link, tt.identity)
			}
			var diags diag.Diagnostics
			got, ok := link.importValues(t.Context(), req, roleAssignmentID.split, &diags)
			if tt.wantErr != "" {
				if ok || !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), tt.wantErr) {
					t.Fatalf("importValues() = %v, %v, %v; want the error %q", got, ok, diags, tt.wantErr)
				}
				return
			}
			if !ok || diags.HasError() || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("importValues() = %v, %v, %v; want %v", got, ok, diags, tt.want)
			}
		})
	}
}

// TestObjectIdentitySetReadsBack sets an identity and reads it back, in the
// order of the attributes, and leaves a nil identity (a resource served
// without identity support) alone.
func TestObjectIdentitySetReadsBack(t *testing.T) {
	t.Parallel()
	link := projectPrivilegeID.identity()
	identity := newIdentity(t, link, nil)
	var diags diag.Diagnostics
	link.set(t.Context(), identity, []string{"badges", "billing-sync"}, &diags)
	got, known := link.values(t.Context(), identity, &diags)
	if diags.HasError() || !known || !reflect.DeepEqual(got, []string{"badges", "billing-sync"}) {
		t.Fatalf("values() = %v, %v, %v after set", got, known, diags)
	}
	link.set(t.Context(), nil, []string{"badges", "billing-sync"}, &diags)
	if link.set(t.Context(), identity, []string{"badges"}, &diags); !diags.HasError() {
		t.Error("set() took one value for two attributes")
	}
}

// TestLoginFilterKeepsOneUserCaseInsensitively: login_id names the user as
// the server does, whatever the letter case; no filter keeps everyone.
func TestLoginFilterKeepsOneUserCaseInsensitively(t *testing.T) {
	t.Parallel()
	logins := []string{"billing-sync", "CRM-sync", "dwalker"}
	for filter, want := range map[string]map[string]bool{
		"crm-SYNC": {"CRM-sync": true},
		"":         {"billing-sync": true, "CRM-sync": true, "dwalker": true},
	} {
		f := loginFilter{loginID: types.StringNull(), apiUsersOnly: types.BoolNull()}
		if filter != "" {
			f.loginID = types.StringValue(filter)
		}
		var diags diag.Diagnostics
		if got := f.keep(t.Context(), nil, logins, &diags); diags.HasError() || !reflect.DeepEqual(got, want) {
			t.Errorf("login_id %q keeps %v (%v), want %v", filter, got, diags, want)
		}
	}
}
