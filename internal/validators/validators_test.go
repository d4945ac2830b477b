package validators

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// TestStringValidators proves each validator attaches its error to the
// attribute's path, names the path and the rule, and skips null and unknown.
func TestStringValidators(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		v    validator.String
		bad  string
		good string
		rule string
	}{
		{"LoginID", LoginID(), "a", "jdoe", client.LoginIDRule},
		{"Password", Password(), "short", "Passw0rd", "be 8 to 128 characters long"},
		{"Email", Email(), "nobody", "a@b.c", client.EmailRule},
		{"Language", Language(), "en_GB", "en-GB", "BCP 47"},
		{"Timezone", Timezone(), "Nowhere/Town", "UTC", "IANA"},
		{"PositiveDuration", PositiveDuration(), "0s", "30s", PositiveDurationRule},
	}
	p := path.Root("the_attribute")
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
			if !strings.Contains(d.Detail(), "the_attribute ") && !strings.Contains(d.Detail(), "the_attribute: ") || !strings.Contains(d.Detail(), c.rule) {
				t.Errorf("detail %q must name the path and the rule %q", d.Detail(), c.rule)
			}
			if ad, ok := d.(diag.DiagnosticWithPath); !ok || !ad.Path().Equal(p) {
				t.Errorf("diagnostic %v is not attached to %s", d, p)
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

// TestEmailRefusesWhatTheClientRefuses covers the addresses the plan-time
// check and the client's used to disagree on: both refuse them now.
func TestEmailRefusesWhatTheClientRefuses(t *testing.T) {
	for _, s := range []string{"a@b.", "a,b@c", "a<b>@c", "a@.b"} {
		resp := &validator.StringResponse{}
		Email().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("email"), ConfigValue: types.StringValue(s)}, resp)
		if resp.Diagnostics.ErrorsCount() != 1 || client.ValidateEmail(s) == nil {
			t.Errorf("%q: plan time %v, client %v; both must refuse it", s, resp.Diagnostics, client.ValidateEmail(s))
		}
	}
}

// TestPositiveDurationLeavesParsingToTheType proves a value that is not a
// Go duration gets one error, the type's, not a second one from here.
func TestPositiveDurationLeavesParsingToTheType(t *testing.T) {
	resp := &validator.StringResponse{}
	PositiveDuration().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("d"), ConfigValue: types.StringValue("soon")}, resp)
	if len(resp.Diagnostics) != 0 {
		t.Errorf("want no diagnostic, got %v", resp.Diagnostics)
	}
	for _, c := range []struct {
		in   string
		want time.Duration
	}{{"30s", 30 * time.Second}, {"1h30m", 90 * time.Minute}, {"0s", 0}, {"-1s", 0}, {"soon", 0}, {"5", 0}} {
		d, err := ParsePositiveDuration(c.in)
		if d != c.want || (err == nil) != (c.want > 0) {
			t.Errorf("ParsePositiveDuration(%q) = %s, %v; want %s", c.in, d, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), PositiveDurationRule) {
			t.Errorf("error %q must name the rule", err)
		}
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
