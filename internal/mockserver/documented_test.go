package mockserver

import (
	"encoding/json"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/fakeclock"
)

// These tests run ProtocolDocumented (protocol.go) over HTTP.

var documented = Options{Protocol: ProtocolDocumented}

// addDocumentedAPIUser is an ADD of an API user as a documented server knows
// one: group 4 API, with a password.
func addDocumentedAPIUser(loginID string) op {
	return op{"method": "ADD", "userLoginId": loginID, "firstName": "Api", "lastName": "User",
		"groupId": 4, "userPassword": testPassword}
}

// startServerWithClock is startServer on a fake clock the test moves
// instead of sleeping.
func startServerWithClock(t *testing.T, opts Options) (*Server, *apiCaller, *fakeclock.Clock) {
	t.Helper()
	clock := fakeclock.New()
	opts.Now = clock.Now
	s, admin := startServer(t, opts)
	return s, admin, clock
}

// TestDocumentedListFields: GET /users shows the seven documented fields and
// no other, although the mock stores more (seeded extension fields too).
func TestDocumentedListFields(t *testing.T) {
	s, admin := startServer(t, documented)
	if err := s.SeedUser(SeedUser{UserRecord: UserRecord{UserID: "seeded", FirstName: "S", LastName: "D",
		Description: "seeded note", Language: "de-CH", BranchIDs: []int64{101}, TokenExpires: 60}}); err != nil {
		t.Fatal(err)
	}
	admin.mustSync(with(addDocumentedAPIUser("svc-doc"), "email", "svc@example.com", "branchIds", "102"))

	var raw []map[string]any
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil), &raw); err != nil {
		t.Fatal(err)
	}
	want := []string{"email", "encrypted", "firstName", "key", "lastName", "tokenExpires", "userID"}
	if len(raw) != 3 {
		t.Fatalf("%d users, want 3", len(raw))
	}
	for _, u := range raw {
		if got := slices.Sorted(maps.Keys(u)); !slices.Equal(got, want) {
			t.Errorf("user %v has keys %v, want exactly %v", u["userID"], got, want)
		}
	}
	if raw[1]["userID"] != "seeded" || raw[1]["tokenExpires"] != 60.0 || raw[2]["email"] != "svc@example.com" || raw[2]["encrypted"] != 1.0 {
		t.Errorf("documented values: %v", raw)
	}
	if u, _ := s.User("seeded"); u.Description != "seeded note" || u.Language != "de-CH" {
		t.Errorf("seeded extension fields not stored: %+v", u)
	}
}

// TestDocumentedRoutes: every Part B route answers 404 {"error": ...}, GET
// /users/sync included; Part A and /metrics work.
func TestDocumentedRoutes(t *testing.T) {
	s, admin := startServer(t, documented)
	admin.mustSync(addDocumentedAPIUser("svc-r"))
	partB := []struct{ method, path string }{
		{http.MethodGet, "/api/v1.0/users/svc-r"},
		{http.MethodGet, "/api/v1.0/users/admin"},
		{http.MethodGet, "/api/v1.0/users/sync"},
		{http.MethodDelete, "/api/v1.0/users/svc-r"},
		{http.MethodGet, RouteRoles},
		{http.MethodGet, "/api/v1.0/roles/account_admin/users"},
		{http.MethodPut, "/api/v1.0/roles/api_default/users/svc-r"},
		{http.MethodDelete, "/api/v1.0/roles/account_admin/users/admin"},
		{http.MethodGet, RouteProjects},
		{http.MethodGet, "/api/v1.0/projects/badges/privileges"},
		{http.MethodGet, "/api/v1.0/projects/badges/privileges/svc-r"},
		{http.MethodPut, "/api/v1.0/projects/badges/privileges/svc-r"},
		{http.MethodDelete, "/api/v1.0/projects/badges/privileges/svc-r"},
		{http.MethodGet, RouteBranches},
		{http.MethodGet, RouteGroups},
		{http.MethodGet, RouteLimits},
	}
	for _, r := range partB {
		admin.wantError(http.StatusNotFound, "no such route", r.method, r.path, nil)
	}
	if len(s.RoleHolders(RoleAccountAdmin)) != 1 || len(s.RoleHolders("api_default")) != 0 {
		t.Fatalf("a 404 route changed the roles")
	}
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	admin.mustSync(addPerson("still-syncs"))
	// GET /users/sync is Part B (the user "sync"), so only PUT is allowed here.
	if resp, _ := admin.do(http.MethodDelete, RouteSync, nil); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "PUT" {
		t.Fatalf("DELETE /users/sync: %d Allow=%q, want 405 Allow=PUT", resp.StatusCode, resp.Header.Get("Allow"))
	}
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteMetrics, nil)
	if code, token := authenticateHTTP(t, s, "svc-r", testPassword); code != http.StatusOK || token == "" {
		t.Fatalf("GET /auth: %d", code)
	}
	if got := s.Requests(http.MethodGet, RouteUser); got != 3 {
		t.Fatalf("Requests(GET, RouteUser) = %d, want the 3 probes counted", got)
	}
}

// TestDocumentedRejectionHasNoHeader: false comes without X-Sync-Error.
func TestDocumentedRejectionHasNoHeader(t *testing.T) {
	_, admin := startServer(t, documented)
	resp, body := admin.do(http.MethodPut, RouteSync, []op{addPerson("ab")})
	if resp.StatusCode != http.StatusOK || string(body) != "false" {
		t.Fatalf("invalid login id: %d %s, want 200 false", resp.StatusCode, body)
	}
	if _, ok := resp.Header[http.CanonicalHeaderKey(syncErrorHeader)]; ok {
		t.Fatalf("X-Sync-Error sent: %q", resp.Header.Get(syncErrorHeader))
	}
}

// TestDocumentedOpaqueTokens: tokens are not JWTs, work, expire per TokenTTL
// or the user's tokenExpires, and die with ExpireTokens.
func TestDocumentedOpaqueTokens(t *testing.T) {
	opts := documented
	opts.TokenTTL = 10 * time.Minute
	s, admin, clock := startServerWithClock(t, opts)
	if err := s.SeedUser(SeedUser{UserRecord: UserRecord{UserID: "short-lived", FirstName: "S", LastName: "L",
		GroupID: groupAPI, TokenExpires: 60}, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	short := login(t, s, "short-lived", testPassword)
	for _, token := range []string{admin.token, short.token} {
		if strings.Count(token, ".") == 2 || len(token) < 40 {
			t.Fatalf("token %q looks like a JWT or is short", token)
		}
		if _, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{}); err == nil {
			t.Fatalf("token parses as a JWT")
		}
	}
	if admin.token == short.token {
		t.Fatalf("two logins got the same token")
	}
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	short.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	(&apiCaller{t: t, base: s.URL(), token: admin.token + "x"}).wantError(http.StatusUnauthorized, "invalid", http.MethodGet, RouteUsers, nil)

	clock.Advance(61 * time.Second) // past short-lived's tokenExpires, within TokenTTL
	short.wantError(http.StatusUnauthorized, "expired", http.MethodGet, RouteUsers, nil)
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	clock.Advance(9 * time.Minute) // past TokenTTL
	admin.wantError(http.StatusUnauthorized, "expired", http.MethodGet, RouteUsers, nil)

	fresh := login(t, s, s.AdminUsername(), s.AdminPassword())
	fresh.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	s.ExpireTokens()
	fresh.wantError(http.StatusUnauthorized, "invalid", http.MethodGet, RouteUsers, nil)
	login(t, s, s.AdminUsername(), s.AdminPassword()).wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
}

// TestDocumentedRestart: users survive a restart on the state file; opaque
// tokens do not, and are not in the file; logging in again works.
func TestDocumentedRestart(t *testing.T) {
	opts := documented
	opts.StateFile = filepath.Join(t.TempDir(), "state.json")
	first, admin := startServer(t, opts)
	admin.mustSync(addDocumentedAPIUser("svc-keep"))
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := Start(t, opts)
	admin.base = second.URL()
	admin.wantError(http.StatusUnauthorized, "invalid", http.MethodGet, RouteUsers, nil)
	again := login(t, second, "svc-keep", testPassword)
	if users := again.users(); len(users) != 2 || users[1].UserID != "svc-keep" {
		t.Fatalf("users after restart: %+v", users)
	}
}

// extensionFields carries every sync field a documented server does not
// know, with values the extended protocol would refuse, and a bogus one.
var extensionFields = []any{"description", "CRM", "status", "GONE", "apiUser", "yes", "organization", "Acme",
	"language", "not a tag!", "timezone", "Mars/Olympus", "privateNote", 7, "bogus", []int{1}}

// TestDocumentedUnknownFieldsIgnored: fields Part A lacks are neither
// checked nor stored; the documented ones still are.
func TestDocumentedUnknownFieldsIgnored(t *testing.T) {
	s, admin := startServer(t, documented)
	admin.mustSync(with(addPerson("ignoring"), extensionFields...))
	u, ok := s.User("ignoring")
	if !ok || u.Description != "" || u.Status != StatusActive || u.APIUser || u.Organization != "" ||
		u.Language != "" || u.Timezone != "" || u.PrivateNote != "" || u.GroupID != groupUser {
		t.Fatalf("extension fields stored: %+v", u)
	}
	admin.mustSync(with(op{"method": "MODIFY", "userLoginId": "ignoring", "lastName": "Changed"}, "status", "INACTIVE", "description", "x"))
	if u, _ := s.User("ignoring"); u.LastName != "Changed" || u.Status != StatusActive || u.Description != "" {
		t.Fatalf("MODIFY: %+v", u)
	}
	// "FirstName" is firstName to encoding/json, so it is not unknown.
	admin.mustSync(op{"method": "ADD", "userLoginId": "cased", "FirstName": "C", "lastName": "K"})
	if u, _ := s.User("cased"); u.FirstName != "C" {
		t.Fatalf("FirstName: %+v", u)
	}
}

// TestDocumentedUnknownFieldsRejected: any field Part A lacks makes the
// whole sync false; bodies that are not operations are still 400.
func TestDocumentedUnknownFieldsRejected(t *testing.T) {
	opts := documented
	opts.UnknownFields = UnknownFieldsReject
	s, admin := startServer(t, opts)
	for i := 0; i+1 < len(extensionFields); i += 2 {
		batch := []op{addPerson("fine"), with(addPerson("unknown"), extensionFields[i], extensionFields[i+1])}
		if applied, _ := admin.sync(batch...); applied {
			t.Fatalf("field %v accepted", extensionFields[i])
		}
	}
	if len(s.Users()) != 1 {
		t.Fatalf("a rejected sync applied something: %+v", s.Users())
	}
	admin.mustSync(with(addPerson("documented-only"), "email", "d@x.io", "branchIds", "101", "groupId", 3,
		"userGroup", "Guest", "userPassword", testPassword), op{"method": "ADD", "userLoginId": "cased", "FirstName": "C", "lastName": "K"})

	for _, reject := range []bool{false, true} {
		o := documented
		if reject {
			o.UnknownFields = UnknownFieldsReject
		}
		_, c := startServer(t, o)
		for body, want := range map[string]string{
			`{"method":"ADD"}`: "JSON array", `[1]`: "not a JSON array of operations", `[] []`: "after the JSON array",
			`[null]`: "unknown method", `[{"method":"UPSERT","userLoginId":"abc","bogus":1}]`: "unknown method",
			`[{"method":"ADD","userLoginId":"abc","groupId":"4"}]`: "groupId",
		} {
			c.wantError(http.StatusBadRequest, want, http.MethodPut, RouteSync, body)
		}
	}
}

// TestDocumentedStoresWhatItHides: branches, group and password are stored
// and still checked against Part A's rules.
func TestDocumentedStoresWhatItHides(t *testing.T) {
	s, admin := startServer(t, documented)
	admin.mustSync(with(addPerson("hidden"), "branchIds", "103|101", "groupId", 3, "userPassword", testPassword))
	u, _ := s.User("hidden")
	if !slices.Equal(u.BranchIDs, []int64{101, 103}) || u.GroupID != 3 || u.UserGroup != "Guest" || !s.CheckPassword("hidden", testPassword) {
		t.Fatalf("stored: %+v", u)
	}
	admin.mustSync(op{"method": "MODIFY", "userLoginId": "hidden", "branchIds": "105", "userGroup": "Admin"})
	if u, _ := s.User("hidden"); formatBranchIDs(u.BranchIDs) != "105" || u.GroupID != groupAdmin {
		t.Fatalf("modified: %+v", u)
	}
	for _, bad := range []op{
		with(addPerson("bad-branch"), "branchIds", "999"),
		with(addPerson("bad-group"), "groupId", 1, "userGroup", "API"),
		with(addPerson("bad-mail"), "email", "nope"),
		with(addPerson("bad-pw"), "userPassword", "weak"),
		addPerson("x"),
	} {
		if applied, _ := admin.sync(bad); applied {
			t.Fatalf("%v applied", bad)
		}
	}
	// Writes still need account_admin (a role, not the group Admin).
	reader := login(t, s, "hidden", testPassword)
	reader.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	reader.wantError(http.StatusForbidden, RoleAccountAdmin, http.MethodPut, RouteSync, []op{addPerson("sneaky")})
}

// TestDocumentedPasswordChange: a MODIFY with userPassword is an extension,
// so it answers false and changes nothing, even within a valid batch.
func TestDocumentedPasswordChange(t *testing.T) {
	s, admin := startServer(t, documented)
	admin.mustSync(addDocumentedAPIUser("svc-pw"))
	if applied, _ := admin.sync(op{"method": "MODIFY", "userLoginId": "svc-pw", "firstName": "New"},
		op{"method": "MODIFY", "userLoginId": "svc-pw", "userPassword": "New-Secret-77"}); applied {
		t.Fatalf("password change applied")
	}
	if u, _ := s.User("svc-pw"); u.FirstName != "Api" || !s.CheckPassword("svc-pw", testPassword) {
		t.Fatalf("the rejected batch changed the user: %+v", u)
	}
}

// TestDocumentedAPIUsers: group 4 API makes an API user; the apiUser field
// counts for nothing; the limit counts ACTIVE API users.
func TestDocumentedAPIUsers(t *testing.T) {
	opts := documented
	opts.MaxActiveAPIUsers = 2
	s, admin := startServer(t, opts)
	if err := s.SeedUser(SeedUser{UserRecord: UserRecord{UserID: "svc-off", FirstName: "O", LastName: "F",
		GroupID: groupAPI, Status: StatusInactive}, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	admin.mustSync(addDocumentedAPIUser("svc-a"), addDocumentedAPIUser("svc-b"))
	for _, rejected := range []op{
		addDocumentedAPIUser("svc-c"),
		with(addDocumentedAPIUser("svc-d"), "groupId", nil, "userGroup", "API"),
		{"method": "MODIFY", "userLoginId": "admin", "groupId": 4},
	} {
		if applied, _ := admin.sync(rejected); applied {
			t.Fatalf("third active API user: %v applied", rejected)
		}
	}
	// "apiUser" is unknown here: the user is a person in group 2.
	admin.mustSync(with(addPerson("not-api"), "apiUser", true))
	if u, _ := s.User("not-api"); u.GroupID != groupUser || u.APIUser {
		t.Fatalf("apiUser made an API user: %+v", u)
	}
	// An inactive API user is out of the count: swapping in one batch works.
	if err := s.ModifyUser("svc-a", func(u *UserRecord) { u.Status = StatusInactive }); err != nil {
		t.Fatal(err)
	}
	admin.mustSync(addDocumentedAPIUser("svc-c"))
	// An API user needs a password, whether added or moved into group API.
	_, unlimited := startServer(t, Options{Protocol: ProtocolDocumented, MaxActiveAPIUsers: -1})
	unlimited.mustSync(addPerson("nopw-person"), with(addPerson("pw-person"), "userPassword", testPassword))
	for _, rejected := range []op{
		with(addDocumentedAPIUser("svc-nopw"), "userPassword", nil),
		{"method": "MODIFY", "userLoginId": "nopw-person", "groupId": 4},
	} {
		if applied, _ := unlimited.sync(rejected); applied {
			t.Fatalf("%v: an API user without password", rejected)
		}
	}
	unlimited.mustSync(op{"method": "MODIFY", "userLoginId": "pw-person", "userGroup": "API"})
}

func TestOptionsValidation(t *testing.T) {
	for _, opts := range []Options{{Protocol: "soap"}, {Protocol: "Documented"}, {UnknownFields: "drop"},
		{Protocol: ProtocolDocumented, UnknownFields: "REJECT"}} {
		_, err := New(opts)
		if err == nil || !strings.Contains(err.Error(), "want") {
			t.Errorf("New(%+v): %v, want a clear error", opts, err)
		}
	}
	for _, opts := range []Options{{}, {Protocol: ProtocolExtended}, {Protocol: ProtocolDocumented},
		{Protocol: ProtocolDocumented, UnknownFields: UnknownFieldsIgnore}, {Protocol: ProtocolDocumented, UnknownFields: UnknownFieldsReject},
		{UnknownFields: UnknownFieldsReject}} {
		if _, err := New(opts); err != nil {
			t.Errorf("New(%+v): %v", opts, err)
		}
	}
	s, err := New(Options{})
	if err != nil || s.opts.Protocol != ProtocolExtended || s.opts.UnknownFields != UnknownFieldsIgnore {
		t.Fatalf("defaults: %+v %v", s.opts, err)
	}
}
