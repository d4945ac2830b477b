package validators

import "github.com/hashicorp/terraform-plugin-framework/schema/validator"

// NonEmpty rejects "". The API clears a field with "" and reports absent
// fields as "", so the provider represents "no value" as null only: an empty
// string in the configuration would plan a value the server never reports
// back.
func NonEmpty() validator.String {
	return stringRule{
		description: "must not be empty; omit the attribute to leave it empty",
		summary:     "Empty Attribute Value",
		check: func(v string) string {
			if v == "" {
				return "must not be an empty string; omit the attribute to leave it empty on the server"
			}
			return ""
		},
	}
}
