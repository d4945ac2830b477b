package validators

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// PositiveDurationRule is the rule of the provider's duration settings.
const PositiveDurationRule = `a positive Go duration such as "500ms", "30s" or "2m"`

// PositiveDuration checks that a timetypes.GoDuration attribute is above
// zero. Whether the value is a Go duration at all is the type's own check,
// so a value that does not parse is left to it: one error per mistake.
func PositiveDuration() validator.String { return positiveDuration{} }

type positiveDuration struct{}

func (positiveDuration) Description(_ context.Context) string {
	return "must be " + PositiveDurationRule
}

func (v positiveDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (positiveDuration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if _, err := time.ParseDuration(value); err != nil {
		return // timetypes.GoDuration reports it
	}
	if _, err := ParsePositiveDuration(value); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration", req.Path.String()+": "+err.Error()+".")
	}
}

// ParsePositiveDuration applies both rules of a duration setting, the
// type's and PositiveDuration's, to a value the schema never sees (an
// environment variable). It parses as timetypes.GoDuration does.
func ParsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("must be %s, got %q", PositiveDurationRule, s)
	}
	return d, nil
}
