package client

import (
	"slices"
	"strings"
	"time"
)

// This file decides, after a PUT /users/sync whose outcome is unknown, which
// operations a read-back of the users already shows applied. Only the rest is
// sent again, so that an ADD is never sent twice.

// unconfirmedOperations returns the indexes (into ops) among pending whose
// effect users does not show. sentAt is when the ambiguous request was sent.
func unconfirmedOperations(ops []SyncOperation, pending []int, users []User, sentAt time.Time) []int {
	byLogin := usersByLogin(users)
	batch := selectOperations(ops, pending)
	var left []int
	for j, i := range pending {
		if !operationVisible(batch, j, byLogin, sentAt) {
			left = append(left, i)
		}
	}
	return left
}

// usersByLogin indexes users by lower-cased login id: login ids are unique
// case-insensitively.
func usersByLogin(users []User) map[string]User {
	m := make(map[string]User, len(users))
	for _, u := range users {
		m[strings.ToLower(u.UserID)] = u
	}
	return m
}

// operationVisible reports whether batch[j]'s effect shows in the read-back.
// Later operations of the batch on the same user take precedence: a field a
// later MODIFY sets again is not checked, and when a later DELETE removes
// the user entirely, its absence is what shows the batch applied.
func operationVisible(batch []SyncOperation, j int, byLogin map[string]User, sentAt time.Time) bool {
	op := batch[j]
	login := strings.ToLower(op.UserLoginID)
	u, exists := byLogin[login]
	later := batch[j+1:]
	for _, next := range later {
		if strings.ToLower(next.UserLoginID) == login && next.Method == SyncDelete && len(next.BranchIDs) == 0 {
			return !exists
		}
	}
	switch op.Method {
	case SyncAdd:
		return exists
	case SyncDelete:
		if !exists {
			return true
		}
		if len(op.BranchIDs) == 0 || u.BranchIDs == nil {
			// The user is still there, or the server does not show branches:
			// re-sending a branch removal is harmless.
			return false
		}
		return !slices.ContainsFunc(op.BranchIDs, func(id int64) bool { return slices.Contains(u.BranchIDs, id) })
	case SyncModify:
		if !exists {
			return false
		}
		overwritten := map[string]bool{}
		for _, next := range later {
			if strings.ToLower(next.UserLoginID) == login {
				for _, f := range modifiedFields(next, sentAt) {
					overwritten[f.name] = true
				}
			}
		}
		for _, f := range modifiedFields(op, sentAt) {
			if !overwritten[f.name] && !f.matches(u) {
				return false
			}
		}
		return true
	}
	return false
}

// fieldCheck tells whether a user shows the value an operation sets.
type fieldCheck struct {
	name    string
	matches func(User) bool
}

// modifiedFields lists the checks of every field op sets. An extension field
// the server does not send cannot be confirmed, so it counts as not applied:
// re-sending a MODIFY is harmless. A password cannot be read back; it counts
// as applied when passwordChangedAt is at or after the send (to the second).
func modifiedFields(op SyncOperation, sentAt time.Time) []fieldCheck {
	var checks []fieldCheck
	add := func(name string, set bool, matches func(User) bool) {
		if set {
			checks = append(checks, fieldCheck{name, matches})
		}
	}
	add("firstName", op.FirstName != nil, func(u User) bool { return u.FirstName == *op.FirstName })
	add("lastName", op.LastName != nil, func(u User) bool { return u.LastName == *op.LastName })
	add("email", op.Email != nil, func(u User) bool { return u.Email == *op.Email })
	add("description", op.Description != nil, func(u User) bool { return equalOptional(u.Description, *op.Description) })
	add("organization", op.Organization != nil, func(u User) bool { return equalOptional(u.Organization, *op.Organization) })
	add("language", op.Language != nil, func(u User) bool { return equalOptional(u.Language, *op.Language) })
	add("timezone", op.Timezone != nil, func(u User) bool { return equalOptional(u.Timezone, *op.Timezone) })
	add("privateNote", op.PrivateNote != nil, func(u User) bool { return equalOptional(u.PrivateNote, *op.PrivateNote) })
	add("status", op.Status != nil, func(u User) bool { return u.Status != nil && strings.EqualFold(*u.Status, *op.Status) })
	add("userGroup", op.UserGroup != nil, func(u User) bool { return u.UserGroup != nil && strings.EqualFold(*u.UserGroup, *op.UserGroup) })
	add("groupId", op.GroupID != nil, func(u User) bool { return u.GroupID != nil && *u.GroupID == *op.GroupID })
	add("apiUser", op.APIUser != nil, func(u User) bool { return u.APIUser != nil && *u.APIUser == *op.APIUser })
	add("branchIds", op.BranchIDs != nil, func(u User) bool { return u.BranchIDs != nil && u.BranchIDs.String() == op.BranchIDs.String() })
	add("userPassword", op.UserPassword != nil, func(u User) bool { return passwordChangedSince(u, sentAt) })
	return checks
}

func equalOptional(got *string, want string) bool {
	return got != nil && *got == want
}

func passwordChangedSince(u User, sentAt time.Time) bool {
	if u.PasswordChangedAt == nil {
		return false
	}
	changed, err := time.Parse(time.RFC3339, *u.PasswordChangedAt)
	return err == nil && !changed.Before(sentAt.Truncate(time.Second))
}
