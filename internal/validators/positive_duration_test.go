package validators

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestPositiveDurationLeavesParsingToTheType proves a value that is not a
// Go duration gets one error, the type's, not a second one from here.
func TestPositiveDurationLeavesParsingToTheType(t *testing.T) {
	resp := &validator.StringResponse{}
	PositiveDuration().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("d"), ConfigValue: types.StringValue("soon")}, resp)
	if len(resp.Diagnostics) != 0 {
		t.Errorf("want no diagnostic, got %v", resp.Diagnostics)
	}
	for _, c := range []struct {
		in   string
		want time.Duration
	}{{"30s", 30 * time.Second}, {"1h30m", 90 * time.Minute}, {"0s", 0}, {"-1s", 0}, {"soon", 0}, {"5", 0}} {
		d, err := ParsePositiveDuration(c.in)
		if d != c.want || (err == nil) != (c.want > 0) {
			t.Errorf("ParsePositiveDuration(%q) = %s, %v; want %s", c.in, d, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), PositiveDurationRule) {
			t.Errorf("error %q must name the rule", err)
		}
	}
}

// FuzzParsePositiveDuration checks that the duration rule never panics and
// never lets a value at or below zero through. The field rules' fuzz targets
// are beside the rules, in internal/client.
func FuzzParsePositiveDuration(f *testing.F) {
	for _, s := range []string{"30s", "2m", "0s", "-1s", "1h30m", "abc", "9999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParsePositiveDuration(s); err == nil && d <= 0 {
			t.Fatalf("ParsePositiveDuration(%q) = %s without error, want a positive duration", s, d)
		}
	})
}
