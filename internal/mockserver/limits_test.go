package mockserver

import (
	"net/http"
	"strings"
	"testing"
)

// TestLimits: GET /limits reports the active API user limit (0 for none)
// and the erase policy, exactly the two fields of API.md, to any token.
func TestLimits(t *testing.T) {
	cases := []struct {
		opts Options
		want string
	}{
		{Options{}, `{"maxActiveApiUsers":10,"eraseOnlyFromTrash":false}`},
		{Options{MaxActiveAPIUsers: 3, EraseOnlyFromTrash: true}, `{"maxActiveApiUsers":3,"eraseOnlyFromTrash":true}`},
		{Options{MaxActiveAPIUsers: -1}, `{"maxActiveApiUsers":0,"eraseOnlyFromTrash":false}`},
	}
	for _, tc := range cases {
		s, admin := startServer(t, tc.opts)
		admin.mustSync(addAPIUser("svc-limits"))
		reader := login(t, s, "svc-limits", testPassword) // not account_admin: reading is allowed
		if got := string(reader.wantStatus(http.StatusOK, http.MethodGet, RouteLimits, nil)); got != tc.want {
			t.Errorf("%+v: GET /limits = %s, want %s", tc.opts, got, tc.want)
		}
		(&apiCaller{t: t, base: s.URL()}).wantError(http.StatusUnauthorized, "missing Authtoken", http.MethodGet, RouteLimits, nil)
	}
}

// TestEraseOnlyFromTrash: with the policy, a DELETE that would erase an API
// user not in the trash is rejected, also when it removes its last branch;
// people, partial branch removals and the trash-then-delete sequence in one
// sync (each operation sees what the earlier ones left) are applied.
func TestEraseOnlyFromTrash(t *testing.T) {
	s, admin := startServer(t, Options{EraseOnlyFromTrash: true})
	admin.mustSync(addAPIUser("svc-on"), with(addAPIUser("svc-off"), "status", "INACTIVE"),
		with(addAPIUser("svc-br"), "branchIds", "101|102"), addAPIUser("svc-bin"), addAPIUser("svc-late"), addPerson("dwalker"))
	del := func(login string, kv ...any) op { return with(op{"method": "DELETE", "userLoginId": login}, kv...) }
	toTrash := func(login string) op { return op{"method": "MODIFY", "userLoginId": login, "status": "TRASH"} }

	rejected := []struct {
		name string
		ops  []op
		want string // prefix of X-Sync-Error: the index of the rejected operation
	}{
		{"active", []op{del("svc-on")}, "0: "},
		{"inactive", []op{del("svc-off")}, "0: "},
		{"last branch removed", []op{del("svc-br", "branchIds", "101|102")}, "0: "},
		{"delete before the trash", []op{del("svc-late"), toTrash("svc-late")}, "0: "},
		{"not first, nothing applied", []op{addPerson("not-applied"), del("svc-on")}, "1: "},
	}
	for _, tc := range rejected {
		applied, reason := admin.sync(tc.ops...)
		if applied || !strings.HasPrefix(reason, tc.want) || !strings.Contains(reason, "must be in the trash before it is deleted") {
			t.Errorf("%s: applied=%v X-Sync-Error %q, want %q... must be in the trash before it is deleted", tc.name, applied, reason, tc.want)
		}
	}
	if _, ok := s.User("not-applied"); ok {
		t.Errorf("a rejected sync applied its first operation")
	}
	admin.mustSync(toTrash("svc-bin"))
	admin.mustSync(del("svc-bin"), del("dwalker"), del("svc-br", "branchIds", "101"), toTrash("svc-late"), del("svc-late"))
	for login, want := range map[string]bool{"svc-bin": false, "dwalker": false, "svc-br": true, "svc-late": false, "svc-on": true, "svc-off": true} {
		if _, ok := s.User(login); ok != want {
			t.Errorf("%s exists: %v, want %v", login, ok, want)
		}
	}
	if u, _ := s.User("svc-br"); len(u.BranchIDs) != 1 || u.BranchIDs[0] != 102 {
		t.Errorf("svc-br branches %v, want [102]", u.BranchIDs)
	}
}
