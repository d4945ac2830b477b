package validators

import "testing"

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
