package client

import (
	"reflect"
	"testing"
)

// TestApplyToChangesOnlyWhatTheUserHolds: a user holds what the server
// reports, so an extension field it lacks stays absent, and branches come
// out as the server stores them.
func TestApplyToChangesOnlyWhatTheUserHolds(t *testing.T) {
	extended := User{Key: 1, UserID: "jdoe", FirstName: "John", Description: ptr("old"), Status: ptr(StatusActive), BranchIDs: BranchIDs{101}}
	partA := User{Key: 2, UserID: "partA", FirstName: "P"}
	modify := SyncOperation{Method: SyncModify, UserLoginID: "jdoe", FirstName: ptr("Johnny"), Email: ptr("j@example.com"),
		Description: ptr("new"), Status: ptr(StatusInactive), APIUser: ptr(true), BranchIDs: BranchIDs{103, 102, 103}}
	tests := []struct {
		name        string
		user        User
		op          SyncOperation
		want        User
		wantRemoved bool
	}{
		{"MODIFY of an extended user", extended, modify,
			User{Key: 1, UserID: "jdoe", FirstName: "Johnny", Email: "j@example.com", Description: ptr("new"), Status: ptr(StatusInactive), BranchIDs: BranchIDs{102, 103}}, false},
		{"MODIFY of a Part A user", partA, modify, User{Key: 2, UserID: "partA", FirstName: "Johnny", Email: "j@example.com"}, false},
		{"MODIFY to no branches", extended, SyncOperation{Method: SyncModify, BranchIDs: BranchIDs{}},
			User{Key: 1, UserID: "jdoe", FirstName: "John", Description: ptr("old"), Status: ptr(StatusActive), BranchIDs: BranchIDs{}}, false},
		{"password leaves no trace", extended, SyncOperation{Method: SyncModify, UserPassword: ptr("Secr3t-Passw0rd")}, extended, false},
		{"DELETE", extended, SyncOperation{Method: SyncDelete}, extended, true},
		{"DELETE some branches", User{BranchIDs: BranchIDs{101, 102}}, SyncOperation{Method: SyncDelete, BranchIDs: BranchIDs{101}}, User{BranchIDs: BranchIDs{102}}, false},
		{"DELETE the last branch", extended, SyncOperation{Method: SyncDelete, BranchIDs: BranchIDs{101}}, User{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.user
			removed := tt.op.ApplyTo(&u)
			if removed != tt.wantRemoved {
				t.Fatalf("removed = %v, want %v", removed, tt.wantRemoved)
			}
			if !removed && !reflect.DeepEqual(u, tt.want) {
				t.Errorf("after ApplyTo:\n got %+v\nwant %+v", u, tt.want)
			}
		})
	}
	op := SyncOperation{Method: SyncModify, Description: ptr("mine")}
	u := extended
	op.ApplyTo(&u)
	*op.Description = "changed later"
	if *u.Description != "mine" {
		t.Error("the user shares memory with the operation")
	}
}

func TestDerivable(t *testing.T) {
	grouped := User{UserID: "jdoe", GroupID: ptr(int64(3)), UserGroup: ptr("Ops"), BranchIDs: BranchIDs{101}}
	tests := []struct {
		name string
		user User
		op   SyncOperation
		want bool
	}{
		{"ADD: the server assigns the key", User{}, SyncOperation{Method: SyncAdd}, false},
		{"password: the server stamps passwordChangedAt", grouped, SyncOperation{Method: SyncModify, UserPassword: ptr("x")}, false},
		{"MODIFY of plain fields", grouped, SyncOperation{Method: SyncModify, FirstName: ptr("J")}, true},
		{"MODIFY of both group fields", grouped, SyncOperation{Method: SyncModify, GroupID: ptr(int64(4)), UserGroup: ptr("Dev")}, true},
		{"MODIFY of the group id alone", grouped, SyncOperation{Method: SyncModify, GroupID: ptr(int64(4))}, false},
		{"MODIFY of the group name alone", grouped, SyncOperation{Method: SyncModify, UserGroup: ptr("Dev")}, false},
		{"MODIFY to the group the user has", grouped, SyncOperation{Method: SyncModify, UserGroup: ptr("ops")}, true},
		{"DELETE", User{}, SyncOperation{Method: SyncDelete}, true},
		{"DELETE branches, branches reported", grouped, SyncOperation{Method: SyncDelete, BranchIDs: BranchIDs{101}}, true},
		{"DELETE branches, branches not reported", User{}, SyncOperation{Method: SyncDelete, BranchIDs: BranchIDs{101}}, false},
		{"unknown method", grouped, SyncOperation{Method: "PATCH"}, false},
	}
	for _, tt := range tests {
		if got := tt.op.Derivable(tt.user); got != tt.want {
			t.Errorf("%s: Derivable = %v, want %v", tt.name, got, tt.want)
		}
	}
}
