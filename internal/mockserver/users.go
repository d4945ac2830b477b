package mockserver

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// UserRecord is one user as the mock stores it (without the password hash).
type UserRecord struct {
	Key               int64
	UserID            string
	FirstName         string
	LastName          string
	Email             string
	Description       string
	BranchIDs         []int64
	GroupID           int64
	UserGroup         string
	Status            string
	APIUser           bool
	Organization      string
	Language          string
	Timezone          string
	PrivateNote       string
	PasswordChangedAt time.Time
	TokenExpires      int64
}

// User statuses (API.md: status).
const (
	StatusActive   = "ACTIVE"
	StatusInactive = "INACTIVE"
	StatusTrash    = "TRASH"
)

// clone returns a copy that shares no memory with r.
func (r UserRecord) clone() UserRecord {
	r.BranchIDs = slices.Clone(r.BranchIDs)
	if r.BranchIDs == nil {
		r.BranchIDs = []int64{}
	}
	return r
}

// storedUser is a user with its bcrypt password hash ("" when it has none).
type storedUser struct {
	UserRecord
	PasswordHash string
}

// store is the mock's whole mutable data. Users, role holders and privileges
// are keyed by the lower-cased login id, because login ids are unique
// case-insensitively. A store is only used under Server.mu.
type store struct {
	NextKey    int64                          `json:"nextKey"`
	Users      map[string]*storedUser         `json:"users"`
	Roles      map[string]map[string]bool     `json:"roles"`      // roleId -> login -> held
	Privileges map[string]map[string][]string `json:"privileges"` // projectId -> login -> sorted set
}

// firstKey is the key of the first user; keys increase and are never reused.
const firstKey = 1001

func newStore() *store {
	return &store{
		NextKey:    firstKey,
		Users:      map[string]*storedUser{},
		Roles:      map[string]map[string]bool{},
		Privileges: map[string]map[string][]string{},
	}
}

func loginKey(loginID string) string { return strings.ToLower(loginID) }

// clone deep-copies the store, so that a sync can be applied to the copy and
// swapped in only when every operation succeeded.
func (st *store) clone() *store {
	c := &store{
		NextKey:    st.NextKey,
		Users:      make(map[string]*storedUser, len(st.Users)),
		Roles:      make(map[string]map[string]bool, len(st.Roles)),
		Privileges: make(map[string]map[string][]string, len(st.Privileges)),
	}
	for k, u := range st.Users {
		c.Users[k] = &storedUser{UserRecord: u.clone(), PasswordHash: u.PasswordHash}
	}
	for r, holders := range st.Roles {
		c.Roles[r] = maps.Clone(holders)
	}
	for p, byUser := range st.Privileges {
		c.Privileges[p] = make(map[string][]string, len(byUser))
		for u, privs := range byUser {
			c.Privileges[p][u] = slices.Clone(privs)
		}
	}
	return c
}

func (st *store) user(loginID string) (*storedUser, bool) {
	u, ok := st.Users[loginKey(loginID)]
	return u, ok
}

// sortedUsers returns copies of all users ordered by key.
func (st *store) sortedUsers() []UserRecord {
	out := make([]UserRecord, 0, len(st.Users))
	for _, u := range st.Users {
		out = append(out, u.clone())
	}
	slices.SortFunc(out, func(a, b UserRecord) int { return int(a.Key - b.Key) })
	return out
}

// insert gives u the next key and stores it.
func (st *store) insert(u *storedUser) {
	u.Key = st.NextKey
	st.NextKey++
	st.Users[loginKey(u.UserID)] = u
}

// remove deletes a user with its role assignments and privileges.
func (st *store) remove(loginID string) {
	k := loginKey(loginID)
	delete(st.Users, k)
	for _, holders := range st.Roles {
		delete(holders, k)
	}
	for _, byUser := range st.Privileges {
		delete(byUser, k)
	}
}

// roleHolders returns the login ids holding roleID, sorted.
func (st *store) roleHolders(roleID string) []string {
	out := []string{}
	for k := range st.Roles[roleID] {
		if u, ok := st.Users[k]; ok {
			out = append(out, u.UserID)
		}
	}
	slices.Sort(out)
	return out
}

func (st *store) holdsRole(roleID, loginID string) bool { return st.Roles[roleID][loginKey(loginID)] }

func (st *store) assignRole(roleID, loginID string) {
	if st.Roles[roleID] == nil {
		st.Roles[roleID] = map[string]bool{}
	}
	st.Roles[roleID][loginKey(loginID)] = true
}
