package client

import (
	"strings"
	"testing"
)

// ruleCase is one input of a Validate* function and the fragment its error
// must contain ("" = valid).
type ruleCase struct {
	in   string
	want string
}

func runRuleCases(t *testing.T, validate func(string) error, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		err := validate(c.in)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: want valid, got %q", c.in, err)
		case c.want != "" && err == nil:
			t.Errorf("%q: want an error containing %q, got none", c.in, c.want)
		case c.want != "" && !strings.Contains(err.Error(), c.want):
			t.Errorf("%q: want an error containing %q, got %q", c.in, c.want, err)
		}
	}
}

func TestValidateLoginID(t *testing.T) {
	runRuleCases(t, ValidateLoginID, []ruleCase{
		{"jdoe", ""},
		{"a.b_c@d-e", ""},
		{"9lives", ""},
		{"abc", ""},
		{strings.Repeat("a", 64), ""},
		{"ab", LoginIDRule},
		{strings.Repeat("a", 65), LoginIDRule},
		{".jdoe", "starting with a letter or digit"},
		{"_jdoe", "starting with a letter or digit"},
		{"j doe", LoginIDRule},
		{"jdoe!", LoginIDRule},
		{"jdöe", LoginIDRule},
		{"xy", `login id "xy" must be 3 to 64`},
	})
}

func TestValidatePasswordPolicy(t *testing.T) {
	runRuleCases(t, ValidatePasswordPolicy, []ruleCase{
		{"Passw0rd", ""},
		{"Abcdefg1", ""},
		{"Pass w0rd", ""}, // a space inside is fine: only the ends are stripped
		{"Ünïcode9a", "be " + HeaderValueRule},
		{"Passw0rd\n", "be " + HeaderValueRule}, // a secret file's trailing newline
		{"Passw0rd\r", "be " + HeaderValueRule},
		{"Pass\x00w0rd", "be " + HeaderValueRule},
		{"Pass\tw0rd", "be " + HeaderValueRule},
		{"Pass\x7fw0rd", "be " + HeaderValueRule},
		{" Passw0rd", "be " + HeaderValueRule},
		{"Passw0rd ", "be " + HeaderValueRule},
		{strings.Repeat("Aa1", 42) + "xx", ""}, // 128
		{"Aa1", "be 8 to 128 characters long"},
		{strings.Repeat("Aa1", 43), "be 8 to 128 characters long"}, // 129
		{"password1", "contain an upper-case letter"},
		{"PASSWORD1", "contain a lower-case letter"},
		{"Password", "contain a digit"},
		{"        ", "contain an upper-case letter, contain a lower-case letter, contain a digit, be " + HeaderValueRule},
		{"jdoe-Passw0rd", ""}, // the login id is ValidatePasswordExcludes' business
	})
	if err := ValidatePasswordPolicy("SecretPw"); err == nil || strings.Contains(err.Error(), "SecretPw") {
		t.Errorf("want an error that does not contain the password, got %v", err)
	}
}

func TestValidatePasswordExcludes(t *testing.T) {
	cases := []struct {
		pw, login, org, want string
	}{
		{"Xy7-secret-Q", "jdoe", "Acme", ""},
		{"JDoe-Passw0rd", "jdoe", "", "must not contain the login id"},
		{"xx-jdoe-1A", "JDOE", "", "must not contain the login id"},
		{"Wile-ACME-1a", "jdoe", "Acme", "must not contain the organization"},
		{"jdoe-acme-1A", "jdoe", "Acme", "not contain the login id (case-insensitive), not contain the organization"},
		{"Passw0rd", "", "", ""},
		{"short", "", "", ""}, // the length is ValidatePasswordPolicy's business
	}
	for _, c := range cases {
		err := ValidatePasswordExcludes(c.pw, c.login, c.org)
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("(%q, %q, %q): want %q, got %v", c.pw, c.login, c.org, c.want, err)
		}
		if err != nil && strings.Contains(err.Error(), c.pw) {
			t.Errorf("error must never contain the password: %q", err)
		}
	}
}

// TestValidatePassword proves the whole policy is both parts together.
func TestValidatePassword(t *testing.T) {
	if err := ValidatePassword("Xy7-secret-Q", "jdoe", "acme"); err != nil {
		t.Errorf("good password refused: %v", err)
	}
	err := ValidatePassword("jdoe", "jdoe", "")
	if err == nil || err.Error() != "the password must be 8 to 128 characters long, contain an upper-case letter, contain a digit, not contain the login id (case-insensitive)" {
		t.Errorf("want every missing part listed once, got %v", err)
	}
}

func TestValidateEmail(t *testing.T) {
	runRuleCases(t, ValidateEmail, []ruleCase{
		{"", ""}, // clears the field
		{"jdoe@example.com", ""},
		{"a+b@sub.example.org", ""},
		{"a@b", ""},
		{"jdoe", EmailRule},
		{"@example.com", EmailRule},
		{"jdoe@", EmailRule},
		{"a@b@c", EmailRule},
		{"a@b.com, c@d.com", EmailRule},
		{"John <j@x.com>", EmailRule},
		{"<j@x.com>", EmailRule},
		{"j@x.com (John)", EmailRule},
		{`"a b"@example.com`, EmailRule},
		{" a@b.c", EmailRule},
		{"a..b@example.com", EmailRule},
		// The four the old client check took and the plan-time check refused.
		{"a@b.", `email "a@b." must be one address of the form local@domain`},
		{"a,b@c", EmailRule},
		{"a<b>@c", EmailRule},
		{"a@.b", EmailRule},
	})
}

func TestValidateLanguage(t *testing.T) {
	runRuleCases(t, ValidateLanguage, []ruleCase{
		{"", ""}, // clears the field
		{"en", ""},
		{"en-GB", ""},
		{"EN-gb", ""},
		{"de-CH-1996", ""},
		{"zh-Hant-TW", ""},
		{"es-419", ""},
		{"en-US-x-twain", ""},
		{"e", "BCP 47"},
		{"en_GB", "BCP 47"},
		{"english!", "BCP 47"},
		{"en-", "BCP 47"},
		{"en--GB", "BCP 47"},
		{"123", "BCP 47"},
		{"zz-Latn-419", `language "zz-Latn-419" must be a BCP 47 language tag`}, // well-formed, but zz is not registered
	})
}

func TestValidateTimezone(t *testing.T) {
	runRuleCases(t, ValidateTimezone, []ruleCase{
		{"", ""}, // clears the field
		{"UTC", ""},
		{"Europe/Berlin", ""},
		{"America/Argentina/Buenos_Aires", ""},
		{"Local", "IANA time zone"},
		{"Mars/Olympus", `timezone "Mars/Olympus" must be an IANA time zone name`},
		{"+02:00", "IANA time zone"},
		{"../etc/passwd", "IANA time zone"},
	})
}

func TestValidateStatus(t *testing.T) {
	runRuleCases(t, ValidateStatus, []ruleCase{
		{StatusActive, ""},
		{StatusInactive, ""},
		{StatusTrash, ""},
		{"active", "must be one of ACTIVE, INACTIVE, TRASH"},
		{"", "must be one of"},
	})
}
