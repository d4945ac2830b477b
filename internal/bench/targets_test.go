package bench

import (
	"errors"
	"strings"
	"testing"
)

// result builds a scenario result whose steps took the given seconds.
func result(kind Kind, n int, batching bool, seconds [3]float64, syncs float64) Result {
	r := Result{Scenario: Scenario{Kind: kind, N: n, Batching: batching}}
	for i, step := range stepOrder {
		s := StepResult{Step: step, Run: StepRun{Seconds: seconds[i], PeakRSSKiB: 100 * 1024}}
		if kind == KindAPIUsers {
			s.Requests = map[string]float64{"PUT /users/sync": syncs}
		}
		r.Steps = append(r.Steps, s)
	}
	return r
}

func TestTargets(t *testing.T) {
	report := Report{
		Scaling: []Result{
			result(KindFloor, 5000, false, [3]float64{10, 10, 10}, 0),
			result(KindAPIUsers, 5000, true, [3]float64{12, 13, 14}, 500),
		},
		Limited: []Result{
			result(KindAPIUsers, 1000, true, [3]float64{10, 5, 10}, 100),
			result(KindAPIUsers, 1000, false, [3]float64{60, 5, 60}, 1000),
		},
	}
	got := map[string]bool{}
	for _, target := range report.Targets() {
		got[target.What] = target.Met
	}
	want := map[string]bool{
		"N=5000 create within 1.3x of the floor":                                 true,  // 1.2x
		"N=5000 no-op plan within 1.2x of the floor":                             false, // 1.3x
		"N=5000 destroy within 1.3x of the floor":                                false, // 1.4x
		"N=5000 at most 0.12 syncs per created user":                             true,  // 0.1
		"N=5000 provider peak RSS under 150 MB":                                  true,  // 100 MB
		"rate-limited N=1000: batching at least 5x faster (create+plan+destroy)": true,  // 125/25
		"rate-limited: no 429 left unhandled (every command succeeded)":          true,
	}
	for what, met := range want {
		if g, ok := got[what]; !ok || g != met {
			t.Errorf("target %q: met = %v (present %v), want %v", what, g, ok, met)
		}
	}
	if len(got) != len(want) {
		t.Errorf("targets = %v; want exactly %d", got, len(want))
	}

	// A failed step makes its ratio unknown, never "met", and a failed
	// rate-limited command is an unhandled 429.
	report.Limited[1].Steps[0].Err = errors.New("429 Too Many Requests")
	report.Scaling[1].Steps[0].Err = errors.New("boom")
	for _, target := range report.Targets() {
		if (strings.Contains(target.What, "create within") || strings.Contains(target.What, "unhandled") ||
			strings.Contains(target.What, "faster")) && target.Met {
			t.Errorf("target %q met despite a failed step", target.What)
		}
	}
}
