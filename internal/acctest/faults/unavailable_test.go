package faults_test

import (
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestUnavailableAndLatencySpikes: a fifth of all calls answer 503 and some
// are delayed by 300 ms. The transport retries them (syncs only when nothing
// was applied), so the apply converges without duplicates.
func TestUnavailableAndLatencySpikes(t *testing.T) {
	t.Parallel()
	f := newFleet("unavail")
	f.provider = `  max_retries = 10`
	host, w := startScenario(t, f, mockserver.Options{})

	host.setFaults(mockserver.Faults{ErrorRate: 0.2, SpikeRate: 0.1, SpikeLatency: 300 * time.Millisecond})
	w.applyUntilConverged(3)
	host.setFaults(mockserver.Faults{})

	if c := host.faultCounts(); c["503"] == 0 || c["spike"] == 0 {
		t.Errorf("faults injected %v: want both 503s and spikes", c)
	}
	if w.loggedRetries() == 0 {
		t.Error("the client logged no retry although the server answered 503")
	}
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}
