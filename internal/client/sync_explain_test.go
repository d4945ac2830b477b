package client

import (
	"fmt"
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
		}, nil, []string{"no user with this login id", "operation"}},
		{"rule violations, password never shown", []SyncOperation{
			{Method: SyncAdd, UserLoginID: "x", UserPassword: &weak, Email: ptr("not-an-address"), Status: ptr("ON")},
			{Method: SyncModify, UserLoginID: "jdoe", UserPassword: ptr("Acme-Passw0rd")},
		}, []string{"login id \"x\" must be 3 to 64", "firstName and lastName are required", "the password must contain an upper-case letter, contain a digit",
			`email "not-an-address"`, `status "ON"`, "operation 1 (MODIFY jdoe): the password must not contain the organization"},
			[]string{weak, "Acme-Passw0rd"}},
		{"active API user limit", []SyncOperation{{Method: SyncAdd, UserLoginID: "svc-11", FirstName: ptr("S"), LastName: ptr("E"), APIUser: ptr(true), UserPassword: &good}},
			[]string{"10 API users are already ACTIVE", "create this one INACTIVE"}, []string{good}},
		{"a MODIFY that activates an API user at the limit", []SyncOperation{{Method: SyncModify, UserLoginID: "jdoe", APIUser: ptr(true), Status: ptr(StatusActive)}},
			[]string{"10 API users are already ACTIVE", "deactivate another one first"}, []string{"create this one"}},
		{"a refused password change that breaks no rule: the server may not take password changes", []SyncOperation{{Method: SyncModify, UserLoginID: "jdoe", UserPassword: &good}},
			[]string{"operation 0 (MODIFY jdoe): the server may not accept password changes", "replace the user"}, []string{good}},
		{"a password change that activates at the limit: the limit, not a guess about passwords", []SyncOperation{{Method: SyncModify, UserLoginID: "jdoe", UserPassword: &good, APIUser: ptr(true), Status: ptr(StatusActive)}},
			[]string{"10 API users are already ACTIVE"}, []string{"password changes"}},
		{"inactive API user does not count", []SyncOperation{{Method: SyncAdd, UserLoginID: "svc-11", FirstName: ptr("S"), LastName: ptr("E"), APIUser: ptr(true), Status: ptr(StatusInactive), UserPassword: &good}},
			nil, []string{"ACTIVE", "operation"}},
		// A login collision is the reason: the limit must not be claimed
		// too, even for an ADD of an active API user at the limit.
		{"login collision at the limit names the collision only", []SyncOperation{{Method: SyncAdd, UserLoginID: "APIA", FirstName: ptr("S"), LastName: ptr("E"), APIUser: ptr(true), UserPassword: &good}},
			[]string{`already exists (key 2000, login id "apia")`}, []string{"ACTIVE", "deactivate"}},
		{"collision within the batch names the collision only", []SyncOperation{
			{Method: SyncAdd, UserLoginID: "svc-x", FirstName: ptr("S"), LastName: ptr("E"), APIUser: ptr(true), Status: ptr(StatusInactive), UserPassword: &good},
			{Method: SyncAdd, UserLoginID: "svc-x", FirstName: ptr("S"), LastName: ptr("E"), APIUser: ptr(true), UserPassword: &good},
		}, []string{"operation 1 (ADD svc-x): an earlier operation of this batch adds the same login id"}, []string{"ACTIVE"}},
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

// TestExplainSyncFailureShowsNothingItCannotSee: a read-back that shows
// nothing wrong explains nothing (the guess of last resort is SyncError's,
// which knows whether the server gave a reason).
func TestExplainSyncFailureShowsNothingItCannotSee(t *testing.T) {
	add := SyncOperation{Method: SyncAdd, UserLoginID: "svc-new", FirstName: ptr("S"), LastName: ptr("N"), BranchIDs: BranchIDs{101}}
	if got := ExplainSyncFailure([]SyncOperation{add}, []User{{Key: 1, UserID: "admin"}}); got != "" {
		t.Errorf("explanation %q, want none: the read-back shows no reason", got)
	}
}

// TestExplainSyncFailureCountsActiveAPIUsersOnlyWhenReported: a server that
// reports neither status nor apiUser (API.md Part A) shows nothing about the
// limit, however many users it has.
func TestExplainSyncFailureCountsActiveAPIUsersOnlyWhenReported(t *testing.T) {
	good := "G00d-Passw0rd"
	add := SyncOperation{Method: SyncAdd, UserLoginID: "svc-new", FirstName: ptr("S"), LastName: ptr("N"), APIUser: ptr(true), UserPassword: &good}
	var partA []User
	for i := range 20 {
		partA = append(partA, User{Key: int64(i), UserID: fmt.Sprintf("svc-%d", i)})
	}
	if got := ExplainSyncFailure([]SyncOperation{add}, partA); got != "" {
		t.Errorf("explanation %q on a server without status and apiUser, want none", got)
	}
}

// TestExplainSyncFailureCountsTheBatchsOwnActivations: nine active API users
// and a batch adding two: the second ADD is the one past the limit.
func TestExplainSyncFailureCountsTheBatchsOwnActivations(t *testing.T) {
	good := "G00d-Passw0rd"
	var users []User
	for i := range 9 {
		users = append(users, User{Key: int64(i), UserID: fmt.Sprintf("api-%d", i), APIUser: ptr(true), Status: ptr(StatusActive)})
	}
	add := func(login string) SyncOperation {
		return SyncOperation{Method: SyncAdd, UserLoginID: login, FirstName: ptr("S"), LastName: ptr("N"), APIUser: ptr(true), UserPassword: &good}
	}
	got := ExplainSyncFailure([]SyncOperation{add("svc-a"), add("svc-b")}, users)
	if strings.Contains(got, "operation 0") || !strings.Contains(got, "operation 1 (ADD svc-b): 10 API users are already ACTIVE") {
		t.Errorf("explanation %q, want the limit named for operation 1 only", got)
	}
}

// TestSyncErrorGuessesOnlyWithoutAReason: the hint about branches and
// groups the server may not know is the last resort; after the server's
// own reason, or an explanation from the read-back, it would mislead.
func TestSyncErrorGuessesOnlyWithoutAReason(t *testing.T) {
	op := SyncOperation{Method: SyncAdd, UserLoginID: "svc-11", APIUser: ptr(true), BranchIDs: BranchIDs{101, 999}, GroupID: ptr(int64(4))}
	limit := "status: at most 10 API users may be ACTIVE at once (max-active-api-users limit); deactivate another API user first"
	tests := []struct {
		name, reason, detail string
		want, not            []string
	}{
		{"no reason, nothing found", "", "", []string{"The server gave no reason", "check that the server knows the branch ids 101|999 and the group 4"}, nil},
		{"the server's reason", limit, "", []string{limit}, []string{"gave no reason", "branch", "group"}},
		{"the read-back's reason", "", "operation 0 (ADD svc-11): a user with this login id already exists", []string{"already exists"}, []string{"gave no reason", "branch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := (&SyncError{Index: 0, Reason: tt.reason, Operations: []SyncOperation{op}, Detail: tt.detail}).Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("message %q lacks %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("message %q contains %q", got, n)
				}
			}
		})
	}
	bare := (&SyncError{Index: -1, Operations: []SyncOperation{{Method: SyncDelete, UserLoginID: "gone"}}}).Error()
	if !strings.Contains(bare, "The server gave no reason, and the client found none in what it can check.") || strings.Contains(bare, "branch") {
		t.Errorf("message %q: without branches or groups there is nothing to check", bare)
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
