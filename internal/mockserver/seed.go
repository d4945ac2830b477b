package mockserver

import (
	"errors"
	"fmt"
)

// This file holds the in-process helpers tests and demos use to set up and
// inspect the mock without going through HTTP.

// SeedUser is a user to insert directly. Zero fields get API.md's ADD
// defaults (status ACTIVE, group 4 API or 2 User); Key is always assigned.
// Under ProtocolDocumented, extension fields are stored but never shown, and
// the group, not APIUser, makes an API user (APIUser only picks the default).
type SeedUser struct {
	UserRecord
	Password string
}

// SeedUser inserts u with the same validation as a sync ADD.
func (s *Server) SeedUser(u SeedUser) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.seedLocked(u); err != nil {
		return err
	}
	return s.saveLocked()
}

func (s *Server) seedLocked(u SeedUser) error {
	if err := s.applyAdd(s.st, seedOperation(u), s.now()); err != nil {
		return fmt.Errorf("seeding %s: %w", quote(u.UserID), err)
	}
	stored, _ := s.st.user(u.UserID)
	stored.TokenExpires = u.TokenExpires
	if !u.PasswordChangedAt.IsZero() {
		stored.PasswordChangedAt = u.PasswordChangedAt.UTC()
	}
	return nil
}

// seedOperation is the ADD operation that creates u; zero optional fields
// are left absent so that ADD's defaults apply.
func seedOperation(u SeedUser) syncOperation {
	optional := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	op := syncOperation{
		documentedOperation: documentedOperation{
			Method: methodAdd, UserLoginID: &u.UserID, FirstName: &u.FirstName, LastName: &u.LastName,
			Email: optional(u.Email), UserPassword: optional(u.Password), UserGroup: optional(u.UserGroup),
		},
		Description: optional(u.Description), Status: optional(u.Status), APIUser: &u.APIUser,
		Organization: optional(u.Organization), Language: optional(u.Language),
		Timezone: optional(u.Timezone), PrivateNote: optional(u.PrivateNote),
	}
	if len(u.BranchIDs) > 0 {
		op.BranchIDs = optional(formatBranchIDs(u.BranchIDs))
	}
	if u.GroupID != 0 {
		op.GroupID = &u.GroupID
	}
	return op
}

// User returns the user with loginID (case-insensitive).
func (s *Server) User(loginID string) (UserRecord, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.user(loginID)
	if !ok {
		return UserRecord{}, false
	}
	return u.clone(), true
}

// Users returns every user ordered by key.
func (s *Server) Users() []UserRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.sortedUsers()
}

// CheckPassword reports whether password is loginID's password.
func (s *Server) CheckPassword(loginID, password string) bool {
	s.mu.Lock()
	var candidate *storedUser
	if u, ok := s.st.user(loginID); ok {
		copied := *u
		candidate = &copied
	}
	s.mu.Unlock()
	return passwordMatches(candidate, password)
}

// ModifyUser edits a user out of band, as someone using the product's web
// portal would, to simulate drift. f may change anything but Key and UserID;
// the result must still meet API.md's field rules. When f changes only one
// of GroupID and UserGroup, the other follows.
func (s *Server) ModifyUser(loginID string, f func(*UserRecord)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, ok := s.st.user(loginID)
	if !ok {
		return fmt.Errorf("no user %s", quote(loginID))
	}
	edited := stored.clone()
	f(&edited)
	if edited.Key != stored.Key || edited.UserID != stored.UserID {
		return errors.New("key and user id are immutable")
	}
	var groupID *int64
	var userGroup *string
	if edited.GroupID != stored.GroupID || edited.UserGroup == stored.UserGroup {
		groupID = &edited.GroupID
	}
	if edited.UserGroup != stored.UserGroup {
		userGroup = &edited.UserGroup
	}
	g, _, err := resolveGroup(groupID, userGroup)
	if err != nil {
		return err
	}
	edited.GroupID, edited.UserGroup = g.GroupID, g.Name
	edited.BranchIDs = sortedUnique(edited.BranchIDs)
	for _, check := range []error{
		validateEmail(edited.Email), validateStatus(edited.Status), validateLanguage(edited.Language),
		validateTimezone(edited.Timezone), s.validateBranches(edited.BranchIDs),
	} {
		if check != nil {
			return check
		}
	}
	stored.UserRecord = edited.clone()
	return s.saveLocked()
}

// ResetPassword sets a user's password out of band, as an administrator's
// "Reset Password" in the product would (seed 002): passwordChangedAt moves.
func (s *Server) ResetPassword(loginID, password string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, ok := s.st.user(loginID)
	if !ok {
		return fmt.Errorf("no user %s", quote(loginID))
	}
	if err := setPassword(stored, password, s.now()); err != nil {
		return err
	}
	return s.saveLocked()
}

// DeleteUser deletes a user out of band, with its roles and privileges.
func (s *Server) DeleteUser(loginID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.user(loginID); !ok {
		return fmt.Errorf("no user %s", quote(loginID))
	}
	s.st.remove(loginID)
	return s.saveLocked()
}
