package validators

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// The plan-time forms of API.md's field rules. Each wraps the client's
// statement of the rule; none states a rule of its own.

// LoginID validates a login id (userLoginId) against client.LoginIDRule.
func LoginID() validator.String {
	return stringvalidator.RegexMatches(client.LoginIDPattern, "must be a login id of "+client.LoginIDRule)
}

// Password validates the part of the password policy that depends on the
// password alone; the cross-attribute part is PasswordExcludes. Its errors
// name no attribute path (SecretString).
func Password() validator.String {
	return SecretString(clientRule{description: "must be " + client.PasswordRule, summary: "Password Does Not Meet the Policy", check: client.ValidatePasswordPolicy})
}

// Email validates an email address. "" passes here as it does at the API
// (it clears the field); the provider refuses it separately, since it maps
// "no value" to null.
func Email() validator.String {
	return clientRule{description: "must be " + client.EmailRule, summary: "Invalid Email Address", check: client.ValidateEmail}
}

// Language validates a BCP 47 language tag.
func Language() validator.String {
	return clientRule{description: "must be " + client.LanguageRule, summary: "Invalid Language Tag", check: client.ValidateLanguage}
}

// Timezone validates an IANA time zone name.
func Timezone() validator.String {
	return clientRule{description: "must be " + client.TimezoneRule, summary: "Invalid Time Zone", check: client.ValidateTimezone}
}
