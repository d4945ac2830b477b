package client

import (
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
		u, exists := byLogin[LoginKey(batch[j].UserLoginID)]
		if !batch[j].shownIn(u, exists, batch[j+1:], sentAt) {
			left = append(left, i)
		}
	}
	return left
}

// usersByLogin indexes users by LoginKey.
func usersByLogin(users []User) map[string]User {
	m := make(map[string]User, len(users))
	for _, u := range users {
		m[LoginKey(u.UserID)] = u
	}
	return m
}
