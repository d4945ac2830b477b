package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// TestGenerateLoginID: every generated login id meets the server's rule,
// keeps the prefix, is distinct from the others, and is recognised as
// generated (its prefix comes back), for the shortest and longest prefixes.
func TestGenerateLoginID(t *testing.T) {
	free := func(string) (bool, error) { return false, nil }
	for _, prefix := range []string{"s", "svc-", "Payroll.Team_", strings.Repeat("a", loginIDPrefixMaxLen)} {
		seen := map[string]bool{}
		for range 200 {
			id, err := generateLoginID(prefix, "", free)
			if err != nil {
				t.Fatalf("prefix %q: %v", prefix, err)
			}
			if err := client.ValidateLoginID(id); err != nil {
				t.Fatalf("prefix %q: %v", prefix, err)
			}
			if !strings.HasPrefix(id, prefix) {
				t.Fatalf("%q does not start with the prefix %q", id, prefix)
			}
			if seen[client.LoginKey(id)] {
				t.Fatalf("prefix %q: %q generated twice", prefix, id)
			}
			seen[client.LoginKey(id)] = true
			if got, ok := generatedLoginIDPrefix(id); !ok || got != prefix {
				t.Fatalf("generatedLoginIDPrefix(%q) = %q, %t; want %q, true", id, got, ok, prefix)
			}
		}
	}
}

// TestGenerateLoginID_avoidsTakenAndPassword: a candidate the server has
// (in any letter case) or the password contains is drawn again; when every
// candidate is taken the generator says so, and a failed lookup is its
// error.
func TestGenerateLoginID_avoidsTakenAndPassword(t *testing.T) {
	var tried []string
	id, err := generateLoginID("svc-", "", func(id string) (bool, error) {
		tried = append(tried, id)
		return len(tried) < 3, nil // the first two are taken
	})
	if err != nil || len(tried) != 3 || id != tried[2] {
		t.Fatalf("got %q, %v after %d candidates; want the third candidate", id, err, len(tried))
	}
	if _, err := generateLoginID("svc-", "", func(string) (bool, error) { return true, nil }); !errors.Is(err, errNoFreeLoginID) {
		t.Errorf("every candidate taken: got %v, want errNoFreeLoginID", err)
	}
	lookup := errors.New("GET /users failed")
	if _, err := generateLoginID("svc-", "", func(string) (bool, error) { return false, lookup }); !errors.Is(err, lookup) {
		t.Errorf("failed lookup: got %v", err)
	}
	// A password that contains every candidate cannot exist, but one that
	// contains the first can: the generator must not return it.
	first := ""
	_, _ = generateLoginID("x", "", func(id string) (bool, error) { first = id; return true, nil })
	password := "Aa1-" + strings.ToUpper(first)
	id, err = generateLoginID("x", password, func(string) (bool, error) { return false, nil })
	if err != nil || client.ValidatePasswordExcludes(password, id, "") != nil {
		t.Errorf("got %q, %v: the password contains it", id, err)
	}
}

// TestGeneratedLoginIDPrefix: chosen login ids are not taken for generated
// ones, so an import of them records no prefix.
func TestGeneratedLoginIDPrefix(t *testing.T) {
	for _, id := range []string{"payroll", "payroll-integration", "svc-0123456789ab", "ab", "svc-ABCDEFGHIJKL", "0123456789abcd"} {
		if p, ok := generatedLoginIDPrefix(id); ok {
			t.Errorf("%q taken for a generated login id with prefix %q", id, p)
		}
		if !importedLoginIDPrefix(id).IsNull() {
			t.Errorf("import of %q records a prefix", id)
		}
	}
	id, err := generateLoginID("svc-", "", func(string) (bool, error) { return false, nil })
	if err != nil {
		t.Fatal(err)
	}
	// One changed suffix character breaks the check.
	changed := []byte(id)
	changed[len("svc-")] = map[bool]byte{true: '1', false: '0'}[changed[len("svc-")] == '0']
	if _, ok := generatedLoginIDPrefix(string(changed)); ok {
		t.Errorf("%q (one character of %q changed) taken for a generated login id", changed, id)
	}
	if got := importedLoginIDPrefix(id); got.ValueString() != "svc-" {
		t.Errorf("import of %q records prefix %s, want svc-", id, got)
	}
}

// TestLoginIDPrefixValidator: a prefix that could make a login id break the
// rule is refused with the path and the rule.
func TestLoginIDPrefixValidator(t *testing.T) {
	for prefix, ok := range map[string]bool{
		"s": true, "svc-": true, "a.b_c@d-": true, strings.Repeat("a", loginIDPrefixMaxLen): true,
		"": false, "-svc": false, ".svc": false, "svc/": false, "s vc": false, strings.Repeat("a", loginIDPrefixMaxLen+1): false,
	} {
		req := validator.StringRequest{Path: path.Root("login_id_prefix"), ConfigValue: types.StringValue(prefix)}
		var resp validator.StringResponse
		loginIDPrefixValidator().ValidateString(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() == ok {
			t.Errorf("prefix %q: error %t, want %t", prefix, resp.Diagnostics.HasError(), !ok)
			continue
		}
		if !ok {
			detail := resp.Diagnostics.Errors()[0].Detail()
			if !strings.Contains(detail, "login_id_prefix") || !strings.Contains(detail, client.LoginIDRule) {
				t.Errorf("prefix %q: the error does not name the path and the rule: %s", prefix, detail)
			}
		}
	}
}

// TestPrefixReplaces: a new prefix replaces, but not one an imported login
// id (no prefix in state) already starts with, in any letter case.
func TestPrefixReplaces(t *testing.T) {
	s := types.StringValue
	null := types.StringNull()
	for _, c := range []struct {
		prefix, statePrefix, stateLoginID types.String
		want                              bool
	}{
		{s("svc-"), s("svc-"), s("svc-0123456789xx"), false},
		{s("app-"), s("svc-"), s("svc-0123456789xx"), true},
		{s("svc"), s("svc-"), s("svc-0123456789xx"), true},
		{s("svc-"), null, s("svc-payroll"), false},
		{s("SVC-"), null, s("svc-payroll"), false},
		{s("app-"), null, s("svc-payroll"), true},
		{null, s("svc-"), s("svc-payroll"), false}, // login_id configured: its own RequiresReplace decides
		{types.StringUnknown(), s("svc-"), s("svc-payroll"), true},
	} {
		if got := prefixReplaces(c.prefix, c.statePrefix, c.stateLoginID); got != c.want {
			t.Errorf("prefixReplaces(%s, %s, %s) = %t, want %t", c.prefix, c.statePrefix, c.stateLoginID, got, c.want)
		}
	}
}
