package faults_test

import (
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestDroppedConnectionAfterAppliedSync: the server applies a sync and then
// drops the connection, so the client cannot know whether it was applied.
// It must read the users back and send only what is missing: no ADD is ever
// sent for a user that already exists.
func TestDroppedConnectionAfterAppliedSync(t *testing.T) {
	t.Parallel()
	f := newFleet("drop")
	host, w := startScenario(t, f, mockserver.Options{})

	host.setFaults(mockserver.Faults{DropRate: 0.3})
	w.applyUntilConverged(3)
	host.setFaults(mockserver.Faults{})

	if host.faultCounts()["drop"] == 0 {
		t.Fatal("no applied sync was dropped; the scenario tested nothing")
	}
	if host.rec.adds() < f.users {
		t.Errorf("%d ADD operations were sent for %d users", host.rec.adds(), f.users)
	}
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f) // includes: no ADD of an existing user
}
