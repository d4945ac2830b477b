package faults_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// stormRetryAfter is the Retry-After of every answer during a storm.
const stormRetryAfter = 2 * time.Second

// TestRateLimitStorm: once a third of the users exist, every call answers
// 429 with Retry-After: 2 for 30 s, then the server recovers. The provider
// process holds one shared gate: the requests in flight when the storm
// begins get their 429, and after that it sends at most one probe per
// Retry-After window instead of one retry per parallel operation. The apply
// converges afterwards.
func TestRateLimitStorm(t *testing.T) {
	t.Parallel()
	const (
		storm       = 30 * time.Second
		parallelism = 10
		// burst is how long after the storm's first 429 the requests that
		// were already on their way may still arrive.
		burst = time.Second
	)
	f := newFleet("storm")
	f.provider = `  max_retries = 40` // enough attempts to outlast the storm; the gate, not this, bounds the probes
	host, w := startScenario(t, f, mockserver.Options{})

	var start time.Time
	applied := injectMidApply(t, host, f.users/3, func() {
		start = time.Now()
		host.setFaults(mockserver.Faults{ThrottleUntil: start.Add(storm), ThrottleRetryAfter: stormRetryAfter})
	})
	w.applyUntilConverged(2)
	if !applied() {
		t.Fatal("the apply ended before a third of the users existed; no storm happened")
	}
	host.setFaults(mockserver.Faults{})

	var firstWave, probes int
	var first429 time.Time
	for _, q := range host.rec.snapshot() {
		if q.at.Before(start) || !q.at.Before(start.Add(storm)) {
			continue
		}
		if first429.IsZero() {
			first429 = q.at
		}
		if q.at.Before(first429.Add(burst)) {
			firstWave++
		} else {
			probes++
		}
	}
	throttled := host.faultCounts()["429"]
	if throttled == 0 {
		t.Fatal("no request was throttled: the storm missed the apply")
	}
	// In flight when the storm began: at most one request per parallel
	// operation plus a few shared reads (a batch's sync, a list).
	if limit := parallelism + 5; firstWave > limit {
		t.Errorf("%d requests arrived in the storm's first %s, want at most %d", firstWave, burst, limit)
	}
	// Afterwards one probe per Retry-After window (+1 at each end).
	// -parallelism independent retriers would send about 10 per window.
	if limit := int(storm/stormRetryAfter) + 2; probes > limit {
		t.Errorf("%d requests probed the server during the %s storm, want at most %d (one per %s window)",
			probes, storm, limit, stormRetryAfter)
	}
	t.Logf("storm: %d requests in the first wave, %d probes afterwards, %d answered 429", firstWave, probes, throttled)
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}

// TestRateLimitWaitBeyondBudgetFailsFast: when the server asks for a wait
// longer than max_retry_wait, the provider does not wait: it fails at once
// with the limit and the reset time, and a re-run after the storm converges.
func TestRateLimitWaitBeyondBudgetFailsFast(t *testing.T) {
	t.Parallel()
	f := newFleet("budget")
	f.users = 5 // the error message is what matters here, not the volume
	f.provider = `  max_retry_wait = "1s"`
	host, w := startScenario(t, f, mockserver.Options{})

	host.setFaults(mockserver.Faults{ThrottleUntil: time.Now().Add(time.Minute), ThrottleRetryAfter: 30 * time.Second})
	res := w.apply()
	if res.ExitCode == 0 {
		t.Fatal("apply succeeded during a storm whose Retry-After exceeds max_retry_wait")
	}
	// Terraform wraps diagnostics, so words may be split by any space.
	out := res.Output()
	for _, want := range []string{`429`, `Retry-After:\s+30`, `lifts\s+at\s+\d{4}-\d\d-\d\dT`} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("the error does not match %q (the limit and its reset time):\n%s", want, tfcli.Tail(out, 3000))
		}
	}
	if throttled := host.faultCounts()["429"]; throttled > 2 {
		t.Errorf("%d requests were throttled: the provider should stop after the first answer that asks for too long a wait", throttled)
	}
	host.setFaults(mockserver.Faults{})
	w.mustApply()
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}
