package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringRule is a validator.String built from one check. check returns the
// rule the value breaks, or "" when it is fine. Every validator in this
// package is one of these, so null/unknown handling and the diagnostic's shape
// are written once.
type stringRule struct {
	description string
	summary     string
	check       func(value string) string
}

var _ validator.String = stringRule{}

func (r stringRule) Description(_ context.Context) string { return r.description }

func (r stringRule) MarkdownDescription(ctx context.Context) string { return r.Description(ctx) }

func (r stringRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := r.check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, r.summary, req.Path.String()+": "+problem)
	}
}
