package validators

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// AgeRule is the rule of a password age (rotate_after, password_older_than).
const AgeRule = `a positive duration: a Go duration such as "36h" or "30s", optionally led by whole days, such as "90d" or "1d12h"`

// Age checks a password age at plan time, naming the attribute and AgeRule.
func Age() validator.String {
	return clientRule{description: "must be " + AgeRule, summary: "Invalid Duration", check: func(v string) error {
		_, err := ParseAge(v)
		return err
	}}
}

// leadingDays is the "90d" of "90d" or "1d12h": Go durations have no day
// unit, and password ages are counted in days.
var leadingDays = regexp.MustCompile(`^([0-9]+)d(.*)$`)

// ParseAge parses a password age: whole days of 24 hours ("90d"), a Go
// duration ("36h", "30s"), or both ("1d12h"). It is the one parser of
// rotate_after and password_older_than; the result is above zero.
func ParseAge(s string) (time.Duration, error) {
	bad := fmt.Errorf("must be %s, got %q", AgeRule, s)
	var days time.Duration
	rest := s
	if m := leadingDays.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || n > int64(math.MaxInt64/(24*time.Hour)) {
			return 0, bad
		}
		days, rest = time.Duration(n)*24*time.Hour, m[2]
	}
	var d time.Duration
	if rest != "" {
		var err error
		if d, err = time.ParseDuration(rest); err != nil || d < 0 || d > math.MaxInt64-days {
			return 0, bad
		}
	}
	if days+d <= 0 {
		return 0, bad
	}
	return days + d, nil
}
