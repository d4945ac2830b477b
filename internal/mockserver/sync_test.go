package mockserver

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSyncRules runs every field rule of API.md through PUT /users/sync:
// the answer (true/false) and, when rejected, a reason naming the rule.
func TestSyncRules(t *testing.T) {
	_, admin := startServer(t, Options{})
	long := strings.Repeat("a", 64)
	pw128 := strings.Repeat("Ab1", 42) + "Xy"
	cases := []struct {
		name       string
		op         op
		wantReason string // "" = applied
	}{
		{"login too short", addPerson("ab"), "3 to 64 characters"},
		{"login too long", addPerson(long + "b"), "3 to 64 characters"},
		{"login 64 chars", addPerson(long), ""},
		{"login starts with underscore", addPerson("_svc"), "start with a letter or digit"},
		{"login starts with dot", addPerson(".svc"), "start with a letter or digit"},
		{"login with space", addPerson("svc bot"), "A-Z a-z 0-9 . _ @ -"},
		{"login with slash", addPerson("svc/bot"), "A-Z a-z 0-9 . _ @ -"},
		{"login all allowed characters", addPerson("9a.b_c@d-e"), ""},
		{"login empty", addPerson(""), "userLoginId: required"},
		{"login missing", with(addPerson("x"), "userLoginId", nil), "userLoginId: required"},
		{"login exists other case", addPerson(strings.ToUpper(DefaultAdminUsername)), "already exists"},
		{"password too short", with(addAPIUser("svc-short"), "userPassword", "Ab1defg"), "8 to 128 characters"},
		{"password too long", with(addAPIUser("svc-long"), "userPassword", pw128+"z"), "8 to 128 characters"},
		{"password 128 chars", with(addAPIUser("svc-128"), "userPassword", pw128), ""},
		{"password no upper", with(addAPIUser("svc-up"), "userPassword", "lower-case-1"), "upper-case letter"},
		{"password no lower", with(addAPIUser("svc-low"), "userPassword", "UPPER-CASE-1"), "lower-case letter"},
		{"password no digit", with(addAPIUser("svc-dig"), "userPassword", "No-Digits-Here"), "digit"},
		{"password contains login", with(addAPIUser("robot"), "userPassword", "xxROBOT-9a"), "login id"},
		{"password contains organization", with(addAPIUser("svc-org"), "organization", "Acme", "userPassword", "my-aCME-Pass1"), "organization"},
		{"password required for API user", with(addAPIUser("svc-nopw"), "userPassword", nil), "userPassword: required for API users"},
		{"password inner space", with(addAPIUser("svc-sp"), "userPassword", "Sec Ret-9-Xy"), ""},
		{"password all printable ASCII", with(addAPIUser("svc-ascii"), "userPassword", "Aa1 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), ""},
		{"password leading space", with(addAPIUser("svc-lead"), "userPassword", " "+testPassword), "leading or trailing space"},
		{"password trailing space", with(addAPIUser("svc-trail"), "userPassword", testPassword+" "), "leading or trailing space"},
		{"password newline", with(addAPIUser("svc-lf"), "userPassword", testPassword+"\n"), "printable ASCII"},
		{"password carriage return", with(addAPIUser("svc-cr"), "userPassword", "Sec-\rRet-9-Xy"), "printable ASCII"},
		{"password tab", with(addAPIUser("svc-tab"), "userPassword", "Sec-\tRet-9-Xy"), "printable ASCII"},
		{"password NUL", with(addAPIUser("svc-nul"), "userPassword", "Sec-\x00Ret-9-Xy"), "printable ASCII"},
		{"password DEL", with(addAPIUser("svc-del"), "userPassword", "Sec-\x7fRet-9-Xy"), "printable ASCII"},
		{"password non-ASCII", with(addAPIUser("svc-uni"), "userPassword", "Sëc-Ret-9-Xy"), "printable ASCII"},
		{"person needs no password", addPerson("dwalker"), ""},
		{"person with password", with(addPerson("dwalker2"), "userPassword", testPassword), ""},
		{"firstName missing", with(addPerson("nofirst"), "firstName", nil), "firstName and lastName: required"},
		{"lastName empty", with(addPerson("nolast"), "lastName", ""), "lastName: must not be empty"},
		{"email not an address", with(addPerson("mail1"), "email", "not-an-email"), "local@domain"},
		{"email two at signs", with(addPerson("mail2"), "email", "a@b@c.io"), "local@domain"},
		{"email with display name", with(addPerson("mail3"), "email", "Dana <d@x.io>"), "local@domain"},
		{"email valid", with(addPerson("mail4"), "email", "d.walker@example.com"), ""},
		{"email empty", with(addPerson("mail5"), "email", ""), ""},
		// API.md's "one address (local@domain)", read strictly.
		{"email domain ends with a dot", with(addPerson("mail6"), "email", "a@b."), "local@domain"},
		{"email with a comma", with(addPerson("mail7"), "email", "a,b@c"), "local@domain"},
		{"email with angle brackets", with(addPerson("mail8"), "email", "a<b>@c"), "local@domain"},
		{"email domain starts with a dot", with(addPerson("mail9"), "email", "a@.b"), "local@domain"},
		{"email quoted local part", with(addPerson("mail10"), "email", `"a b"@c.io`), "local@domain"},
		{"branch unknown", with(addPerson("br1"), "branchIds", "101|999"), "999 is not a known branch"},
		{"branch not a number", with(addPerson("br2"), "branchIds", "101|abc"), "pipe-separated"},
		{"branch empty element", with(addPerson("br3"), "branchIds", "101||102"), "pipe-separated"},
		{"branch with space", with(addPerson("br4"), "branchIds", " 101"), "pipe-separated"},
		{"branch with sign", with(addPerson("br5"), "branchIds", "+101"), "pipe-separated"},
		{"branches valid", with(addPerson("br6"), "branchIds", "103|101|101"), ""},
		{"groupId unknown", with(addPerson("grp1"), "groupId", 9), "groupId: 9 is not a known group"},
		{"userGroup unknown", with(addPerson("grp2"), "userGroup", "Wizards"), "not a known group"},
		{"group disagree", with(addPerson("grp3"), "groupId", 1, "userGroup", "API"), "must name the same group"},
		{"group agree any case", with(addPerson("grp4"), "groupId", 4, "userGroup", "api"), ""},
		{"status lower case", with(addPerson("st1"), "status", "active"), "ACTIVE, INACTIVE or TRASH"},
		{"status unknown", with(addPerson("st2"), "status", "DELETED"), "ACTIVE, INACTIVE or TRASH"},
		{"status trash", with(addPerson("st3"), "status", "TRASH"), ""},
		{"language invalid", with(addPerson("lang1"), "language", "english!"), "BCP 47"},
		{"language one letter", with(addPerson("lang2"), "language", "e"), "BCP 47"},
		{"language region", with(addPerson("lang3"), "language", "de-CH"), ""},
		{"language script", with(addPerson("lang4"), "language", "zh-Hant-TW"), ""},
		{"language underscore", with(addPerson("lang5"), "language", "en_GB"), "BCP 47"},
		{"language unregistered subtag", with(addPerson("lang6"), "language", "zz-Latn-419"), "BCP 47"},
		{"language any case", with(addPerson("lang7"), "language", "EN-gb"), ""},
		{"timezone unknown", with(addPerson("tz1"), "timezone", "Mars/Olympus"), "IANA time zone"},
		{"timezone Local", with(addPerson("tz2"), "timezone", "Local"), "IANA time zone"},
		{"timezone valid", with(addPerson("tz3"), "timezone", "Europe/Zurich"), ""},
		{"modify unknown user", op{"method": "MODIFY", "userLoginId": "ghost", "firstName": "G"}, "no user \"ghost\" to modify"},
		{"delete unknown user", op{"method": "DELETE", "userLoginId": "ghost"}, "no user \"ghost\" to delete"},
		{"modify clears firstName", op{"method": "MODIFY", "userLoginId": DefaultAdminUsername, "firstName": ""}, "firstName: must not be empty"},
		{"modify bad password", op{"method": "MODIFY", "userLoginId": DefaultAdminUsername, "userPassword": "weak"}, "8 to 128"},
		{"modify password trailing space", op{"method": "MODIFY", "userLoginId": "svc-sp", "userPassword": testPassword + " "}, "leading or trailing space"},
		{"modify password control character", op{"method": "MODIFY", "userLoginId": "svc-sp", "userPassword": "Sec-\x1bRet-9-Xy"}, "printable ASCII"},
		{"modify to API user without password", op{"method": "MODIFY", "userLoginId": "dwalker", "apiUser": true}, "required for API users"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			admin.t = t
			applied, reason := admin.sync(tc.op)
			if tc.wantReason == "" {
				if !applied {
					t.Fatalf("rejected: %s", reason)
				}
				return
			}
			if applied {
				t.Fatalf("applied, want rejection containing %q", tc.wantReason)
			}
			if !strings.HasPrefix(reason, "0: ") || !strings.Contains(reason, tc.wantReason) {
				t.Fatalf("X-Sync-Error %q, want \"0: ...%s...\"", reason, tc.wantReason)
			}
			if strings.Contains(reason, testPassword) {
				t.Fatalf("reason %q echoes the password", reason)
			}
		})
	}
}

// TestSyncBadBodies checks the 400 answers: not an array of operations,
// fields of the wrong type or unknown, unknown method.
func TestSyncBadBodies(t *testing.T) {
	_, admin := startServer(t, Options{})
	cases := map[string]struct{ body, want string }{
		"empty":              {"", "JSON array"},
		"object":             {`{"method":"ADD"}`, "JSON array"},
		"string":             {`"ADD"`, "JSON array"},
		"null":               {`null`, "JSON array"},
		"array of numbers":   {`[1]`, "not a JSON array of operations"},
		"unclosed":           {`[`, "not a JSON array of operations"},
		"trailing data":      {`[] []`, "after the JSON array"},
		"null element":       {`[null]`, "unknown method"},
		"unknown method":     {`[{"method":"UPSERT","userLoginId":"abc"}]`, `unknown method "UPSERT"`},
		"lower-case method":  {`[{"method":"add","userLoginId":"abc"}]`, "unknown method"},
		"missing method":     {`[{"userLoginId":"abc"}]`, "unknown method"},
		"unknown field":      {`[{"method":"ADD","userLoginId":"abc","bogus":1}]`, "bogus"},
		"login is a number":  {`[{"method":"ADD","userLoginId":5}]`, "userLoginId"},
		"branchIds a number": {`[{"method":"ADD","userLoginId":"abc","branchIds":101}]`, "branchIds"},
		"apiUser a string":   {`[{"method":"ADD","userLoginId":"abc","apiUser":"yes"}]`, "apiUser"},
		"groupId a string":   {`[{"method":"ADD","userLoginId":"abc","groupId":"4"}]`, "groupId"},
		"groupId fractional": {`[{"method":"ADD","userLoginId":"abc","groupId":4.5}]`, "groupId"},
		"second op bad":      {`[{"method":"DELETE","userLoginId":"abc"},{"method":"PATCH","userLoginId":"abc"}]`, "operation 1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			admin.t = t
			admin.wantError(http.StatusBadRequest, tc.want, http.MethodPut, RouteSync, tc.body)
		})
	}
	if got := len(admin.users()); got != 1 {
		t.Fatalf("bad bodies changed the users: %d users", got)
	}
}

// TestSyncAddDefaults checks ADD's defaults and that every field of a user
// is present in GET /users.
func TestSyncAddDefaults(t *testing.T) {
	_, admin := startServer(t, Options{})
	before := time.Now().UTC().Add(-time.Second)
	admin.mustSync(addAPIUser("svc-1"), addPerson("dwalker"))

	var raw []map[string]any
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil), &raw); err != nil {
		t.Fatal(err)
	}
	fields := []string{"key", "userID", "firstName", "lastName", "email", "encrypted", "tokenExpires",
		"description", "branchIds", "groupId", "userGroup", "status", "apiUser", "organization",
		"language", "timezone", "privateNote", "passwordChangedAt"}
	for _, u := range raw {
		for _, f := range fields {
			if _, ok := u[f]; !ok {
				t.Errorf("user %v lacks field %s", u["userID"], f)
			}
		}
		if _, ok := u["userPassword"]; ok {
			t.Errorf("user %v carries a password field", u["userID"])
		}
	}

	users := admin.users()
	if len(users) != 3 || users[0].Key != firstKey || users[1].Key != firstKey+1 || users[2].Key != firstKey+2 {
		t.Fatalf("keys %+v, want 1001, 1002, 1003 in order", users)
	}
	svc, person := users[1], users[2]
	if !svc.APIUser || svc.GroupID != 4 || svc.UserGroup != "API" || svc.Status != StatusActive || svc.Encrypted != 1 {
		t.Errorf("API user defaults: %+v", svc)
	}
	if person.APIUser || person.GroupID != 2 || person.UserGroup != "User" || person.Status != StatusActive {
		t.Errorf("person defaults: %+v", person)
	}
	changed, err := time.Parse(time.RFC3339, svc.PasswordChangedAt)
	if err != nil || changed.Location() != time.UTC || changed.Before(before) {
		t.Errorf("passwordChangedAt %q: want RFC 3339 UTC of now (%v)", svc.PasswordChangedAt, err)
	}
	if person.PasswordChangedAt != "" {
		t.Errorf("person without password has passwordChangedAt %q", person.PasswordChangedAt)
	}
}

// TestSyncKeysNeverReused deletes the newest user and adds another.
func TestSyncKeysNeverReused(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addPerson("first"))
	first, _ := s.User("first")
	admin.mustSync(op{"method": "DELETE", "userLoginId": "first"}, addPerson("second"))
	second, _ := s.User("second")
	if second.Key <= first.Key {
		t.Fatalf("key %d after deleted key %d: keys must increase", second.Key, first.Key)
	}
}

// TestSyncModifySemantics: absent and null leave a field, "" clears it,
// branchIds replaces, a new password is stored and dated.
func TestSyncModifySemantics(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(with(addAPIUser("svc-mod"), "email", "a@b.io", "description", "CRM sync",
		"branchIds", "101|102", "organization", "Acme", "language", "en", "timezone", "UTC", "privateNote", "n"))
	orig, _ := s.User("svc-mod")

	admin.mustSync(op{"method": "MODIFY", "userLoginId": "SVC-MOD", "email": nil, "description": "",
		"branchIds": "105", "language": nil, "timezone": "", "userGroup": "guest"})
	got, _ := s.User("svc-mod")
	if got.Email != "a@b.io" || got.Language != "en" || got.Organization != "Acme" {
		t.Errorf("absent/null fields changed: %+v", got)
	}
	if got.Description != "" || got.Timezone != "" {
		t.Errorf("\"\" did not clear: %+v", got)
	}
	if formatBranchIDs(got.BranchIDs) != "105" || got.GroupID != 3 || got.UserGroup != "Guest" {
		t.Errorf("branches/group: %+v", got)
	}
	if !got.PasswordChangedAt.Equal(orig.PasswordChangedAt) {
		t.Errorf("passwordChangedAt changed without a password")
	}

	admin.mustSync(op{"method": "MODIFY", "userLoginId": "svc-mod", "userPassword": "New-Secret-77", "branchIds": ""})
	got, _ = s.User("svc-mod")
	if !s.CheckPassword("svc-mod", "New-Secret-77") || s.CheckPassword("svc-mod", testPassword) {
		t.Errorf("password not replaced")
	}
	if !got.PasswordChangedAt.After(orig.PasswordChangedAt) {
		t.Errorf("passwordChangedAt %v not after %v", got.PasswordChangedAt, orig.PasswordChangedAt)
	}
	if len(got.BranchIDs) != 0 {
		t.Errorf("branchIds \"\" left %v", got.BranchIDs)
	}
}

// TestSyncAtomic: one bad operation anywhere rejects the whole batch.
func TestSyncAtomic(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addPerson("keep"))
	before := s.Users()
	applied, reason := admin.sync(
		addAPIUser("svc-new"),
		op{"method": "MODIFY", "userLoginId": "keep", "firstName": "Changed"},
		op{"method": "DELETE", "userLoginId": "keep"},
		with(addPerson("bad"), "status", "GONE"),
	)
	if applied || !strings.HasPrefix(reason, "3: status") {
		t.Fatalf("applied=%v reason=%q, want rejection of operation 3", applied, reason)
	}
	after := s.Users()
	if len(after) != len(before) || after[1].FirstName != before[1].FirstName {
		t.Fatalf("rejected batch changed users: %+v", after)
	}
	// The keys the rejected ADDs would have taken are not consumed either.
	admin.mustSync(addPerson("next"))
	if next, _ := s.User("next"); next.Key != before[1].Key+1 {
		t.Fatalf("key %d after a rejected batch, want %d", next.Key, before[1].Key+1)
	}
}

// TestSyncOrder: later operations see what earlier ones did.
func TestSyncOrder(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(
		addPerson("temp"),
		op{"method": "MODIFY", "userLoginId": "temp", "lastName": "Later"},
		op{"method": "DELETE", "userLoginId": "TEMP"},
		addPerson("Temp"),
	)
	u, ok := s.User("temp")
	if !ok || u.UserID != "Temp" || u.LastName != "Walker" {
		t.Fatalf("after ADD/MODIFY/DELETE/ADD: %+v %v", u, ok)
	}
	applied, reason := admin.sync(addPerson("dup"), addPerson("DUP"))
	if applied || !strings.HasPrefix(reason, "1: ") || !strings.Contains(reason, "already exists") {
		t.Fatalf("duplicate in one batch: applied=%v reason=%q", applied, reason)
	}
}

// TestSyncCaseInsensitiveLoginIDs: unique regardless of case, stored as given.
func TestSyncCaseInsensitiveLoginIDs(t *testing.T) {
	_, admin := startServer(t, Options{})
	admin.mustSync(addPerson("Svc.Bot"))
	if applied, reason := admin.sync(addPerson("svc.BOT")); applied || !strings.Contains(reason, "already exists") {
		t.Fatalf("second case variant: applied=%v %q", applied, reason)
	}
	admin.mustSync(op{"method": "MODIFY", "userLoginId": "SVC.BOT", "email": "b@x.io"})
	var u userJSON
	if err := json.Unmarshal(admin.wantStatus(http.StatusOK, http.MethodGet, "/api/v1.0/users/svc.bot", nil), &u); err != nil {
		t.Fatal(err)
	}
	if u.UserID != "Svc.Bot" || u.Email != "b@x.io" {
		t.Fatalf("GET by other case: %+v", u)
	}
}

// TestSyncDeleteBranches: DELETE with branchIds removes access only; the
// user goes when no branch remains or branchIds is absent or empty.
func TestSyncDeleteBranches(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(
		with(addPerson("multi"), "branchIds", "101|102|103"),
		with(addPerson("gone-absent"), "branchIds", "101"),
		with(addPerson("gone-empty"), "branchIds", "101"),
	)
	admin.mustSync(op{"method": "DELETE", "userLoginId": "multi", "branchIds": "102", "firstName": "ignored"})
	u, _ := s.User("multi")
	if formatBranchIDs(u.BranchIDs) != "101|103" || u.FirstName != "Dana" {
		t.Fatalf("after removing 102: %+v", u)
	}
	if applied, reason := admin.sync(op{"method": "DELETE", "userLoginId": "multi", "branchIds": "999"}); applied || !strings.Contains(reason, "not a known branch") {
		t.Fatalf("unknown branch: applied=%v %q", applied, reason)
	}
	admin.mustSync(op{"method": "DELETE", "userLoginId": "multi", "branchIds": "101|103|105"})
	if _, ok := s.User("multi"); ok {
		t.Fatalf("user kept with no branch left")
	}
	admin.mustSync(op{"method": "DELETE", "userLoginId": "gone-absent"}, op{"method": "DELETE", "userLoginId": "gone-empty", "branchIds": ""})
	if len(s.Users()) != 1 {
		t.Fatalf("DELETE without branches kept users: %+v", s.Users())
	}
}

// TestSyncActiveAPIUserLimit: only ACTIVE API users count; ADD and MODIFY
// past the limit are rejected naming it.
func TestSyncActiveAPIUserLimit(t *testing.T) {
	_, admin := startServer(t, Options{MaxActiveAPIUsers: 2})
	admin.mustSync(addAPIUser("svc-a"), addAPIUser("svc-b"), addPerson("person-c"))
	if applied, reason := admin.sync(addAPIUser("svc-c")); applied || !strings.Contains(reason, "at most 2 API users may be ACTIVE") {
		t.Fatalf("third active ADD: applied=%v %q", applied, reason)
	}
	admin.mustSync(with(addAPIUser("svc-c"), "status", "INACTIVE"), with(addAPIUser("svc-d"), "status", "TRASH"))
	if applied, reason := admin.sync(op{"method": "MODIFY", "userLoginId": "svc-c", "status": "ACTIVE"}); applied || !strings.Contains(reason, "max-active-api-users") {
		t.Fatalf("MODIFY to ACTIVE past the limit: applied=%v %q", applied, reason)
	}
	if applied, _ := admin.sync(op{"method": "MODIFY", "userLoginId": "person-c", "apiUser": true, "userPassword": testPassword}); applied {
		t.Fatalf("turning an active person into an API user passed the limit")
	}
	// Modifying an already counted user is fine; swapping in one batch too.
	admin.mustSync(
		op{"method": "MODIFY", "userLoginId": "svc-a", "description": "still active"},
		op{"method": "MODIFY", "userLoginId": "svc-a", "status": "INACTIVE"},
		op{"method": "MODIFY", "userLoginId": "svc-c", "status": "ACTIVE"},
	)

	_, unlimited := startServer(t, Options{MaxActiveAPIUsers: -1})
	for i := range 12 {
		unlimited.mustSync(addAPIUser("svc-" + string(rune('a'+i))))
	}
}
