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

// TestPasswordRefusesWhatAHeaderCannotCarry: GET /auth sends the password in
// a header, so a password with a control character, a byte beyond ASCII or
// a space at either end could never log in. The plan refuses it, on the
// attribute (password or password_wo) by name, with the rule, and without
// the password in the message or a path that would make Terraform print its
// source line (see Secret).
func TestPasswordRefusesWhatAHeaderCannotCarry(t *testing.T) {
	for _, attr := range []string{"password", "password_wo"} {
		for _, pw := range []string{"Integr4tion-Secret\n", "Integr4tion-Secret\r\n", " Integr4tion-Secret", "Integr4tion-Secret ",
			"Integr4tion\x00Secret", "Integr4tion\tSecret", "Integr4tion\x07Secret", "Integr4tion\x7fSecret", "Integr4tion-Sécret", "Integr4tion\u00a0Secret"} {
			p := path.Root(attr)
			resp := &validator.StringResponse{}
			Password().ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: types.StringValue(pw)}, resp)
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("%s = %q: want one error, got %v", attr, pw, resp.Diagnostics)
			}
			d := resp.Diagnostics[0]
			if !strings.HasPrefix(d.Detail(), attr+": ") || !strings.Contains(d.Detail(), client.HeaderValueRule) {
				t.Errorf("%s = %q: detail %q must name the attribute and the rule %q", attr, pw, d.Detail(), client.HeaderValueRule)
			}
			if strings.Contains(d.Detail(), "Integr4tion") {
				t.Errorf("%s: the detail repeats the password: %q", attr, d.Detail())
			}
			if ad, ok := d.(diag.DiagnosticWithPath); ok {
				t.Errorf("%s: diagnostic attached to %s, whose source line Terraform would print: %v", attr, ad.Path(), d)
			}
		}
	}
	resp := &validator.StringResponse{}
	Password().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("password"), ConfigValue: types.StringValue("Integr4tion Secret")}, resp)
	if resp.Diagnostics.HasError() {
		t.Errorf("a space inside the password is carried: %v", resp.Diagnostics)
	}
}
