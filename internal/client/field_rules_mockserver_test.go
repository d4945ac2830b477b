package client_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestFieldRulesAgreeWithTheMock sends each value to the mock, which states
// API.md's rules on its own, and checks that the mock refuses exactly what
// the client's rules refuse. The two are written apart on purpose; this is
// where a drift between them shows.
func TestFieldRulesAgreeWithTheMock(t *testing.T) {
	srv := mockserver.Start(t, mockserver.Options{})
	c := newMockClient(t, srv)
	ctx := context.Background()

	n := 0
	check := func(t *testing.T, value string, clientErr error, edit func(*client.SyncOperation)) {
		t.Helper()
		n++
		op := addAPIUser(fmt.Sprintf("rules-%d", n))
		op.Status = new(client.StatusInactive) // so the mock's limit of active API users never decides
		edit(&op)
		err := c.TrySync(ctx, []client.SyncOperation{op})
		var syncErr *client.SyncError
		if err != nil && !errors.As(err, &syncErr) {
			t.Fatalf("%q: %v", value, err)
		}
		if (clientErr == nil) != (err == nil) {
			t.Errorf("%q: the client's rule says %v, the mock says %v", value, clientErr, err)
		}
	}
	field := func(name string, validate func(string) error, set func(*client.SyncOperation, string), values ...string) {
		t.Run(name, func(t *testing.T) {
			for _, v := range values {
				check(t, v, validate(v), func(op *client.SyncOperation) { set(op, v) })
			}
		})
	}

	field("login id", client.ValidateLoginID, func(op *client.SyncOperation, v string) { op.UserLoginID = v },
		"jdoe-agree", "a.b_c@d-e", "9lives-agree", "ab", "_jdoe", ".jdoe", "j doe", "jdöe", strings.Repeat("a", 64), strings.Repeat("b", 65))
	field("email", client.ValidateEmail, func(op *client.SyncOperation, v string) { op.Email = &v },
		"", "jdoe@example.com", "a+b@sub.example.org", "a@b", "a@[192.0.2.1]",
		"a@b.", "a,b@c", "a<b>@c", "a@.b", // the four the client used to take
		"jdoe", "@example.com", "jdoe@", "a@b@c", "John <j@x.com>", "j@x.com (John)", `"a b"@example.com`, " a@b.c", "a..b@example.com")
	field("language", client.ValidateLanguage, func(op *client.SyncOperation, v string) { op.Language = &v },
		"", "en", "en-GB", "EN-gb", "de-CH-1996", "zh-Hant-TW", "es-419", "en-US-x-twain",
		"e", "en_GB", "english!", "en-", "en--GB", "123", "zz-Latn-419")
	field("timezone", client.ValidateTimezone, func(op *client.SyncOperation, v string) { op.Timezone = &v },
		"", "UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Local", "Mars/Olympus", "+02:00", "../etc/passwd")
	field("status", client.ValidateStatus, func(op *client.SyncOperation, v string) { op.Status = &v },
		client.StatusInactive, client.StatusTrash, "active", "DELETED")
	t.Run("password", func(t *testing.T) {
		const org = "Acme"
		for _, pw := range []string{"Integr4tion-Secret", "Abcdefg1", "Ünïcode9a", "Abcdef1", "abcdefg1", "ABCDEFG1", "Abcdefgh",
			"ACME-Passw0rd", strings.Repeat("Aa1", 42) + "xx", strings.Repeat("Aa1", 43),
			"Pass w0rd-Agree", " Passw0rd-Agree", "Passw0rd-Agree ", "Passw0rd-Agree\n", "Pass\tw0rd-Agree", "Pass\x00w0rd-Agree"} {
			check(t, pw, client.ValidatePassword(pw, "pw-agree", org), func(op *client.SyncOperation) {
				op.UserLoginID, op.UserPassword, op.Organization = fmt.Sprintf("pw-agree-%d", n), &pw, new(org)
			})
		}
		login := "pw-holder"
		pw := "Pw-Holder-9x" // contains the login id, case-insensitively
		check(t, pw, client.ValidatePassword(pw, login, ""), func(op *client.SyncOperation) {
			op.UserLoginID, op.UserPassword = login, &pw
		})
	})
}
