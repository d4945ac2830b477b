package validators

import (
	"strings"
	"testing"
)

// checkCase is one input of a Check* function and the fragment its message
// must contain ("" = valid).
type checkCase struct {
	in   string
	want string
}

func runChecks(t *testing.T, check func(string) string, cases []checkCase) {
	t.Helper()
	for _, c := range cases {
		got := check(c.in)
		switch {
		case c.want == "" && got != "":
			t.Errorf("%q: want valid, got %q", c.in, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%q: want a message containing %q, got %q", c.in, c.want, got)
		}
	}
}

func TestCheckLoginID(t *testing.T) {
	runChecks(t, CheckLoginID, []checkCase{
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
	})
}

func TestCheckPassword(t *testing.T) {
	runChecks(t, CheckPassword, []checkCase{
		{"Passw0rd", ""},
		{"Abcdefg1", ""},
		{"Ünïcode9a", ""},
		{strings.Repeat("Aa1", 42) + "xx", ""}, // 128
		{"Aa1", "too short"},
		{strings.Repeat("Aa1", 43), "too long"}, // 129
		{"password1", "lacks an upper-case letter"},
		{"PASSWORD1", "lacks a lower-case letter"},
		{"Password", "lacks a digit"},
		{"        ", "lacks an upper-case letter, a lower-case letter, a digit"},
	})
	if msg := CheckPassword("SecretPw"); strings.Contains(msg, "SecretPw") {
		t.Errorf("message must never contain the password: %q", msg)
	}
}

func TestCheckPasswordExcludes(t *testing.T) {
	cases := []struct {
		pw, login, org, want string
	}{
		{"Xy7-secret-Q", "jdoe", "Acme", ""},
		{"JDoe-Passw0rd", "jdoe", "", "must not contain the login id"},
		{"xx-jdoe-1A", "JDOE", "", "must not contain the login id"},
		{"Wile-ACME-1a", "jdoe", "Acme", "must not contain the organization"},
		{"Passw0rd", "", "", ""},
	}
	for _, c := range cases {
		got := CheckPasswordExcludes(c.pw, c.login, c.org)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("(%q, %q, %q): want %q, got %q", c.pw, c.login, c.org, c.want, got)
		}
		if strings.Contains(got, c.pw) {
			t.Errorf("message must never contain the password: %q", got)
		}
	}
}

func TestCheckEmail(t *testing.T) {
	runChecks(t, CheckEmail, []checkCase{
		{"jdoe@example.com", ""},
		{"a+b@sub.example.org", ""},
		{"jdoe", "local@domain"},
		{"@example.com", "local@domain"},
		{"jdoe@", "local@domain"},
		{"a@b@c", "local@domain"},
		{"a@b.com, c@d.com", "one address"},
		{"a,b@example.com", "without spaces, commas"},
		{"John <j@x.com>", "without spaces"},
		{"j@.example.com", "does not start or end with a dot"},
	})
}

func TestCheckLanguage(t *testing.T) {
	runChecks(t, CheckLanguage, []checkCase{
		{"en", ""},
		{"en-GB", ""},
		{"de-CH-1996", ""},
		{"zh-Hant-TW", ""},
		{"es-419", ""},
		{"en-US-x-twain", ""},
		{"e", "BCP 47"},
		{"en_GB", "BCP 47"},
		{"english!", "BCP 47"},
		{"en-", "BCP 47"},
		{"123", "BCP 47"},
	})
}

func TestCheckTimezone(t *testing.T) {
	runChecks(t, CheckTimezone, []checkCase{
		{"UTC", ""},
		{"Europe/Berlin", ""},
		{"America/Argentina/Buenos_Aires", ""},
		{"Local", "IANA time zone"},
		{"Mars/Olympus", "IANA time zone"},
		{"+02:00", "IANA time zone"},
	})
}
