package client

import (
	"strings"
	"testing"
)

func TestExplainSyncFailure(t *testing.T) {
	weak, good := "weakpass", "G00d-Passw0rd"
	users := []User{{Key: 1003, UserID: "JDoe", Organization: ptr("Acme")}}
	for i := range 10 {
		users = append(users, User{Key: int64(2000 + i), UserID: "api" + string(rune('a'+i)), APIUser: ptr(true), Status: ptr(StatusActive)})
	}
	tests := []struct {
		name string
		ops  []SyncOperation
		want []string
		not  []string
	}{
		{"duplicate ADD", []SyncOperation{{Method: SyncAdd, UserLoginID: "jdoe", FirstName: ptr("J"), LastName: ptr("D")}},
			[]string{`operation 0 (ADD jdoe): a user with this login id already exists (key 1003, login id "JDoe")`}, nil},
		{"missing user", []SyncOperation{{Method: SyncModify, UserLoginID: "ghost"}, {Method: SyncDelete, UserLoginID: "ghost2"}},
			[]string{"operation 0 (MODIFY ghost): no user with this login id exists", "operation 1 (DELETE ghost2): no user"}, nil},
		{"ADD then MODIFY in one batch is fine", []SyncOperation{
			{Method: SyncAdd, UserLoginID: "newbie", FirstName: ptr("N"), LastName: ptr("B")},
			{Method: SyncModify, UserLoginID: "newbie", LastName: ptr("C")},
		}, []string{"shows no reason"}, []string{"no user with this login id"}},
		{"rule violations, password never shown", []SyncOperation{
			{Method: SyncAdd, UserLoginID: "x", UserPassword: &weak, Email: ptr("not-an-address"), Status: ptr("ON")},
			{Method: SyncModify, UserLoginID: "jdoe", UserPassword: ptr("Acme-Passw0rd")},
		}, []string{"login id \"x\" must be 3 to 64", "firstName and lastName are required", "the password must contain an upper-case letter, contain a digit",
			`email "not-an-address"`, `status "ON"`, "operation 1 (MODIFY jdoe): the password must not contain the organization"},
			[]string{weak, "Acme-Passw0rd"}},
		{"active API user limit", []SyncOperation{{Method: SyncAdd, UserLoginID: "svc-11", FirstName: ptr("S"), LastName: ptr("E"), APIUser: ptr(true), UserPassword: &good}},
			[]string{"10 API users are already ACTIVE"}, []string{good}},
		{"a refused password change that breaks no rule: the server may not take password changes", []SyncOperation{{Method: SyncModify, UserLoginID: "jdoe", UserPassword: &good}},
			[]string{"operation 0 (MODIFY jdoe): the server may not accept password changes", "replace the user"}, []string{good, "shows no reason"}},
		{"inactive API user does not count", []SyncOperation{{Method: SyncAdd, UserLoginID: "svc-11", FirstName: ptr("S"), LastName: ptr("E"), APIUser: ptr(true), Status: ptr(StatusInactive), UserPassword: &good}},
			[]string{"shows no reason"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExplainSyncFailure(tt.ops, users)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("explanation %q lacks %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("explanation %q contains %q", got, n)
				}
			}
		})
	}
}

func TestValidators(t *testing.T) {
	for _, ok := range []string{"abc", "j.doe@x", "9to5", strings.Repeat("a", 64)} {
		if err := ValidateLoginID(ok); err != nil {
			t.Errorf("ValidateLoginID(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"ab", "_abc", "a b", strings.Repeat("a", 65), "ü-user"} {
		if ValidateLoginID(bad) == nil {
			t.Errorf("ValidateLoginID(%q) accepted", bad)
		}
	}
	if err := ValidatePassword("Abcdefg1", "jdoe", "acme"); err != nil {
		t.Errorf("good password refused: %v", err)
	}
	for _, bad := range []string{"Abcdef1", "abcdefg1", "ABCDEFG1", "Abcdefgh", "xJDOEx1a", "Acme1234a"} {
		if err := ValidatePassword(bad, "jdoe", "ACME"); err == nil {
			t.Errorf("ValidatePassword accepted a weak password")
		} else if strings.Contains(err.Error(), bad) {
			t.Errorf("error contains the password")
		}
	}
}
