package faults_test

import (
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestMaxRequestsPerSecondPacesEveryWindow: with max_requests_per_second in
// the provider block, no 10 s window of requests at the server exceeds
// 10 s x the rate, although terraform runs 30 operations at once.
func TestMaxRequestsPerSecondPacesEveryWindow(t *testing.T) {
	t.Parallel()
	const (
		perSecond = 15.0 // about 850 requests for the fleet: a run of about a minute
		window    = 10 * time.Second
		// The tolerance, in requests, covers boundary effects only: the
		// limiter's burst of one lets a window that starts right on a
		// request hold one more (1); terraform apply runs the plan and the
		// apply in two provider processes, one after the other, and the
		// second starts with a fresh token (1); and the timestamps are taken
		// at the server, so scheduling delays on a loaded machine can move a
		// few requests into a neighbouring window (3, 2%).
		tolerance = 5
	)
	f := newFleet("paced")
	f.provider = `  max_requests_per_second = 15`
	host, w := startScenario(t, f, mockserver.Options{})

	w.mustApply("-parallelism=30")

	reqs := host.rec.snapshot()
	limit := int(perSecond*window.Seconds()) + tolerance
	worst := 0
	for i := range reqs {
		n := 0
		for j := i; j < len(reqs) && reqs[j].at.Sub(reqs[i].at) < window; j++ {
			n++
		}
		worst = max(worst, n)
	}
	if worst > limit {
		t.Errorf("a %s window held %d requests, more than %d (%.0f/s + %d)", window, worst, limit, perSecond, tolerance)
	}
	t.Logf("%d requests over %s; the busiest %s window held %d (limit %d)",
		len(reqs), reqs[len(reqs)-1].at.Sub(reqs[0].at).Round(time.Second), window, worst, limit)
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}
