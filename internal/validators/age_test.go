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

func TestParseAge(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration // 0: refused
	}{
		{"90d", 90 * 24 * time.Hour},
		{"1d12h", 36 * time.Hour},
		{"36h", 36 * time.Hour},
		{"30s", 30 * time.Second},
		{"1h30m", 90 * time.Minute},
		{"0d", 0}, {"0s", 0}, {"-1d", 0}, {"-1h", 0}, {"1d-1h", 0},
		{"", 0}, {"d", 0}, {"90", 0}, {"90 d", 0}, {"1.5d", 0}, {"soon", 0}, {"1w", 0},
		{"106751d", 106751 * 24 * time.Hour},
		{"106752d", 0}, {"99999999999999999999d", 0}, {"106751d24h", 0},
	} {
		got, err := ParseAge(c.in)
		if got != c.want || (err == nil) != (c.want > 0) {
			t.Errorf("ParseAge(%q) = %s, %v; want %s", c.in, got, err, c.want)
		}
		if err != nil && (!strings.Contains(err.Error(), AgeRule) || !strings.Contains(err.Error(), `"`+c.in+`"`)) {
			t.Errorf("ParseAge(%q): error %q must name the rule and the value", c.in, err)
		}
	}
}

// TestAgeValidatorNamesPathAndRule: the plan-time error names the attribute
// and the rule; null and unknown values pass.
func TestAgeValidatorNamesPathAndRule(t *testing.T) {
	check := func(v types.String) *validator.StringResponse {
		resp := &validator.StringResponse{}
		Age().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("rotate_after"), ConfigValue: v}, resp)
		return resp
	}
	resp := check(types.StringValue("90 days"))
	if len(resp.Diagnostics) != 1 {
		t.Fatalf("want one error, got %v", resp.Diagnostics)
	}
	d := resp.Diagnostics[0]
	if p, ok := d.(interface{ Path() path.Path }); !ok || !p.Path().Equal(path.Root("rotate_after")) {
		t.Errorf("the error must be on rotate_after: %v", d)
	}
	if !strings.HasPrefix(d.Detail(), "rotate_after: must be "+AgeRule) || !strings.Contains(d.Detail(), `"90 days"`) {
		t.Errorf("detail %q must name the attribute, the rule and the value", d.Detail())
	}
	for _, v := range []types.String{types.StringValue("90d"), types.StringNull(), types.StringUnknown()} {
		if resp := check(v); resp.Diagnostics.HasError() {
			t.Errorf("%s: unexpected %v", v, resp.Diagnostics)
		}
	}
}

// FuzzParseAge: never a panic, never an age at or below zero.
func FuzzParseAge(f *testing.F) {
	for _, s := range []string{"90d", "1d12h", "30s", "0d", "-1h", "106751d24h", "9d-9h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseAge(s); err == nil && d <= 0 {
			t.Fatalf("ParseAge(%q) = %s without error", s, d)
		}
	})
}
