package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// TestStringValidators proves each validator attaches its error to the
// attribute's path (a secret's to none: see Secret), names the path and the
// rule, and skips null and unknown.
func TestStringValidators(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		v      validator.String
		bad    string
		good   string
		rule   string
		secret bool
	}{
		{"LoginID", LoginID(), "a", "jdoe", client.LoginIDRule, false},
		{"Password", Password(), "short", "Passw0rd", "be 8 to 128 characters long", true},
		{"Email", Email(), "nobody", "a@b.c", client.EmailRule, false},
		{"Language", Language(), "en_GB", "en-GB", "BCP 47", false},
		{"Timezone", Timezone(), "Nowhere/Town", "UTC", "IANA", false},
		{"PositiveDuration", PositiveDuration(), "0s", "30s", PositiveDurationRule, false},
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
			if ad, ok := d.(diag.DiagnosticWithPath); c.secret && ok {
				t.Errorf("diagnostic %v is attached to %s: Terraform would print the secret's source line", d, ad.Path())
			} else if !c.secret && (!ok || !ad.Path().Equal(p)) {
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
