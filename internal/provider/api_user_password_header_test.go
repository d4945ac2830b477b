package provider

import (
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// TestGeneratedPasswordsFitInAHeader: GET /auth sends the password in a
// header, so the generator draws only characters a header carries (a space
// would break the rule at either end, and the generator would then discard
// draws or fail), and every password it returns, at every length the policy
// allows, meets the whole policy, the header rule included.
func TestGeneratedPasswordsFitInAHeader(t *testing.T) {
	for _, c := range upperChars + lowerChars + digitChars + symbolChars {
		if c == ' ' || !client.ValidHeaderValue(string(c)) {
			t.Errorf("the generator draws %q, which a header cannot carry everywhere in a password", c)
		}
	}
	for length := client.PasswordMinLength; length <= client.PasswordMaxLength; length++ {
		pw, err := generatePasswordOfLength("jdoe", "Acme", length)
		if err != nil {
			t.Fatalf("length %d: %v", length, err)
		}
		if !client.ValidHeaderValue(pw) || client.ValidatePassword(pw, "jdoe", "Acme") != nil {
			t.Fatalf("length %d: the generated password breaks the policy: %v", length, client.ValidatePassword(pw, "jdoe", "Acme"))
		}
	}
}
