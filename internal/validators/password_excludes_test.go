package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestPasswordExcludes(t *testing.T) {
	ctx := context.Background()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"login_id":     schema.StringAttribute{Required: true},
		"organization": schema.StringAttribute{Optional: true},
		"password":     schema.StringAttribute{Optional: true},
		"password_wo":  schema.StringAttribute{Optional: true, WriteOnly: true},
	}}
	objType := s.Type().TerraformType(ctx)
	config := func(login, org, pw, wo tftypes.Value) tfsdk.Config {
		return tfsdk.Config{Schema: s, Raw: tftypes.NewValue(objType, map[string]tftypes.Value{
			"login_id": login, "organization": org, "password": pw, "password_wo": wo,
		})}
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	null := tftypes.NewValue(tftypes.String, nil)
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	v := PasswordExcludes(path.Root("login_id"), path.Root("organization"), path.Root("password"), path.Root("password_wo"))

	cases := []struct {
		name       string
		cfg        tfsdk.Config
		wantPath   string
		wantDetail string
	}{
		{"clean", config(str("jdoe"), str("Acme"), str("Xy7-Secret"), null), "", ""},
		{"login id in password", config(str("jdoe"), null, str("JDOE-Secret1"), null), "password", "must not contain the login id"},
		{"organization in write-only", config(str("jdoe"), str("acme"), null, str("Acme-Secret1")), "password_wo", "must not contain the organization"},
		{"unknown login id skipped", config(unknown, null, str("jdoe1A"), null), "", ""},
		{"unknown password skipped", config(str("jdoe"), null, unknown, null), "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := &resource.ValidateConfigResponse{}
			v.ValidateResource(ctx, resource.ValidateConfigRequest{Config: c.cfg}, resp)
			if c.wantPath == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected %v", resp.Diagnostics)
				}
				return
			}
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("want one error, got %v", resp.Diagnostics)
			}
			d := resp.Diagnostics[0]
			if !strings.Contains(d.Detail(), c.wantPath+": ") || !strings.Contains(d.Detail(), c.wantDetail) {
				t.Errorf("detail %q must name %s and %q", d.Detail(), c.wantPath, c.wantDetail)
			}
			if strings.Contains(d.Detail(), "Secret") {
				t.Errorf("detail must not contain the password: %q", d.Detail())
			}
			if ad, ok := d.(diag.DiagnosticWithPath); ok {
				t.Errorf("error attached to %s, whose source line (the password) Terraform would print", ad.Path())
			}
		})
	}
}
