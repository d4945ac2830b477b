package validators

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// PositiveDuration checks that a string attribute is a positive Go duration
// ("500ms", "30s", "2m"), so that `terraform validate` reports a bad value
// with its attribute path instead of the provider failing at configure time.
func PositiveDuration() validator.String {
	return stringRule{
		description: `value must be a positive Go duration such as "500ms", "30s" or "2m"`,
		summary:     "Invalid Duration",
		check: func(value string) string {
			if _, err := ParsePositiveDuration(value); err != nil {
				return err.Error()
			}
			return ""
		},
	}
}

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
