package store

import (
	"fmt"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// BenchmarkSnapshotLookup builds a snapshot of N users and looks every one
// up: the cost per N must stay linear (N=10000 about ten times N=1000), the
// refresh of a large plan depends on it.
func BenchmarkSnapshotLookup(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		users := make([]client.User, n)
		logins := make([]string, n)
		for i := range users {
			logins[i] = fmt.Sprintf("Svc-User-%05d", i)
			users[i] = client.User{Key: int64(i + 1), UserID: logins[i], BranchIDs: client.BranchIDs{101}}
		}
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			for b.Loop() {
				snap, err := newSnapshot(users, 0)
				if err != nil {
					b.Fatal(err)
				}
				for _, l := range logins {
					if _, ok := snap.lookup(l); !ok {
						b.Fatalf("%s not found", l)
					}
				}
			}
		})
	}
}
