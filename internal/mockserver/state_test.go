package mockserver

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestStateSurvivesRestart: users, keys, roles, privileges, passwords and
// tokens survive a new server on the same state file.
func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	first, admin := startServer(t, Options{StateFile: path})
	admin.mustSync(with(addAPIUser("svc-keep"), "branchIds", "101|104", "language", "de-CH"))
	if err := first.AssignRole("api_default", "svc-keep"); err != nil {
		t.Fatal(err)
	}
	if err := first.SetPrivileges("badges", "svc-keep", []string{"access_producer", "print_card"}); err != nil {
		t.Fatal(err)
	}
	svc := login(t, first, "svc-keep", testPassword)
	want := first.Users()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), testPassword) || strings.Contains(string(data), DefaultAdminPassword) {
		t.Fatalf("the state file holds a password in clear")
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("state file mode %v, want 0600", info.Mode().Perm())
	}

	second := Start(t, Options{StateFile: path})
	got := second.Users()
	if len(got) != len(want) || got[1].UserID != "svc-keep" || got[1].Key != want[1].Key ||
		!slices.Equal(got[1].BranchIDs, []int64{101, 104}) || got[1].Language != "de-CH" ||
		!got[1].PasswordChangedAt.Equal(want[1].PasswordChangedAt) {
		t.Fatalf("users after restart %+v, want %+v", got, want)
	}
	if !second.CheckPassword("svc-keep", testPassword) || !slices.Equal(second.RoleHolders("api_default"), []string{"svc-keep"}) ||
		len(second.Privileges("badges", "svc-keep")) != 2 {
		t.Fatalf("password, role or privileges lost")
	}
	svc.base = second.URL()
	svc.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil) // token from before the restart
	admin.base = second.URL()
	admin.mustSync(addPerson("after-restart"))
	if u, _ := second.User("after-restart"); u.Key != want[1].Key+1 {
		t.Fatalf("key after restart %d, want %d", u.Key, want[1].Key+1)
	}
	if leftovers, _ := filepath.Glob(path + ".tmp-*"); len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

func TestStateFileInvalid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StateFile: path}); err == nil || !strings.Contains(err.Error(), "not valid") {
		t.Fatalf("New on a corrupt state file: %v", err)
	}
}
