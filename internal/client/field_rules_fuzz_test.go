package client

import (
	"net/mail"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets below check that each field rule never panics and agrees
// with a plain restatement of API.md's rule, and that no error repeats a
// password.

func FuzzValidateLoginID(f *testing.F) {
	for _, s := range []string{"jdoe", "a.b_c@d-e", "ab", "_x1", strings.Repeat("a", 65), "é123", "ab\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		valid := ValidateLoginID(id) == nil
		want := len(id) >= 3 && len(id) <= 64 && isLoginStart(id[0])
		for i := 0; want && i < len(id); i++ {
			want = isLoginStart(id[i]) || strings.IndexByte("._@-", id[i]) >= 0
		}
		if valid != want {
			t.Fatalf("ValidateLoginID(%q) valid=%v, the rule says %v", id, valid, want)
		}
	})
}

func isLoginStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func FuzzValidatePasswordPolicy(f *testing.F) {
	for _, s := range []string{"Passw0rdX", "short1A", "nouppercase1", "NOLOWER1", "NoDigitsHere", strings.Repeat("Aa1", 43), "Ünïcödé1x", " Passw0rd", "Passw0rd\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pw string) {
		err := ValidatePasswordPolicy(pw)
		n := utf8.RuneCountInString(pw)
		want := n >= PasswordMinLength && n <= PasswordMaxLength &&
			strings.IndexFunc(pw, unicode.IsUpper) >= 0 && strings.IndexFunc(pw, unicode.IsLower) >= 0 && strings.IndexFunc(pw, unicode.IsDigit) >= 0 &&
			strings.IndexFunc(pw, func(r rune) bool { return r < ' ' || r > '~' }) < 0 && strings.Trim(pw, " ") == pw
		if (err == nil) != want {
			t.Fatalf("ValidatePasswordPolicy(%q) = %v, the rule says valid=%v", pw, err, want)
		}
		// The error must not depend on what the password says, only on its
		// length and character classes: a twin with the same profile and none
		// of its text gets the same error, so no part of pw can be in it.
		// (Checking strings.Contains(msg, pw) fails on "on" in "long".)
		if twin := classTwin(pw); errorText(ValidatePasswordPolicy(twin)) != errorText(err) {
			t.Fatalf("ValidatePasswordPolicy(%q) = %v but its class twin %q gets %v: the error depends on the password's text", pw, err, twin, ValidatePasswordPolicy(twin))
		}
	})
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// classTwin replaces every rune of pw by a fixed one of the same class,
// printable ASCII by printable ASCII and anything else by something else
// (HeaderValueRule); a space stays a space, since only one at an end breaks
// the rule.
func classTwin(pw string) string {
	return strings.Map(func(r rune) rune {
		ascii := r >= ' ' && r <= '~'
		switch {
		case r == ' ':
			return ' '
		case unicode.IsUpper(r) && ascii:
			return 'A'
		case unicode.IsUpper(r):
			return 'Ä'
		case unicode.IsLower(r) && ascii:
			return 'a'
		case unicode.IsLower(r):
			return 'ä'
		case unicode.IsDigit(r) && ascii:
			return '0'
		case unicode.IsDigit(r):
			return '٠'
		case ascii:
			return '-'
		}
		return '\x00'
	}, pw)
}

func FuzzValidatePasswordExcludes(f *testing.F) {
	f.Add("Jdoe-Passw0rd", "jdoe", "Acme")
	f.Add("Passw0rd-ACME", "x", "acme")
	f.Add("Passw0rd", "", "")
	f.Fuzz(func(t *testing.T, pw, loginID, org string) {
		err := ValidatePasswordExcludes(pw, loginID, org)
		lower := strings.ToLower(pw)
		containsLogin := loginID != "" && strings.Contains(lower, strings.ToLower(loginID))
		containsOrg := org != "" && strings.Contains(lower, strings.ToLower(org))
		if (err != nil) != (containsLogin || containsOrg) {
			t.Fatalf("ValidatePasswordExcludes(%q, %q, %q) = %v, want a refusal: %v", pw, loginID, org, err, containsLogin || containsOrg)
		}
		// The error is fixed by which of the two the password contains, so it
		// can never carry any part of the password, login id or organization.
		twinLogin, twinOrg := "", ""
		if containsLogin {
			twinLogin = "login"
		}
		if containsOrg {
			twinOrg = "org"
		}
		if fixed := ValidatePasswordExcludes("xLOGINxORGx", twinLogin, twinOrg); errorText(err) != errorText(fixed) {
			t.Fatalf("ValidatePasswordExcludes(%q, %q, %q) = %v: not the fixed error %v", pw, loginID, org, err, fixed)
		}
	})
}

func FuzzValidateEmail(f *testing.F) {
	for _, s := range []string{"", "a@b.example", "no-at", "a@b@c", "Name <a@b.c>", " a@b.c", "a@b.", "a,b@c", "a<b>@c", "a@.b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || ValidateEmail(s) != nil {
			return
		}
		local, domain, _ := strings.Cut(s, "@")
		if strings.Count(s, "@") != 1 || local == "" || domain == "" || strings.ContainsAny(s, " \t\r\n,;<>()\"") ||
			strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
			t.Fatalf("ValidateEmail accepted %q, which is not one local@domain address", s)
		}
		if addr, err := mail.ParseAddress(s); err != nil || addr.Address != s {
			t.Fatalf("ValidateEmail accepted %q, which does not parse as itself: %v", s, err)
		}
	})
}

func FuzzValidateLanguageAndTimezone(f *testing.F) {
	for _, s := range []string{"en", "en-GB", "zz-Latn-419", "not a tag", "Europe/Berlin", "UTC", "../etc/passwd", "Local"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Deterministic and panic-free; a timezone must never be a path.
		lang, tz := errorText(ValidateLanguage(s)), errorText(ValidateTimezone(s))
		if errorText(ValidateLanguage(s)) != lang || errorText(ValidateTimezone(s)) != tz {
			t.Fatalf("checks of %q are not deterministic", s)
		}
		if tz == "" && (strings.Contains(s, "..") || strings.HasPrefix(s, "/")) {
			t.Fatalf("ValidateTimezone accepted the path %q", s)
		}
		if lang == "" && s != "" && strings.ContainsAny(s, " _") {
			t.Fatalf("ValidateLanguage accepted %q, which BCP 47 does not", s)
		}
	})
}
