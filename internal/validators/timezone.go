package validators

import (
	"time"
	// Embeds the IANA database so validation does not depend on the
	// zoneinfo files of the machine running Terraform.
	_ "time/tzdata"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// CheckTimezone returns the broken rule, or "" when s is an IANA time zone
// name such as "Europe/Berlin" or "UTC".
func CheckTimezone(s string) string {
	const rule = "a timezone must be an IANA time zone name such as \"Europe/Berlin\" or \"UTC\", got "
	// "Local" is Go's name for the machine's zone, not an IANA name.
	if s == "Local" {
		return rule + quote(s)
	}
	if _, err := time.LoadLocation(s); err != nil {
		return rule + quote(s)
	}
	return ""
}

// Timezone validates an IANA time zone name.
func Timezone() validator.String {
	return stringRule{description: "must be an IANA time zone name such as `Europe/Berlin`", summary: "Invalid Time Zone", check: CheckTimezone}
}
