// Package validators holds small schema validators shared by the provider's
// schemas.
package validators

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ validator.String = positiveDurationValidator{}

// PositiveDuration checks that a string attribute is a positive Go duration
// ("500ms", "30s", "2m"), so that `terraform validate` reports a bad value
// with its attribute path instead of the provider failing at configure time.
func PositiveDuration() validator.String { return positiveDurationValidator{} }

// ParsePositiveDuration is the rule PositiveDuration checks; code that turns
// the validated value into a time.Duration calls it too, so the rule exists
// once.
func ParsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("expected a Go duration such as \"500ms\", \"30s\" or \"2m\", got %q", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("expected a positive duration, got %q", s)
	}
	return d, nil
}

type positiveDurationValidator struct{}

func (positiveDurationValidator) Description(context.Context) string {
	return "value must be a positive Go duration such as \"500ms\", \"30s\" or \"2m\""
}

func (v positiveDurationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveDurationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := ParsePositiveDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("Attribute %s: %s.", req.Path, err))
	}
}
