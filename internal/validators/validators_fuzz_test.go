package validators

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets below check that each rule never panics and agrees with a
// plain restatement of API.md's rule, and that no message repeats a password.

func FuzzCheckLoginID(f *testing.F) {
	for _, s := range []string{"jdoe", "a.b_c@d-e", "ab", "_x1", strings.Repeat("a", 65), "é123", "ab\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		valid := CheckLoginID(id) == ""
		want := len(id) >= 3 && len(id) <= 64 && isLoginStart(id[0])
		for i := 0; want && i < len(id); i++ {
			want = isLoginStart(id[i]) || strings.IndexByte("._@-", id[i]) >= 0
		}
		if valid != want {
			t.Fatalf("CheckLoginID(%q) valid=%v, the rule says %v", id, valid, want)
		}
	})
}

func isLoginStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func FuzzCheckPassword(f *testing.F) {
	for _, s := range []string{"Passw0rdX", "short1A", "nouppercase1", "NOLOWER1", "NoDigitsHere", strings.Repeat("Aa1", 43), "Ünïcödé1x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pw string) {
		msg := CheckPassword(pw)
		n := utf8.RuneCountInString(pw)
		want := n >= PasswordMinLength && n <= PasswordMaxLength &&
			strings.IndexFunc(pw, unicode.IsUpper) >= 0 && strings.IndexFunc(pw, unicode.IsLower) >= 0 && strings.IndexFunc(pw, unicode.IsDigit) >= 0
		if (msg == "") != want {
			t.Fatalf("CheckPassword(%q) = %q, the rule says valid=%v", pw, msg, want)
		}
		// The message must not depend on what the password says, only on its
		// length and character classes: a twin with the same profile and none
		// of its text gets the same message, so no part of pw can be in it.
		// (Checking strings.Contains(msg, pw) fails on "shor" in "too short".)
		if twin := classTwin(pw); CheckPassword(twin) != msg {
			t.Fatalf("CheckPassword(%q) = %q but its class twin %q gets %q: the message depends on the password's text", pw, msg, twin, CheckPassword(twin))
		}
	})
}

// classTwin replaces every rune of pw by a fixed one of the same class.
func classTwin(pw string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsUpper(r):
			return 'A'
		case unicode.IsLower(r):
			return 'a'
		case unicode.IsDigit(r):
			return '0'
		}
		return '-'
	}, pw)
}

func FuzzCheckPasswordExcludes(f *testing.F) {
	f.Add("Jdoe-Passw0rd", "jdoe", "Acme")
	f.Add("Passw0rd-ACME", "x", "acme")
	f.Add("Passw0rd", "", "")
	f.Fuzz(func(t *testing.T, pw, loginID, org string) {
		msg := CheckPasswordExcludes(pw, loginID, org)
		lower := strings.ToLower(pw)
		contains := loginID != "" && strings.Contains(lower, strings.ToLower(loginID)) ||
			org != "" && strings.Contains(lower, strings.ToLower(org))
		if (msg != "") != contains {
			t.Fatalf("CheckPasswordExcludes(%q, %q, %q) = %q, want a refusal: %v", pw, loginID, org, msg, contains)
		}
		// The message is one of two fixed sentences, so it can never carry
		// any part of the password, login id or organization.
		fixed := map[string]bool{"": true,
			CheckPasswordExcludes("xLOGINx", "login", ""): true,
			CheckPasswordExcludes("xORGx", "", "org"):     true}
		if !fixed[msg] {
			t.Fatalf("CheckPasswordExcludes(%q, %q, %q) = %q: not one of the fixed messages", pw, loginID, org, msg)
		}
	})
}

func FuzzCheckEmail(f *testing.F) {
	for _, s := range []string{"", "a@b.example", "no-at", "a@b@c", "Name <a@b.c>", " a@b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The empty value is handled by NonEmpty, not here.
		if CheckEmail(s) != "" {
			return
		}
		local, domain, _ := strings.Cut(s, "@")
		if strings.Count(s, "@") != 1 || local == "" || domain == "" || strings.ContainsAny(s, " ,;<>") {
			t.Fatalf("CheckEmail accepted %q, which is not one local@domain address", s)
		}
	})
}

func FuzzCheckLanguageAndTimezone(f *testing.F) {
	for _, s := range []string{"en", "en-GB", "zz-Latn-419", "not a tag", "Europe/Berlin", "UTC", "../etc/passwd", "Local"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Deterministic and panic-free; a timezone must never be a path.
		lang, tz := CheckLanguage(s), CheckTimezone(s)
		if CheckLanguage(s) != lang || CheckTimezone(s) != tz {
			t.Fatalf("checks of %q are not deterministic", s)
		}
		if CheckTimezone(s) == "" && (strings.Contains(s, "..") || strings.HasPrefix(s, "/")) {
			t.Fatalf("CheckTimezone accepted the path %q", s)
		}
	})
}

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
