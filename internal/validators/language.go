package validators

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// languageTagPattern is the shape of a BCP 47 language tag (RFC 5646):
// language (2-3 letters, or 4-8 registered), optional script (4 letters),
// optional region (2 letters or 3 digits), then variants (5-8 alphanumerics,
// or a digit and 3 alphanumerics), extensions and a private-use part. It
// checks shape only; whether a subtag is registered is the server's business.
var languageTagPattern = regexp.MustCompile(`^(?i:` +
	`[a-z]{2,3}|[a-z]{5,8})` +
	`(?i:-[a-z]{4})?` +
	`(?i:-(?:[a-z]{2}|[0-9]{3}))?` +
	`(?i:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*` +
	`(?i:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*` +
	`(?i:-x(?:-[a-z0-9]{1,8})+)?$`)

// CheckLanguage returns the broken rule, or "" when s has the shape of a BCP
// 47 language tag such as "en", "en-GB" or "zh-Hant-TW".
func CheckLanguage(s string) string {
	if !languageTagPattern.MatchString(s) {
		return "a language must be a BCP 47 language tag such as \"en\", \"en-GB\" or \"zh-Hant-TW\", got " + quote(s)
	}
	return ""
}

// Language validates a BCP 47 language tag.
func Language() validator.String {
	return stringRule{description: "must be a BCP 47 language tag such as `en-GB`", summary: "Invalid Language Tag", check: CheckLanguage}
}
