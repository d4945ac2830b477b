package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestTwoPartIDParse(t *testing.T) {
	t.Parallel()
	id := twoPartID{first: "role_id", second: "login_id", example: "api_default/billing-sync"}
	tests := map[string]struct {
		in            string
		first, second string
		wantErr       bool
	}{
		"valid":                 {in: "api_default/billing-sync", first: "api_default", second: "billing-sync"},
		"login id with dots":    {in: "reports/a.b@c_d-e", first: "reports", second: "a.b@c_d-e"},
		"no separator":          {in: "api_default", wantErr: true},
		"empty":                 {in: "", wantErr: true},
		"empty first":           {in: "/billing-sync", wantErr: true},
		"empty second":          {in: "api_default/", wantErr: true},
		"two separators":        {in: "a/b/c", wantErr: true},
		"only the separator":    {in: "/", wantErr: true},
		"login id then role":    {in: "billing-sync/api_default", first: "billing-sync", second: "api_default"},
		"surrounding spaces ok": {in: " a / b ", first: " a ", second: " b "},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			first, second, err := id.parse(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("parse(%q) = %q, %q; want an error", tt.in, first, second)
				}
				want := `expected an id of the form <role_id>/<login_id>, got "` + tt.in + `"`
				if err.Error() != want {
					t.Fatalf("error = %q, want %q", err, want)
				}
				return
			}
			if err != nil || first != tt.first || second != tt.second {
				t.Fatalf("parse(%q) = %q, %q, %v; want %q, %q", tt.in, first, second, err, tt.first, tt.second)
			}
			if got := id.join(first, second); got != tt.in {
				t.Fatalf("join(parse(%q)) = %q; the id does not round-trip", tt.in, got)
			}
		})
	}
}

func TestTwoPartIDFormat(t *testing.T) {
	t.Parallel()
	for _, id := range []twoPartID{roleAssignmentID, projectPrivilegeID} {
		first, second, err := id.parse(id.example)
		if err != nil {
			t.Fatalf("the documented example %q does not parse: %v", id.example, err)
		}
		if id.join(first, second) != id.example {
			t.Fatalf("example %q does not round-trip", id.example)
		}
	}
	if got := roleAssignmentID.format(); got != "<role_id>/<login_id>" {
		t.Errorf("role assignment id format = %q", got)
	}
	if got := projectPrivilegeID.format(); got != "<project_id>/<login_id>" {
		t.Errorf("project privilege id format = %q", got)
	}
}

func TestIDHalfValidator(t *testing.T) {
	t.Parallel()
	for value, wantErr := range map[string]bool{"api_default": false, "a.b-c": false, "": true, "a/b": true, "/": true} {
		resp := &validator.StringResponse{}
		idHalfValidator.ValidateString(t.Context(), validator.StringRequest{
			Path: path.Root("role_id"), ConfigValue: types.StringValue(value),
		}, resp)
		if resp.Diagnostics.HasError() != wantErr {
			t.Errorf("%q: error = %v, want %v (%v)", value, resp.Diagnostics.HasError(), wantErr, resp.Diagnostics)
		}
	}
}
