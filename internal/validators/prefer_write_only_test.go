package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
