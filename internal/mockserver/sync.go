package mockserver

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// This file holds how PUT /users/sync validates and applies its operations
// (the body itself: sync_body.go).

// syncRejection is why a sync answered false: the index of the first rejected
// operation and the rule it broke.
type syncRejection struct {
	Index  int
	Reason string
}

func (e *syncRejection) Error() string { return fmt.Sprintf("%d: %s", e.Index, e.Reason) }

// applySync validates and applies ops to a copy of st, in order, so that later
// operations see the effects of earlier ones. It returns the new store, or a
// *syncRejection and no store when any operation breaks a rule.
func (s *Server) applySync(st *store, ops []syncOperation, now time.Time) (*store, error) {
	next := st.clone()
	for i, op := range ops {
		if err := s.applyOperation(next, op, now); err != nil {
			var internal *internalError
			if errors.As(err, &internal) {
				return nil, internal.err
			}
			return nil, &syncRejection{Index: i, Reason: err.Error()}
		}
	}
	return next, nil
}

func (s *Server) applyOperation(st *store, op syncOperation, now time.Time) error {
	if len(op.unknownFields) > 0 {
		names := make([]string, 0, len(op.unknownFields))
		for _, name := range op.unknownFields {
			names = append(names, quote(name))
		}
		return fmt.Errorf("%s: not a field of the documented protocol, and this server rejects unknown fields", strings.Join(names, ", "))
	}
	if op.UserLoginID == nil || *op.UserLoginID == "" {
		return errors.New("userLoginId: required")
	}
	switch op.Method {
	case methodAdd:
		return s.applyAdd(st, op, now)
	case methodModify:
		return s.applyModify(st, op, now)
	case methodDelete:
		return s.applyDelete(st, op)
	}
	return fmt.Errorf("unknown method %s", quote(op.Method))
}

func (s *Server) applyAdd(st *store, op syncOperation, now time.Time) error {
	loginID := *op.UserLoginID
	if err := validateLoginID(loginID); err != nil {
		return err
	}
	if existing, ok := st.user(loginID); ok {
		return fmt.Errorf("userLoginId: %s already exists as %s (login ids are unique regardless of case)", quote(loginID), quote(existing.UserID))
	}
	if op.FirstName == nil || op.LastName == nil {
		return errors.New("firstName and lastName: required for ADD")
	}
	u := &storedUser{UserRecord: UserRecord{UserID: loginID, Status: StatusActive, BranchIDs: []int64{}}}
	if err := s.applyFields(&u.UserRecord, op); err != nil {
		return err
	}
	if _, given, _ := resolveGroup(op.GroupID, op.UserGroup); !given {
		// Only seeds set apiUser under the documented protocol; a sync's ADD
		// there always gets group 2 User unless it names a group.
		defaultGroup := groupUser
		if u.APIUser {
			defaultGroup = groupAPI
		}
		g, _ := groupByID(defaultGroup)
		u.GroupID, u.UserGroup = g.GroupID, g.Name
	}
	if err := s.applyPassword(u, op, now); err != nil {
		return err
	}
	if err := s.checkActiveLimit(st, u.UserRecord, false); err != nil {
		return err
	}
	st.insert(u)
	return nil
}

func (s *Server) applyModify(st *store, op syncOperation, now time.Time) error {
	existing, ok := st.user(*op.UserLoginID)
	if !ok {
		return fmt.Errorf("userLoginId: no user %s to modify", quote(*op.UserLoginID))
	}
	if op.UserPassword != nil && s.documented() {
		return errors.New("userPassword: changing a password is an extension of the Users API, which the documented protocol lacks")
	}
	u := &storedUser{UserRecord: existing.clone(), PasswordHash: existing.PasswordHash}
	if err := s.applyFields(&u.UserRecord, op); err != nil {
		return err
	}
	if err := s.applyPassword(u, op, now); err != nil {
		return err
	}
	if err := s.checkActiveLimit(st, u.UserRecord, s.countsAsActiveAPIUser(existing.UserRecord)); err != nil {
		return err
	}
	*existing = *u
	return nil
}

func (s *Server) applyDelete(st *store, op syncOperation) error {
	existing, ok := st.user(*op.UserLoginID)
	if !ok {
		return fmt.Errorf("userLoginId: no user %s to delete", quote(*op.UserLoginID))
	}
	if op.BranchIDs == nil || *op.BranchIDs == "" {
		return s.erase(st, existing.UserRecord)
	}
	removed, err := parseBranchIDs(*op.BranchIDs)
	if err != nil {
		return err
	}
	if err := s.validateBranches(removed); err != nil {
		return err
	}
	remaining := slices.DeleteFunc(existing.BranchIDs, func(id int64) bool { return slices.Contains(removed, id) })
	if len(remaining) == 0 {
		return s.erase(st, existing.UserRecord)
	}
	existing.BranchIDs = remaining
	return nil
}

// erase deletes the record of u, when the server's policy allows it.
func (s *Server) erase(st *store, u UserRecord) error {
	if err := s.checkErase(u); err != nil {
		return err
	}
	st.remove(u.UserID)
	return nil
}

// applyFields sets every field op carries (ADD and MODIFY alike), checking
// each against its rule. Absent fields are left as they are; "" clears.
func (s *Server) applyFields(u *UserRecord, op syncOperation) error {
	for _, name := range []struct {
		field string
		value *string
		dst   *string
	}{{"firstName", op.FirstName, &u.FirstName}, {"lastName", op.LastName, &u.LastName}} {
		if name.value == nil {
			continue
		}
		if *name.value == "" {
			return fmt.Errorf("%s: must not be empty", name.field)
		}
		*name.dst = *name.value
	}
	checked := []struct {
		value *string
		dst   *string
		check func(string) error
	}{
		{op.Email, &u.Email, validateEmail},
		{op.Status, &u.Status, validateStatus},
		{op.Language, &u.Language, validateLanguage},
		{op.Timezone, &u.Timezone, validateTimezone},
		{op.Description, &u.Description, nil},
		{op.Organization, &u.Organization, nil},
		{op.PrivateNote, &u.PrivateNote, nil},
	}
	for _, f := range checked {
		if f.value == nil {
			continue
		}
		if f.check != nil {
			if err := f.check(*f.value); err != nil {
				return err
			}
		}
		*f.dst = *f.value
	}
	if op.APIUser != nil {
		u.APIUser = *op.APIUser
	}
	if op.BranchIDs != nil {
		ids, err := parseBranchIDs(*op.BranchIDs)
		if err != nil {
			return err
		}
		if err := s.validateBranches(ids); err != nil {
			return err
		}
		u.BranchIDs = ids
	}
	g, given, err := resolveGroup(op.GroupID, op.UserGroup)
	if err != nil {
		return err
	}
	if given {
		u.GroupID, u.UserGroup = g.GroupID, g.Name
	}
	return nil
}

// applyPassword sets the password op carries, and insists that an API user
// ends up with one (an API user without a password could never log in).
func (s *Server) applyPassword(u *storedUser, op syncOperation, now time.Time) error {
	if op.UserPassword == nil {
		if s.isAPIUser(u.UserRecord) && u.PasswordHash == "" {
			return errors.New("userPassword: required for API users")
		}
		return nil
	}
	if err := validatePassword(*op.UserPassword, u.UserID, u.Organization); err != nil {
		return err
	}
	if err := setPassword(u, *op.UserPassword, now); err != nil {
		return &internalError{err}
	}
	return nil
}

// internalError is a failure of the mock itself during a sync (500), as
// opposed to an operation breaking a rule (false).
type internalError struct{ err error }

func (e *internalError) Error() string { return e.err.Error() }

// checkActiveLimit rejects an operation that makes u an active API user when
// the limit is already reached. wasCounted is whether u counted before.
func (s *Server) checkActiveLimit(st *store, u UserRecord, wasCounted bool) error {
	limit := s.opts.MaxActiveAPIUsers
	if limit < 0 || wasCounted || !s.countsAsActiveAPIUser(u) {
		return nil
	}
	if s.activeAPIUsers(st)+1 > limit {
		return fmt.Errorf("status: at most %d API users may be ACTIVE at once (max-active-api-users limit); deactivate another API user first", limit)
	}
	return nil
}

// syncErrorHeader carries "<index>: <reason>" when a sync answers false,
// under the extended protocol only: a real server may not send it.
const syncErrorHeader = "X-Sync-Error"

// handleSync is PUT /users/sync: 400 for a body that is not a list of
// operations, else 200 true (all applied) or 200 false (nothing applied).
func (s *Server) handleSync(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "reading the body: %v", err)
		return
	}
	ops, err := decodeSyncBody(body, s.opts)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%s", err.Error())
		return
	}
	s.mu.Lock()
	next, err := s.applySync(s.st, ops, s.now())
	var rejection *syncRejection
	if errors.As(err, &rejection) {
		s.mu.Unlock()
		if !s.documented() {
			w.Header().Set(syncErrorHeader, rejection.Error())
		}
		writeJSON(w, http.StatusOK, false)
		return
	}
	if err != nil { // hashing failed: not the operations' fault
		s.mu.Unlock()
		writeError(w, http.StatusInternalServerError, "applying the sync: %v", err)
		return
	}
	s.st = next
	err = s.saveLocked()
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	// Armed before answering, so that the client's read-back cannot
	// overtake it; a dropped answer arms it too (an applied sync whose answer
	// and read-back are both lost: a long outage).
	s.faults.syncApplied()
	s.faults.answerApplied(w)
}
