package mockserver

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// storeSnapshot is the whole store as JSON: users with their keys and
// password hashes, the next key, roles and privileges.
func storeSnapshot(t *testing.T, s *Server) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := json.Marshal(s.st)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// wantRejectedUnchanged sends ops, wants them rejected at operation index
// with a reason containing want, and the store exactly as it was.
func wantRejectedUnchanged(t *testing.T, s *Server, admin *apiCaller, index, want string, ops ...op) {
	t.Helper()
	before := storeSnapshot(t, s)
	applied, reason := admin.sync(ops...)
	if applied || !strings.HasPrefix(reason, index+": ") || !strings.Contains(reason, want) {
		t.Fatalf("applied=%v X-Sync-Error %q, want operation %s rejected: ...%s", applied, reason, index, want)
	}
	if after := storeSnapshot(t, s); after != before {
		t.Fatalf("a rejected sync changed the store:\nbefore %s\nafter  %s", before, after)
	}
}

func modify(login string, kv ...any) op {
	return with(op{"method": "MODIFY", "userLoginId": login}, kv...)
}

func remove(login string) op { return op{"method": "DELETE", "userLoginId": login} }

// TestSyncActiveLimitInOrder: the active API user limit is checked against
// what the operations before in the same array leave, so freeing a slot
// first lets an ADD or an activation in; the other way round at the limit
// is rejected, and nothing of it is applied.
func TestSyncActiveLimitInOrder(t *testing.T) {
	s, admin := startServer(t, Options{MaxActiveAPIUsers: 2})
	admin.mustSync(addAPIUser("svc-a"), addAPIUser("svc-b"), with(addAPIUser("svc-idle"), "status", "INACTIVE"))

	wantRejectedUnchanged(t, s, admin, "0", "at most 2 API users may be ACTIVE",
		addAPIUser("svc-c"), modify("svc-a", "status", "INACTIVE"))
	wantRejectedUnchanged(t, s, admin, "0", "at most 2 API users may be ACTIVE",
		modify("svc-idle", "status", "ACTIVE"), modify("svc-b", "status", "TRASH"))
	// Within the limit at every step, but one later operation breaks a rule.
	wantRejectedUnchanged(t, s, admin, "2", "email",
		modify("svc-a", "status", "INACTIVE"), addAPIUser("svc-c"), modify("svc-c", "email", "not-an-address"))

	admin.mustSync(modify("svc-a", "status", "INACTIVE"), addAPIUser("svc-c"))
	admin.mustSync(remove("svc-b"), modify("svc-idle", "status", "ACTIVE"))
	active := 0
	for _, u := range s.Users() {
		if u.APIUser && u.Status == StatusActive {
			active++
		}
	}
	if active != 2 {
		t.Fatalf("%d active API users, want 2: %+v", active, s.Users())
	}
}

// TestSyncTrashThenErase: with the erase-only-from-trash policy, a MODIFY
// to TRASH makes a DELETE later in the same array valid; a DELETE first is
// rejected and leaves the user as it was.
func TestSyncTrashThenErase(t *testing.T) {
	s, admin := startServer(t, Options{EraseOnlyFromTrash: true})
	admin.mustSync(addAPIUser("svc-old"))
	if err := s.AssignRole(roleReadOnly, "svc-old"); err != nil {
		t.Fatal(err)
	}
	wantRejectedUnchanged(t, s, admin, "0", "must be in the trash before it is deleted",
		remove("svc-old"), modify("svc-old", "status", "TRASH"))
	wantRejectedUnchanged(t, s, admin, "1", "must be in the trash before it is deleted",
		modify("svc-old", "status", "INACTIVE"), remove("svc-old"))
	admin.mustSync(modify("svc-old", "status", "TRASH"), remove("svc-old"))
	if _, ok := s.User("svc-old"); ok || slices.Contains(s.RoleHolders(roleReadOnly), "svc-old") {
		t.Fatalf("svc-old or its role survived trash-then-delete")
	}
}

// TestSyncAddThenModify: a MODIFY sees the user an ADD before it created.
func TestSyncAddThenModify(t *testing.T) {
	s, admin := startServer(t, Options{})
	wantRejectedUnchanged(t, s, admin, "0", "no user", modify("svc-new", "description", "early"), addAPIUser("svc-new"))
	admin.mustSync(addAPIUser("svc-new"), modify("SVC-NEW", "description", "set later", "status", "INACTIVE", "userPassword", "Other-Secret-8"))
	u, ok := s.User("svc-new")
	if !ok || u.Description != "set later" || u.Status != StatusInactive || !s.CheckPassword("svc-new", "Other-Secret-8") {
		t.Fatalf("after ADD then MODIFY: %+v %v", u, ok)
	}
}

// TestSyncDeleteThenAdd: a login id a DELETE freed may be added again in
// the same array; the new user gets a new key and none of the old one's
// roles. A rejection after the DELETE keeps the old user whole.
func TestSyncDeleteThenAdd(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addAPIUser("svc-re"))
	if err := s.AssignRole(roleReadOnly, "svc-re"); err != nil {
		t.Fatal(err)
	}
	old, _ := s.User("svc-re")
	wantRejectedUnchanged(t, s, admin, "0", "already exists", addAPIUser("svc-re"), remove("svc-re"))
	wantRejectedUnchanged(t, s, admin, "1", "userPassword", remove("svc-re"), with(addAPIUser("svc-re"), "userPassword", "short"))

	admin.mustSync(remove("svc-re"), with(addAPIUser("SVC-RE"), "description", "the new one"))
	u, ok := s.User("svc-re")
	if !ok || u.UserID != "SVC-RE" || u.Description != "the new one" || u.Key <= old.Key {
		t.Fatalf("after DELETE then ADD: %+v %v (old key %d)", u, ok, old.Key)
	}
	if slices.Contains(s.RoleHolders(roleReadOnly), "svc-re") || slices.Contains(s.RoleHolders(roleReadOnly), "SVC-RE") {
		t.Fatalf("the re-added user inherited the deleted one's role: %v", s.RoleHolders(roleReadOnly))
	}
}

// roleReadOnly is a role of the catalogue that grants nothing a test relies on.
const roleReadOnly = "read_only"
