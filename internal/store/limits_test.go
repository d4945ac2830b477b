package store

import (
	"sync"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestPolicyReadOncePerProcess(t *testing.T) {
	api := newFakeAPI()
	api.limits = &client.Limits{MaxActiveAPIUsers: 10, EraseOnlyFromTrash: true}
	s := New(api, Options{})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			p, err := s.Policy(t.Context())
			if err != nil || p != (Policy{MaxActiveAPIUsers: 10, EraseOnlyFromTrash: true}) {
				t.Errorf("Policy() = %+v, %v", p, err)
			}
		})
	}
	wg.Wait()
	if n := api.count("Limits"); n != 1 {
		t.Errorf("GET /limits sent %d times, want 1", n)
	}
}

// A server without GET /limits has no known limit; its 404 is kept, and the
// provider's settings stand in, one at a time or both (then the server is
// not asked).
func TestPolicySettings(t *testing.T) {
	limit, erase := 3, true
	for _, tc := range []struct {
		name  string
		opts  Options
		want  Policy
		calls int
	}{
		{"none", Options{}, Policy{}, 1},
		{"limit", Options{MaxActiveAPIUsers: &limit}, Policy{MaxActiveAPIUsers: 3, MaxActiveFromSetting: true}, 1},
		{"both", Options{MaxActiveAPIUsers: &limit, EraseOnlyFromTrash: &erase},
			Policy{MaxActiveAPIUsers: 3, MaxActiveFromSetting: true, EraseOnlyFromTrash: true, EraseFromSetting: true}, 0},
		{"extensions none", Options{Extensions: client.ExtensionsNone}, Policy{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI()
			s := New(api, tc.opts)
			for range 2 {
				if p, err := s.Policy(t.Context()); err != nil || p != tc.want {
					t.Fatalf("Policy() = %+v, %v; want %+v", p, err, tc.want)
				}
			}
			if n := api.count("Limits"); n != tc.calls {
				t.Errorf("GET /limits sent %d times, want %d", n, tc.calls)
			}
		})
	}
}

// UsersAtHand lists only when there is no snapshot.
func TestUsersAtHand(t *testing.T) {
	api := newFakeAPI("bot")
	s := New(api, Options{})
	for range 2 {
		if users, err := s.UsersAtHand(t.Context()); err != nil || len(users) != 2 {
			t.Fatalf("UsersAtHand() = %v, %v", users, err)
		}
	}
	if n := api.count("ListUsers"); n != 1 {
		t.Errorf("GET /users sent %d times, want 1", n)
	}
}
