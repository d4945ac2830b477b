package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestStringValidators proves each validator attaches its error to the
// attribute's path, names the path and the rule, and skips null and unknown.
func TestStringValidators(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		v     validator.String
		bad   string
		good  string
		rule  string
		level string
	}{
		{"NonEmpty", NonEmpty(), "", "x", "omit the attribute to leave it empty", "error"},
		{"LoginID", LoginID(), "a", "jdoe", LoginIDRule, "error"},
		{"Password", Password(), "short", "Passw0rd", PasswordRule, "error"},
		{"Email", Email(), "nobody", "a@b.c", "local@domain", "error"},
		{"Language", Language(), "en_GB", "en-GB", "BCP 47", "error"},
		{"Timezone", Timezone(), "Nowhere/Town", "UTC", "IANA", "error"},
	}
	p := path.Root("attr")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run := func(v types.String) *validator.StringResponse {
				resp := &validator.StringResponse{}
				c.v.ValidateString(ctx, validator.StringRequest{Path: p, ConfigValue: v}, resp)
				return resp
			}
			resp := run(types.StringValue(c.bad))
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("want one error for %q, got %v", c.bad, resp.Diagnostics)
			}
			d := resp.Diagnostics[0]
			if !strings.Contains(d.Detail(), "attr: ") || !strings.Contains(d.Detail(), c.rule) {
				t.Errorf("detail %q must name the path and the rule %q", d.Detail(), c.rule)
			}
			for _, ok := range []types.String{types.StringValue(c.good), types.StringNull(), types.StringUnknown()} {
				if resp := run(ok); resp.Diagnostics.HasError() {
					t.Errorf("%v: unexpected %v", ok, resp.Diagnostics)
				}
			}
			if c.v.Description(ctx) == "" || c.v.MarkdownDescription(ctx) == "" {
				t.Error("description must not be empty")
			}
		})
	}
}

func TestPreferWriteOnly(t *testing.T) {
	ctx := context.Background()
	v := PreferWriteOnly("password_wo")
	run := func(value types.String, allowed bool) *validator.StringResponse {
		resp := &validator.StringResponse{}
		req := validator.StringRequest{Path: path.Root("password"), ConfigValue: value}
		req.ClientCapabilities.WriteOnlyAttributesAllowed = allowed
		v.ValidateString(ctx, req, resp)
		return resp
	}
	if resp := run(types.StringValue("Passw0rd"), true); resp.Diagnostics.WarningsCount() != 1 ||
		!strings.Contains(resp.Diagnostics[0].Detail(), "password_wo") {
		t.Errorf("want a warning naming password_wo, got %v", resp.Diagnostics)
	}
	if resp := run(types.StringValue("Passw0rd"), false); len(resp.Diagnostics) != 0 {
		t.Errorf("no nudge when Terraform cannot use write-only attributes, got %v", resp.Diagnostics)
	}
	if resp := run(types.StringNull(), true); len(resp.Diagnostics) != 0 {
		t.Errorf("no warning for null, got %v", resp.Diagnostics)
	}
}

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
		})
	}
}

func TestPositiveID(t *testing.T) {
	ctx := context.Background()
	v := PositiveID("a branch id")
	for _, c := range []struct {
		value   types.Int64
		wantErr bool
	}{
		{types.Int64Value(101), false},
		{types.Int64Value(1), false},
		{types.Int64Value(0), true},
		{types.Int64Value(-5), true},
		{types.Int64Null(), false},
		{types.Int64Unknown(), false},
	} {
		resp := &validator.Int64Response{}
		v.ValidateInt64(ctx, validator.Int64Request{Path: path.Root("branch_ids"), ConfigValue: c.value}, resp)
		if resp.Diagnostics.HasError() != c.wantErr {
			t.Errorf("%v: want error %t, got %v", c.value, c.wantErr, resp.Diagnostics)
		}
		if c.wantErr && !strings.Contains(resp.Diagnostics[0].Detail(), "branch_ids: a branch id must be a positive number") {
			t.Errorf("detail %q must name the path and the rule", resp.Diagnostics[0].Detail())
		}
	}
}

func TestNonEmptySet(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		value   types.Set
		wantErr bool
	}{
		{types.SetValueMust(types.Int64Type, nil), true},
		{types.SetValueMust(types.Int64Type, []attr.Value{types.Int64Value(101)}), false},
		{types.SetNull(types.Int64Type), false},
		{types.SetUnknown(types.Int64Type), false},
	} {
		resp := &validator.SetResponse{}
		NonEmptySet().ValidateSet(ctx, validator.SetRequest{Path: path.Root("branch_ids"), ConfigValue: c.value}, resp)
		if resp.Diagnostics.HasError() != c.wantErr {
			t.Errorf("%v: want error %t, got %v", c.value, c.wantErr, resp.Diagnostics)
		}
		if c.wantErr && !strings.Contains(resp.Diagnostics[0].Detail(), "branch_ids: must not be an empty set; omit the attribute") {
			t.Errorf("detail %q must name the path and the rule", resp.Diagnostics[0].Detail())
		}
	}
}
