package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// clientRule is a validator.String built from a rule's one parser: most
// are the client's field rules (internal/client/field_rules.go), so that
// plan time and apply time apply the very same rule; Age is ParseAge. check returns an error naming the rule the value
// breaks, or nil; null and unknown values are left to apply.
type clientRule struct {
	description string
	summary     string
	check       func(value string) error
}

var _ validator.String = clientRule{}

func (r clientRule) Description(_ context.Context) string { return r.description }

func (r clientRule) MarkdownDescription(ctx context.Context) string { return r.Description(ctx) }

func (r clientRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := r.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, r.summary, req.Path.String()+": "+err.Error()+".")
	}
}
