package bench

import (
	"errors"
	"strings"
	"testing"
)

// result builds a scenario result whose steps took the given seconds, of
// wall and of total CPU time alike.
func result(kind Kind, n int, batching bool, seconds [3]float64, syncs float64) Result {
	r := Result{Scenario: Scenario{Kind: kind, N: n, Batching: batching}}
	for i, step := range stepOrder {
		s := StepResult{Step: step, Run: StepRun{Seconds: seconds[i], TotalCPUSeconds: seconds[i], PeakRSSKiB: 100 * 1024}}
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
			result(KindFloor, 1000, false, [3]float64{4, 2, 4}, 0),
			result(KindVanilla, 1000, false, [3]float64{6, 4, 4}, 0),
			result(KindAPIUsers, 1000, true, [3]float64{4.5, 2.2, 3.5}, 100),
		},
		Latency: []Result{ // three rounds: 1.16x, 1.10x, 1.30x
			result(KindAPIUsers, 500, true, [3]float64{10, 0, 0}, 50),
			result(KindAPIUsers, 500, true, [3]float64{11.6, 0, 0}, 50),
			result(KindAPIUsers, 500, true, [3]float64{10, 0, 0}, 50),
			result(KindAPIUsers, 500, true, [3]float64{11, 0, 0}, 50),
			result(KindAPIUsers, 500, true, [3]float64{10, 0, 0}, 50),
			result(KindAPIUsers, 500, true, [3]float64{13, 0, 0}, 50),
		},
		Limited: []Result{
			result(KindAPIUsers, 1000, true, [3]float64{10, 5, 10}, 100),
			result(KindAPIUsers, 1000, false, [3]float64{60, 5, 60}, 1000),
		},
	}
	for i := range report.Latency {
		report.Latency[i].Scenario.Round = i/2 + 1
		if i%2 == 1 {
			report.Latency[i].Scenario.MockFlags = []string{"-latency", "50ms"}
		}
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
		"N=5000 provider peak RSS at most 60 MB":                                 false, // 100 MB
		"N=1000 create within 1.3x of the floor":                                 true,  // 1.125x
		"N=1000 no-op plan within 1.2x of the floor":                             true,  // 1.1x
		"N=1000 destroy within 1.3x of the floor":                                true,  // 0.875x
		"N=1000 at most 0.12 syncs per created user":                             true,  // 0.1
		"N=1000 create total CPU at most 0.8x the vanilla floor's":               true,  // 0.75x
		"N=1000 no-op plan total CPU at most 0.8x the vanilla floor's":           true,  // 0.55x
		"N=1000 destroy total CPU at most 0.8x the vanilla floor's":              false, // 0.875x
		"N=500 create with `-latency 50ms` within 1.15x of without":              false, // median 1.16x
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
	report.Scaling[3].Steps[0].Err = errors.New("boom") // the vanilla floor's create
	report.Latency[0].Steps[0].Err = errors.New("boom")
	for _, target := range report.Targets() {
		if (strings.Contains(target.What, "N=5000 create within") || strings.Contains(target.What, "unhandled") ||
			strings.Contains(target.What, "faster") || strings.Contains(target.What, "create total CPU") ||
			strings.Contains(target.What, "latency")) && target.Met {
			t.Errorf("target %q met despite a failed step", target.What)
		}
	}
}
