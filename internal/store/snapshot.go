package store

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// errEmptyUserList is returned for a GET /users that answered an empty list:
// a tenant always has at least its admin, so an empty answer means a broken
// server or proxy, and treating it as valid would make every resource look
// deleted.
var errEmptyUserList = errors.New("GET /users returned no users; refusing to treat every user as deleted")

// snapshot is one GET /users answer indexed by lower-case login id (login
// ids are unique case-insensitively), so that a lookup is O(1) and building
// the index is O(N). Completed writes patch it in place under Store.mu.
type snapshot struct {
	// gen is Store.writeGen at the moment the list that produced this
	// snapshot started: the snapshot reflects every write completed before.
	gen     uint64
	byLogin map[string]client.User
	// confirmed: this list was taken because the one before lacked a user
	// someone looked for; a miss in it is final (ManagedUser).
	confirmed bool
}

// loginKey is the index key of a login id.
func loginKey(loginID string) string { return strings.ToLower(loginID) }

// newSnapshot indexes users, taking ownership of the slice's contents. It
// rejects a list no real server answers (empty, blank or duplicate login
// ids) rather than letting it remove resources from state.
func newSnapshot(users []client.User, gen uint64) (*snapshot, error) {
	if len(users) == 0 {
		return nil, errEmptyUserList
	}
	s := &snapshot{gen: gen, byLogin: make(map[string]client.User, len(users))}
	for i := range users {
		u := users[i]
		if strings.TrimSpace(u.UserID) == "" {
			return nil, fmt.Errorf("GET /users returned a malformed list: user %d (key %d) has no userID", i, u.Key)
		}
		k := loginKey(u.UserID)
		if prev, dup := s.byLogin[k]; dup {
			return nil, fmt.Errorf("GET /users returned a malformed list: login id %q appears twice (keys %d and %d)", u.UserID, prev.Key, u.Key)
		}
		s.byLogin[k] = u
	}
	return s, nil
}

// lookup returns a copy of the user, so callers never hold the cache's data.
func (s *snapshot) lookup(loginID string) (*client.User, bool) {
	u, ok := s.byLogin[loginKey(loginID)]
	if !ok {
		return nil, false
	}
	return cloneUser(u), true
}

// all returns copies of every user, ordered by key as GET /users is.
func (s *snapshot) all() []client.User {
	out := make([]client.User, 0, len(s.byLogin))
	for _, u := range s.byLogin {
		out = append(out, *cloneUser(u))
	}
	slices.SortFunc(out, func(a, b client.User) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// patchOutcome says what applying a completed operation to the snapshot did.
type patchOutcome int

const (
	// patchUnknown: the operation's effect cannot be derived from the
	// operation and the snapshot (ADD, password, unknown user, a group named
	// only by one of id and name); the snapshot must be re-read.
	patchUnknown patchOutcome = iota
	// patchUpdated: the user now holds what the server holds.
	patchUpdated
	// patchRemoved: the user was deleted.
	patchRemoved
)

// needsReadBack reports whether the server decides part of op's result
// (ADD assigns the key and defaults; a password sets passwordChangedAt).
func needsReadBack(op client.SyncOperation) bool {
	return op.Method == client.SyncAdd || op.UserPassword != nil
}

// patch applies an operation the server accepted.
func (s *snapshot) patch(op client.SyncOperation) patchOutcome {
	if needsReadBack(op) {
		return patchUnknown
	}
	k := loginKey(op.UserLoginID)
	u, ok := s.byLogin[k]
	if !ok {
		return patchUnknown
	}
	switch op.Method {
	case client.SyncModify:
		if !groupPatchable(u, op) {
			return patchUnknown
		}
		applyModify(&u, op)
		s.byLogin[k] = u
		return patchUpdated
	case client.SyncDelete:
		if len(op.BranchIDs) > 0 && u.BranchIDs == nil {
			// A server speaking only Part A hides branches: whether any
			// remain is unknown.
			return patchUnknown
		}
		remaining := withoutBranches(u.BranchIDs, op.BranchIDs)
		if len(op.BranchIDs) == 0 || len(remaining) == 0 {
			delete(s.byLogin, k)
			return patchRemoved
		}
		u.BranchIDs = remaining
		s.byLogin[k] = u
		return patchUpdated
	}
	return patchUnknown
}

// groupPatchable: the server keeps groupId and userGroup in step, so an
// operation that changes one of them changes the other to a value only the
// server knows.
func groupPatchable(u client.User, op client.SyncOperation) bool {
	if (op.GroupID == nil) == (op.UserGroup == nil) {
		return true
	}
	if op.GroupID != nil {
		return u.GroupID != nil && *u.GroupID == *op.GroupID
	}
	return u.UserGroup != nil && strings.EqualFold(*u.UserGroup, *op.UserGroup)
}

// applyModify sets the fields a MODIFY sends; absent (nil) fields stay. An
// extension field the snapshot does not hold (the server does not report
// it) stays absent: the snapshot holds what the server reports, never what
// was only sent, so that nobody reads back a value the server may have
// ignored. Pointers are copied so the cache never shares memory with the
// caller's op.
func applyModify(u *client.User, op client.SyncOperation) {
	if op.FirstName != nil {
		u.FirstName = *op.FirstName
	}
	if op.LastName != nil {
		u.LastName = *op.LastName
	}
	if op.Email != nil {
		u.Email = *op.Email
	}
	if op.BranchIDs != nil && u.BranchIDs != nil {
		u.BranchIDs = normalizedBranches(op.BranchIDs)
	}
	setIfReported(&u.GroupID, op.GroupID)
	setIfReported(&u.UserGroup, op.UserGroup)
	setIfReported(&u.Description, op.Description)
	setIfReported(&u.Status, op.Status)
	setIfReported(&u.APIUser, op.APIUser)
	setIfReported(&u.Organization, op.Organization)
	setIfReported(&u.Language, op.Language)
	setIfReported(&u.Timezone, op.Timezone)
	setIfReported(&u.PrivateNote, op.PrivateNote)
}

// setIfReported sets *dst to v when the operation sends v and the server
// reports the field (*dst is not nil).
func setIfReported[T any](dst **T, v *T) {
	if v != nil && *dst != nil {
		*dst = copyPtr(v)
	}
}

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// normalizedBranches is the list as the server stores it: ascending, unique,
// non-nil (an empty MODIFY list means "no branches", not "absent").
func normalizedBranches(b client.BranchIDs) client.BranchIDs {
	out := slices.Clone(b)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = client.BranchIDs{}
	}
	return out
}

// withoutBranches is have minus remove.
func withoutBranches(have, remove client.BranchIDs) client.BranchIDs {
	out := client.BranchIDs{}
	for _, b := range have {
		if !slices.Contains(remove, b) {
			out = append(out, b)
		}
	}
	return out
}

// cloneUser deep-copies u.
func cloneUser(u client.User) *client.User {
	c := u
	c.BranchIDs = slices.Clone(u.BranchIDs)
	c.Description = copyPtr(u.Description)
	c.GroupID = copyPtr(u.GroupID)
	c.UserGroup = copyPtr(u.UserGroup)
	c.Status = copyPtr(u.Status)
	c.APIUser = copyPtr(u.APIUser)
	c.Organization = copyPtr(u.Organization)
	c.Language = copyPtr(u.Language)
	c.Timezone = copyPtr(u.Timezone)
	c.PrivateNote = copyPtr(u.PrivateNote)
	c.PasswordChangedAt = copyPtr(u.PasswordChangedAt)
	return &c
}
