package mockserver

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentSyncs runs syncs, reads, role changes and fault changes at
// once; run with -race.
func TestConcurrentSyncs(t *testing.T) {
	s, admin := startServer(t, Options{MaxActiveAPIUsers: -1, StateFile: t.TempDir() + "/state.json"})
	const workers, perWorker = 6, 4
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker*3)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &apiCaller{t: t, base: admin.base, token: admin.token}
			for i := range perWorker {
				login := fmt.Sprintf("w%d-u%d", w, i)
				resp, body := c.do(http.MethodPut, RouteSync, []op{addAPIUser(login)})
				if resp.StatusCode != http.StatusOK || string(body) != "true" {
					errs <- fmt.Errorf("sync %s: %d %s", login, resp.StatusCode, body)
				}
				if resp, _ := c.do(http.MethodGet, RouteUsers, nil); resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("GET /users: %d", resp.StatusCode)
				}
				if err := s.AssignRole("reports", login); err != nil {
					errs <- err
				}
				s.SetFaults(Faults{})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	users := s.Users()
	if len(users) != 1+workers*perWorker {
		t.Fatalf("%d users, want %d", len(users), 1+workers*perWorker)
	}
	for i := 1; i < len(users); i++ {
		if users[i].Key <= users[i-1].Key {
			t.Fatalf("keys not increasing: %d then %d", users[i-1].Key, users[i].Key)
		}
	}
	if got := len(s.RoleHolders("reports")); got != workers*perWorker {
		t.Fatalf("%d role holders", got)
	}
}
