package mockserver

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// TestPasswordCheckCostIsIndependentOfTheLogin: a login id that does not
// exist, or has no password, is compared against a dummy hash of the same
// bcrypt cost as real ones, so the answer's timing does not tell which login
// ids exist. Checked structurally (costs and results), not by timing, which
// would be flaky.
func TestPasswordCheckCostIsIndependentOfTheLogin(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addAPIUser("svc-timing"))
	s.mu.Lock()
	stored, ok := s.st.user("svc-timing")
	s.mu.Unlock()
	if !ok {
		t.Fatal("svc-timing was not created")
	}
	realCost, err := bcrypt.Cost([]byte(stored.PasswordHash))
	if err != nil {
		t.Fatal(err)
	}
	dummyCost, err := bcrypt.Cost([]byte(dummyHash))
	if err != nil {
		t.Fatalf("the dummy hash is not a bcrypt hash, so unknown logins would skip the comparison: %v", err)
	}
	if realCost != dummyCost {
		t.Errorf("dummy hash cost %d, real hash cost %d: unknown logins would answer faster or slower", dummyCost, realCost)
	}
	if passwordMatches(nil, "dummy-Passw0rd-for-timing") {
		t.Error("the dummy hash's own password authenticates an unknown login")
	}
	if passwordMatches(&storedUser{}, "") {
		t.Error("a user without a password authenticates with an empty one")
	}
	if !passwordMatches(stored, testPassword) || passwordMatches(stored, testPassword+"x") {
		t.Error("the real comparison is wrong")
	}
}

// TestNeverLogsPasswordsOrTokens: through authentication (good and bad),
// syncs that carry passwords (applied, rejected, dropped) and a 401, nothing
// the server or net/http logs, and nothing in the state file, holds a
// password or a token.
func TestNeverLogsPasswordsOrTokens(t *testing.T) {
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })

	statePath := t.TempDir() + "/state.json"
	s, admin := startServer(t, Options{StateFile: statePath})
	wrong := "Wrong-Passw0rd-77"
	authenticateHTTP(t, s, s.AdminUsername(), wrong)
	admin.mustSync(addAPIUser("svc-log"))
	admin.sync(with(addAPIUser("svc-log"), "userPassword", "Other-Passw0rd-42")) // rejected: exists
	s.SetFaults(Faults{DropRate: 1})
	body, _ := json.Marshal([]op{with(addAPIUser("svc-dropped"), "userPassword", "Dropped-Passw0rd-5")})
	req, _ := http.NewRequest(http.MethodPut, s.URL()+RouteSync, bytes.NewReader(body))
	req.Header.Set(tokenHeader, admin.token)
	if resp, err := http.DefaultClient.Do(req); err == nil { // the drop makes it fail, as intended
		resp.Body.Close()
		t.Error("the sync was answered although DropRate is 1")
	}
	s.SetFaults(Faults{})
	s.ExpireTokens()
	admin.do(http.MethodGet, RouteUsers, nil)

	state, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{s.AdminPassword(), wrong, testPassword, "Other-Passw0rd-42", "Dropped-Passw0rd-5", admin.token} {
		if strings.Contains(logged.String(), secret) {
			t.Errorf("the log contains a secret: %s", logged.String())
		}
		if strings.Contains(string(state), secret) {
			t.Error("the state file contains a password or token")
		}
	}
}
