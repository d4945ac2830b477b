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
// the index is O(N). Completed writes patch it in place under userView.mu.
type snapshot struct {
	// gen is the stamp of the list that produced this snapshot (see
	// userView): the snapshot reflects every write stamped before.
	gen     uint64
	byLogin map[string]client.User
	// confirmed: this list was taken because the one before lacked a user
	// someone looked for; a miss in it is final (ManagedUser).
	confirmed bool
}

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
		k := client.LoginKey(u.UserID)
		if prev, dup := s.byLogin[k]; dup {
			return nil, fmt.Errorf("GET /users returned a malformed list: login id %q appears twice (keys %d and %d)", u.UserID, prev.Key, u.Key)
		}
		s.byLogin[k] = u
	}
	return s, nil
}

// lookup returns a copy of the user, so callers never hold the cache's data.
func (s *snapshot) lookup(loginID string) (*client.User, bool) {
	u, ok := s.byLogin[client.LoginKey(loginID)]
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

// patch applies an operation the server accepted, as client.SyncOperation
// says it changes a user, when the operation and the snapshot tell the result.
// Without a snapshot (nil) there is nothing to patch: the first read lists
// after this write (or the list in flight replays it), so only what the
// operation alone cannot tell is unknown.
func (s *snapshot) patch(op client.SyncOperation) patchOutcome {
	if s == nil {
		switch {
		case op.NeedsReadBack(), op.Method == client.SyncDelete && !op.RemovesUser():
			return patchUnknown
		case op.Method == client.SyncDelete:
			return patchRemoved
		}
		return patchUpdated
	}
	k := client.LoginKey(op.UserLoginID)
	u, ok := s.byLogin[k]
	if !ok || !op.Derivable(u) {
		return patchUnknown
	}
	if op.ApplyTo(&u) {
		delete(s.byLogin, k)
		return patchRemoved
	}
	s.byLogin[k] = u
	return patchUpdated
}

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
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
