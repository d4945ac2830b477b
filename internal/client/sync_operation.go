package client

import (
	"slices"
	"strings"
	"time"
)

// This file is the one statement of what a PUT /users/sync operation does to
// the user it names. The store patches its snapshot with ApplyTo, TrySync
// recognises an operation in a read-back with shownIn, ExplainSyncFailure
// follows a batch with RemovesUser and activatesAPIUser, and the store's test
// fake applies operations with ApplyTo as a server would.

// syncField is one user field a sync operation may set.
type syncField struct {
	name string
	sent func(SyncOperation) bool
	// apply sets the value op sends on u, where u holds the field: a user
	// holds what the server reports, never what was only sent, so that
	// nobody reads back a value the server may have ignored.
	apply func(u *User, op SyncOperation)
	// shows reports whether a read-back u shows the value op sets; sentAt is
	// when op was sent.
	shows func(u User, op SyncOperation, sentAt time.Time) bool
}

// documentedField is a field of API.md Part A: every server reports it.
func documentedField(name string, in func(*SyncOperation) *string, at func(*User) *string) syncField {
	return syncField{
		name:  name,
		sent:  func(op SyncOperation) bool { return in(&op) != nil },
		apply: func(u *User, op SyncOperation) { *at(u) = *in(&op) },
		shows: func(u User, op SyncOperation, _ time.Time) bool { return *at(&u) == *in(&op) },
	}
}

// extensionField is a field of API.md Part B: a server that does not report
// it leaves it nil, and then it neither changes nor can be confirmed.
func extensionField[T any](name string, in func(*SyncOperation) *T, at func(*User) **T, equal func(a, b T) bool) syncField {
	return syncField{
		name: name,
		sent: func(op SyncOperation) bool { return in(&op) != nil },
		apply: func(u *User, op SyncOperation) {
			if dst := at(u); *dst != nil {
				v := *in(&op) // a copy: a user never shares memory with an operation
				*dst = &v
			}
		},
		shows: func(u User, op SyncOperation, _ time.Time) bool {
			got := *at(&u)
			return got != nil && equal(*got, *in(&op))
		},
	}
}

func equal[T comparable](a, b T) bool { return a == b }

// syncFields lists every field a sync operation may set.
var syncFields = []syncField{
	documentedField("firstName", func(op *SyncOperation) *string { return op.FirstName }, func(u *User) *string { return &u.FirstName }),
	documentedField("lastName", func(op *SyncOperation) *string { return op.LastName }, func(u *User) *string { return &u.LastName }),
	documentedField("email", func(op *SyncOperation) *string { return op.Email }, func(u *User) *string { return &u.Email }),
	extensionField("description", func(op *SyncOperation) *string { return op.Description }, func(u *User) **string { return &u.Description }, equal[string]),
	extensionField("organization", func(op *SyncOperation) *string { return op.Organization }, func(u *User) **string { return &u.Organization }, equal[string]),
	extensionField("language", func(op *SyncOperation) *string { return op.Language }, func(u *User) **string { return &u.Language }, equal[string]),
	extensionField("timezone", func(op *SyncOperation) *string { return op.Timezone }, func(u *User) **string { return &u.Timezone }, equal[string]),
	extensionField("privateNote", func(op *SyncOperation) *string { return op.PrivateNote }, func(u *User) **string { return &u.PrivateNote }, equal[string]),
	extensionField("status", func(op *SyncOperation) *string { return op.Status }, func(u *User) **string { return &u.Status }, strings.EqualFold),
	extensionField("userGroup", func(op *SyncOperation) *string { return op.UserGroup }, func(u *User) **string { return &u.UserGroup }, strings.EqualFold),
	extensionField("groupId", func(op *SyncOperation) *int64 { return op.GroupID }, func(u *User) **int64 { return &u.GroupID }, equal[int64]),
	extensionField("apiUser", func(op *SyncOperation) *bool { return op.APIUser }, func(u *User) **bool { return &u.APIUser }, equal[bool]),
	{
		name: "branchIds",
		sent: func(op SyncOperation) bool { return op.BranchIDs != nil },
		apply: func(u *User, op SyncOperation) {
			if u.BranchIDs != nil {
				u.BranchIDs = normalizedBranches(op.BranchIDs)
			}
		},
		shows: func(u User, op SyncOperation, _ time.Time) bool {
			return u.BranchIDs != nil && u.BranchIDs.String() == op.BranchIDs.String()
		},
	},
	{
		// A password cannot be read back, and only the server knows when it
		// changed: it shows as passwordChangedAt at or after the send (to the
		// second).
		name:  "userPassword",
		sent:  func(op SyncOperation) bool { return op.UserPassword != nil },
		apply: func(*User, SyncOperation) {},
		shows: func(u User, _ SyncOperation, sentAt time.Time) bool { return passwordChangedSince(u, sentAt) },
	},
}

// RemovesUser reports whether op deletes the user record itself (a DELETE
// without branchIds), and with it, server-side, its roles and privileges.
func (op SyncOperation) RemovesUser() bool {
	return op.Method == SyncDelete && len(op.BranchIDs) == 0
}

// NeedsReadBack reports whether the server decides part of op's result:
// an ADD assigns the key and defaults, a password sets passwordChangedAt.
func (op SyncOperation) NeedsReadBack() bool {
	return op.Method == SyncAdd || op.UserPassword != nil
}

// ApplyTo changes u, the user op names, as the server applies op, and
// reports whether op removes the user. An ADD or MODIFY sets the fields op
// sends that u holds (see syncField.apply); a DELETE with branchIds removes
// those branches, and the user with its last one.
func (op SyncOperation) ApplyTo(u *User) (removed bool) {
	if op.Method == SyncDelete {
		if op.RemovesUser() {
			return true
		}
		u.BranchIDs = withoutBranches(u.BranchIDs, op.BranchIDs)
		return len(u.BranchIDs) == 0
	}
	for _, f := range syncFields {
		if f.sent(op) {
			f.apply(u, op)
		}
	}
	return false
}

// Derivable reports whether ApplyTo(u) gives exactly what the server holds
// after an applied op, so that a copy of u can be patched instead of read
// back. It is not for what the server decides (NeedsReadBack), for a DELETE
// of branches from a user whose branches the server does not report (whether
// any remain is unknown), nor for a MODIFY that names a group by only one of
// id and name: the server keeps the two in step, so the other becomes a value
// only it knows, unless the group is the user's already.
func (op SyncOperation) Derivable(u User) bool {
	if op.NeedsReadBack() {
		return false
	}
	switch op.Method {
	case SyncModify:
		switch {
		case (op.GroupID == nil) == (op.UserGroup == nil):
			return true
		case op.GroupID != nil:
			return u.GroupID != nil && *u.GroupID == *op.GroupID
		}
		return u.UserGroup != nil && strings.EqualFold(*u.UserGroup, *op.UserGroup)
	case SyncDelete:
		return op.RemovesUser() || u.BranchIDs != nil
	}
	return false
}

// shownIn reports whether a read-back taken after op was sent (at sentAt)
// shows it applied; u is op's user in it, when exists. later are the
// operations sent after op in the same request, which take precedence: a
// field a later operation sets again is not checked, and when a later one
// removes the user, its absence is what shows op applied. An extension field
// the server does not send cannot be confirmed, so it counts as not applied:
// re-sending a MODIFY is harmless.
func (op SyncOperation) shownIn(u User, exists bool, later []SyncOperation, sentAt time.Time) bool {
	login := LoginKey(op.UserLoginID)
	overwritten := map[string]bool{}
	for _, next := range later {
		if LoginKey(next.UserLoginID) != login {
			continue
		}
		if next.RemovesUser() {
			return !exists
		}
		for _, f := range syncFields {
			overwritten[f.name] = overwritten[f.name] || f.sent(next)
		}
	}
	switch op.Method {
	case SyncAdd:
		return exists
	case SyncDelete:
		if !exists {
			return true
		}
		if op.RemovesUser() || u.BranchIDs == nil {
			// The user is still there, or the server does not show branches:
			// re-sending a branch removal is harmless.
			return false
		}
		return !slices.ContainsFunc(op.BranchIDs, func(id int64) bool { return slices.Contains(u.BranchIDs, id) })
	case SyncModify:
		if !exists {
			return false
		}
		for _, f := range syncFields {
			if f.sent(op) && !overwritten[f.name] && !f.shows(u, op, sentAt) {
				return false
			}
		}
		return true
	}
	return false
}

// activatesAPIUser reports whether op would add an active API user or make
// an inactive one active; current is the user before op.
func (op SyncOperation) activatesAPIUser(current User) bool {
	switch op.Method {
	case SyncAdd:
		return op.APIUser != nil && *op.APIUser && (op.Status == nil || *op.Status == StatusActive)
	case SyncModify:
		isAPI := (op.APIUser != nil && *op.APIUser) || (op.APIUser == nil && current.APIUser != nil && *current.APIUser)
		wasActive := current.Status != nil && *current.Status == StatusActive
		return isAPI && op.Status != nil && *op.Status == StatusActive && !wasActive
	}
	return false
}

func passwordChangedSince(u User, sentAt time.Time) bool {
	if u.PasswordChangedAt == nil {
		return false
	}
	changed, err := time.Parse(time.RFC3339, *u.PasswordChangedAt)
	return err == nil && !changed.Before(sentAt.Truncate(time.Second))
}

// normalizedBranches is the list as the server stores it: ascending, unique,
// non-nil (an empty MODIFY list means "no branches", not "absent").
func normalizedBranches(b BranchIDs) BranchIDs {
	out := BranchIDs(slices.Compact(slices.Sorted(slices.Values(b))))
	if out == nil {
		out = BranchIDs{}
	}
	return out
}

// withoutBranches is have minus remove.
func withoutBranches(have, remove BranchIDs) BranchIDs {
	out := BranchIDs{}
	for _, b := range have {
		if !slices.Contains(remove, b) {
			out = append(out, b)
		}
	}
	return out
}
