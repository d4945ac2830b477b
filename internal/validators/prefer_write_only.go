package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// PreferWriteOnly warns when a secret is given in an attribute that is
// stored in state, and names the write-only attribute that keeps it out.
func PreferWriteOnly(writeOnlyAttribute string) validator.String {
	return preferWriteOnly{writeOnly: writeOnlyAttribute}
}

type preferWriteOnly struct{ writeOnly string }

func (v preferWriteOnly) Description(_ context.Context) string {
	return "prefer `" + v.writeOnly + "`, which Terraform never stores in state or plan"
}

func (v preferWriteOnly) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v preferWriteOnly) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || !req.ClientCapabilities.WriteOnlyAttributesAllowed {
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "Secret Stored in State",
		req.Path.String()+" is stored in the Terraform state and plan. This Terraform version supports write-only attributes: set "+
			v.writeOnly+" (with its _version attribute to rotate) to keep the password out of state.")
}
