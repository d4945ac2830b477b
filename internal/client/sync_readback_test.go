package client

import (
	"slices"
	"testing"
	"time"
)

func TestUnconfirmedOperations(t *testing.T) {
	sentAt := time.Date(2026, 3, 4, 5, 6, 7, 500_000_000, time.UTC)
	after, before := "2026-03-04T05:06:07Z", "2026-03-04T05:00:00Z"
	pw := "Some-Passw0rd1"
	users := []User{
		{Key: 1, UserID: "Alice", FirstName: "Alice", Status: ptr("INACTIVE"), BranchIDs: BranchIDs{101, 102}, PasswordChangedAt: &after},
		{Key: 2, UserID: "bob", FirstName: "Bob", PasswordChangedAt: &before},
		{Key: 3, UserID: "partA", FirstName: "P"}, // a Part A server: no extension fields
	}
	tests := []struct {
		name string
		ops  []SyncOperation
		want []int // indexes left to send
	}{
		{"ADD visible case-insensitively", []SyncOperation{{Method: SyncAdd, UserLoginID: "alice"}}, nil},
		{"ADD missing", []SyncOperation{{Method: SyncAdd, UserLoginID: "carol"}}, []int{0}},
		{"DELETE done", []SyncOperation{{Method: SyncDelete, UserLoginID: "carol"}}, nil},
		{"DELETE pending", []SyncOperation{{Method: SyncDelete, UserLoginID: "bob"}}, []int{0}},
		{"DELETE branches done", []SyncOperation{{Method: SyncDelete, UserLoginID: "alice", BranchIDs: BranchIDs{103}}}, nil},
		{"DELETE branches pending", []SyncOperation{{Method: SyncDelete, UserLoginID: "alice", BranchIDs: BranchIDs{102, 103}}}, []int{0}},
		{"DELETE branches unknowable", []SyncOperation{{Method: SyncDelete, UserLoginID: "partA", BranchIDs: BranchIDs{101}}}, []int{0}},
		{"MODIFY visible", []SyncOperation{{Method: SyncModify, UserLoginID: "alice", FirstName: ptr("Alice"), Status: ptr("inactive"), BranchIDs: BranchIDs{102, 101}}}, nil},
		{"MODIFY one field differs", []SyncOperation{{Method: SyncModify, UserLoginID: "alice", FirstName: ptr("Alice"), LastName: ptr("X")}}, []int{0}},
		{"MODIFY extension absent", []SyncOperation{{Method: SyncModify, UserLoginID: "partA", Description: ptr("d")}}, []int{0}},
		{"MODIFY missing user", []SyncOperation{{Method: SyncModify, UserLoginID: "carol", FirstName: ptr("C")}}, []int{0}},
		{"password changed after send", []SyncOperation{{Method: SyncModify, UserLoginID: "alice", UserPassword: &pw}}, nil},
		{"password changed before send", []SyncOperation{{Method: SyncModify, UserLoginID: "bob", UserPassword: &pw}}, []int{0}},
		{"password without passwordChangedAt", []SyncOperation{{Method: SyncModify, UserLoginID: "partA", UserPassword: &pw}}, []int{0}},
		{"later MODIFY of the same field wins", []SyncOperation{
			{Method: SyncModify, UserLoginID: "bob", FirstName: ptr("Robert")},
			{Method: SyncModify, UserLoginID: "bob", FirstName: ptr("Bob")},
		}, nil},
		{"ADD then DELETE in one batch, applied", []SyncOperation{
			{Method: SyncAdd, UserLoginID: "temp"},
			{Method: SyncDelete, UserLoginID: "temp"},
		}, nil},
		{"MODIFY then DELETE, not applied", []SyncOperation{
			{Method: SyncModify, UserLoginID: "bob", FirstName: ptr("Bob")},
			{Method: SyncDelete, UserLoginID: "bob"},
		}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pending := make([]int, len(tt.ops))
			for i := range pending {
				pending[i] = i
			}
			if got := unconfirmedOperations(tt.ops, pending, users, sentAt); !slices.Equal(got, tt.want) {
				t.Errorf("unconfirmed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUnconfirmedOperationsKeepsCallerIndexes(t *testing.T) {
	ops := []SyncOperation{
		{Method: SyncAdd, UserLoginID: "a"},
		{Method: SyncAdd, UserLoginID: "b"},
		{Method: SyncAdd, UserLoginID: "c"},
	}
	got := unconfirmedOperations(ops, []int{1, 2}, []User{{UserID: "b"}}, time.Now())
	if !slices.Equal(got, []int{2}) {
		t.Errorf("got %v, want [2]", got)
	}
}
