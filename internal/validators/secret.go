package validators

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Terraform prints the source line of the attribute a diagnostic names, and
// the line of a secret may hold the secret itself (password = "..."), even
// when the attribute is sensitive. A diagnostic about a secret is therefore
// given at the resource level, where Terraform shows only the resource's
// first line, and names the attribute in its text instead. Secret and
// SecretString do that to any validator's diagnostics, so that the
// framework's own validators (Conflicting, RequiredTogether) can be used on
// secrets too.

// Secret wraps a resource.ConfigValidator whose diagnostics may name a
// secret attribute.
func Secret(v resource.ConfigValidator) resource.ConfigValidator { return secretConfig{v} }

// SecretString wraps the validator of a secret attribute.
func SecretString(v validator.String) validator.String { return secretString{v} }

type secretConfig struct{ resource.ConfigValidator }

func (v secretConfig) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	inner := &resource.ValidateConfigResponse{}
	v.ConfigValidator.ValidateResource(ctx, req, inner)
	resp.Diagnostics.Append(withoutPaths(inner.Diagnostics)...)
}

type secretString struct{ validator.String }

func (v secretString) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	inner := &validator.StringResponse{}
	v.String.ValidateString(ctx, req, inner)
	resp.Diagnostics.Append(withoutPaths(inner.Diagnostics)...)
}

// withoutPaths returns diags with each attribute path moved into the
// detail (unless the detail names it already).
func withoutPaths(diags diag.Diagnostics) diag.Diagnostics {
	out := make(diag.Diagnostics, 0, len(diags))
	for _, d := range diags {
		withPath, ok := d.(diag.DiagnosticWithPath)
		if !ok {
			out = append(out, d)
			continue
		}
		detail := d.Detail()
		if p := withPath.Path().String(); !strings.Contains(detail, p) {
			detail = p + ": " + detail
		}
		if d.Severity() == diag.SeverityError {
			out.AddError(d.Summary(), detail)
		} else {
			out.AddWarning(d.Summary(), detail)
		}
	}
	return out
}
