package faults_test

import (
	"strings"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// stormRetryAfter is the Retry-After of every answer during a storm.
const stormRetryAfter = 2 * time.Second

// TestRateLimitStorm: for 30 s every call answers 429 with Retry-After: 2,
// then the server recovers. The provider process holds one shared gate, so
// during the storm it sends at most one probe per Retry-After window instead
// of one retry per parallel operation, and the apply converges afterwards.
func TestRateLimitStorm(t *testing.T) {
	t.Parallel()
	const storm = 30 * time.Second
	host := startMock(t, mockserver.Options{})
	f := newFleet("storm")
	f.provider = `  max_retries = 40` // enough attempts to outlast the storm; the gate, not this, bounds the probes
	w := newWorkspace(t, host, f.config())
	w.enableProviderLog()
	applies := 0
	recordScenario(t, host, w, &applies)

	stormStart := time.Now()
	stormEnd := stormStart.Add(storm)
	host.setFaults(mockserver.Faults{ThrottleUntil: stormEnd, ThrottleRetryAfter: stormRetryAfter})
	applies = len(w.applyUntilConverged(2))
	host.setFaults(mockserver.Faults{})

	var during []recordedRequest
	for _, q := range host.rec.snapshot() {
		if q.at.Before(stormEnd) {
			during = append(during, q)
		}
	}
	throttled := host.faultCounts()["429"]
	if throttled == 0 || len(during) == 0 {
		t.Fatalf("the storm throttled %d requests: the apply did not reach the server during the storm", throttled)
	}
	// Until its first token nothing else can be sent, and every provider
	// request waits on the same gate: one probe per window, so at most
	// storm/Retry-After + 1 requests (plus one for a window boundary).
	// -parallelism independent retriers would send about 10 per window.
	maxProbes := int(storm/stormRetryAfter) + 2
	if len(during) > maxProbes {
		t.Errorf("%d requests reached the server during the %s storm, want at most %d (one probe per %s window)",
			len(during), storm, maxProbes, stormRetryAfter)
	}
	// The gate opens Retry-After after the last 429 (plus jitter), so
	// consecutive probes are never closer than that. 100ms of tolerance
	// covers the mock's whole-second rounding and timer granularity.
	for i := 1; i < len(during); i++ {
		if gap := during[i].at.Sub(during[i-1].at); gap < stormRetryAfter-100*time.Millisecond {
			t.Errorf("probes %d and %d (%s %s, %s %s) were %s apart, less than Retry-After %s",
				i-1, i, during[i-1].method, during[i-1].route, during[i].method, during[i].route, gap, stormRetryAfter)
		}
	}
	t.Logf("%d requests during the storm, %d answered 429", len(during), throttled)
	w.requireEmptyPlan()
	requireServerMatches(t, host, f)
}

// TestRateLimitWaitBeyondBudgetFailsFast: when the server asks for a wait
// longer than max_retry_wait, the provider does not wait: it fails at once
// with the limit and the reset time, and a re-run after the storm converges.
func TestRateLimitWaitBeyondBudgetFailsFast(t *testing.T) {
	t.Parallel()
	host := startMock(t, mockserver.Options{})
	f := newFleet("budget")
	f.users = 5 // the error message is what matters here, not the volume
	f.provider = `  max_retry_wait = "1s"`
	w := newWorkspace(t, host, f.config())
	applies := 0
	recordScenario(t, host, w, &applies)

	host.setFaults(mockserver.Faults{ThrottleUntil: time.Now().Add(time.Minute), ThrottleRetryAfter: 30 * time.Second})
	res := w.apply()
	applies++
	if res.exitCode == 0 {
		t.Fatal("apply succeeded during a storm whose Retry-After exceeds max_retry_wait")
	}
	out := res.output()
	for _, want := range []string{"429", "30"} {
		if !strings.Contains(out, want) {
			t.Errorf("the error does not mention %q (the limit and its reset):\n%s", want, tail(out, 3000))
		}
	}
	if throttled := host.faultCounts()["429"]; throttled > 2 {
		t.Errorf("%d requests were throttled: the provider should stop after the first answer that asks for too long a wait", throttled)
	}
	host.setFaults(mockserver.Faults{})
	w.mustApply()
	applies++
	w.requireEmptyPlan()
	requireServerMatches(t, host, f)
}
