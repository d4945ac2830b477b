package bench

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestReportTablesAreWellFormed renders every table and checks that each row
// has its header's number of cells, and that the vanilla floor, total CPU and
// latency columns carry the measurements.
func TestReportTablesAreWellFormed(t *testing.T) {
	// Two rounds of the latency pair, each ratio against its own round.
	latencyRun := func(round int, seconds float64, flags ...string) Result {
		r := result(KindAPIUsers, 500, true, [3]float64{seconds, 0, 0}, 50)
		r.Scenario.MockFlags, r.Scenario.Round = flags, round
		r.Steps = r.Steps[:1] // a create-only run
		return r
	}
	report := Report{
		Machine: "- test",
		Scaling: []Result{
			result(KindAPIUsers, 1000, true, [3]float64{3, 2, 4}, 100),
			result(KindFloor, 1000, false, [3]float64{2, 2, 4}, 0),
			result(KindVanilla, 1000, false, [3]float64{6, 4, 8}, 0),
		},
		Latency: []Result{
			latencyRun(1, 10), latencyRun(1, 11.5, "-latency", "50ms"),
			latencyRun(2, 12), latencyRun(2, 12, "-latency", "50ms"),
		},
		LatencyFlags: "-latency 50ms",
	}
	var buf bytes.Buffer
	report.Write(&buf)
	out := buf.String()

	cells := 0
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			cells = 0
			continue
		}
		n := strings.Count(line, "|") - 1
		if cells == 0 {
			cells = n
		} else if n != cells {
			t.Errorf("row with %d cells under a header of %d: %s", n, cells, line)
		}
	}
	for _, want := range []string{
		// create: 3 s wall, floor 2, vanilla 6, ratio 1.50x, total CPU 3/2/6, CPU ratio 0.50x
		"| 1000 | 1000 | create | 3.0 | 2.0 | 6.0 | 1.50x | – | 3.0 | 2.0 | 6.0 | 0.50x |",
		"| 500 | 1 | `none` | 10.0 | 1.00x | 10.0 |",
		"| 500 | 1 | `-latency 50ms` | 11.5 | 1.15x | 11.5 |",
		"| 500 | 2 | `-latency 50ms` | 12.0 | 1.00x | 12.0 |",
		"| N=500 create with `-latency 50ms` within 1.15x of without | yes | 1.07x, the median of 2 rounds (1.15x, 1.00x) |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// TestSavedReportsMerge: two runs saved apart render as one report, failed
// steps included.
func TestSavedReportsMerge(t *testing.T) {
	dir := t.TempDir()
	small := Report{Machine: "- small", Scaling: []Result{result(KindAPIUsers, 1000, true, [3]float64{3, 2, 4}, 100)}}
	large := Report{Machine: "- large", Scaling: []Result{result(KindAPIUsers, 5000, true, [3]float64{30, 20, 40}, 500)}}
	large.Scaling[0].Steps[2].Err = errors.New("terraform destroy failed")
	for name, r := range map[string]Report{"small.json": small, "large.json": large} {
		if err := r.Save(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	var merged Report
	for _, name := range []string{"small.json", "large.json"} {
		r, err := LoadReport(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		merged.Merge(r)
	}
	if merged.Machine != "- small" || len(merged.Scaling) != 2 {
		t.Fatalf("merged: machine %q, %d scaling results; want the first's machine and both results", merged.Machine, len(merged.Scaling))
	}
	got := merged.Scaling[1]
	if !reflect.DeepEqual(got.Scenario, large.Scaling[0].Scenario) || got.Step(StepCreate).Run != large.Scaling[0].Step(StepCreate).Run ||
		got.Step(StepCreate).Requests["PUT /users/sync"] != 500 {
		t.Errorf("loaded result %+v differs from the saved %+v", got, large.Scaling[0])
	}
	if err := got.Step(StepDestroy).Err; err == nil || err.Error() != "terraform destroy failed" {
		t.Errorf("loaded destroy error = %v, want the saved one", err)
	}
	if got.Step(StepPlan).Err != nil {
		t.Errorf("a step that succeeded loaded with error %v", got.Step(StepPlan).Err)
	}
}

// TestRSSTargetIsReportedWithoutItsSize: a run without N=5000 still lists
// the memory target, as not met for want of data.
func TestRSSTargetIsReportedWithoutItsSize(t *testing.T) {
	report := Report{Scaling: []Result{result(KindAPIUsers, 1000, true, [3]float64{3, 2, 4}, 100)}}
	for _, target := range report.Targets() {
		if target.What == "N=5000 provider peak RSS at most 60 MB" {
			if target.Met || !strings.HasPrefix(target.Detail, "no data") {
				t.Errorf("target without data: met %v, %q", target.Met, target.Detail)
			}
			return
		}
	}
	t.Error("no N=5000 peak RSS target in a report without N=5000")
}

// TestPlanOnlyRunMeetsTheRSSTarget: a plan of the creates at N=5000 is
// reported as its own row and is what the memory target reads.
func TestPlanOnlyRunMeetsTheRSSTarget(t *testing.T) {
	res := Result{Scenario: Scenario{Kind: KindAPIUsers, N: 5000, Batching: true, PlanOnly: true},
		Steps: []StepResult{{Step: StepPlanCreates, Run: StepRun{Seconds: 90, TotalCPUSeconds: 80, PeakRSSKiB: 42 * 1024}}}}
	report := Report{Scaling: []Result{res}}
	var buf bytes.Buffer
	report.Write(&buf)
	if !strings.Contains(buf.String(), "| 5000 | 5000 | plan of the creates | 90.0 |") {
		t.Errorf("no plan-of-the-creates row:\n%s", buf.String())
	}
	var rss []Target
	for _, target := range report.Targets() {
		if strings.Contains(target.What, "peak RSS") {
			rss = append(rss, target)
		}
	}
	if len(rss) != 1 || !rss[0].Met || rss[0].Detail != "42 MB" {
		t.Errorf("peak RSS targets = %+v, want one, met, 42 MB", rss)
	}
}
