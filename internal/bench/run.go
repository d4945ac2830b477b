package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Step names, in the order a scenario runs them.
const (
	StepCreate  = "create"
	StepPlan    = "no-op plan"
	StepDestroy = "destroy"
	// StepPlanCreates is the plan of a scenario's creates from an empty
	// state, the only step of a PlanOnly scenario.
	StepPlanCreates = "plan of the creates"
)

// Scenario is one configuration taken through create, no-op plan and destroy.
type Scenario struct {
	Name     string // unique; names the working directory
	Kind     Kind
	N        int  // users
	Links    bool // one role assignment and one project privilege per user
	Batching bool
	// MockFlags are extra apiusers-mock flags (faults).
	MockFlags []string
	// Steps is how many of create, no-op plan and destroy run (0: all): a
	// scenario that only measures the create, or one too large to destroy
	// in the time there is, leaves its working directory and mock behind.
	Steps int
	// PlanOnly runs only a plan of the N creates, from an empty state: the
	// provider handles every resource (validation, plan) without Terraform
	// core's per-resource state writes, which make a create of thousands
	// take hours on a loaded machine.
	PlanOnly bool
	// Round numbers the repetitions of a measurement made more than once
	// (the latency pair: one wall time varies by a fifth between runs on an
	// idle machine); 0 for one made once.
	Round int
}

// Resources is how many resources the scenario manages.
func (s Scenario) Resources() int {
	if s.Links {
		return 3 * s.N
	}
	return s.N
}

// StepResult is one step's measurements. Requests is by route ("GET /users")
// and empty for kinds without a mock.
type StepResult struct {
	Step        string
	Run         StepRun
	Requests    map[string]float64
	Answered429 float64
	Err         error
}

// Result is a scenario's steps; a failed step ends the scenario.
type Result struct {
	Scenario Scenario
	Steps    []StepResult
}

// Step returns the result of the named step, or nil if it did not run.
func (r Result) Step(name string) *StepResult {
	for i := range r.Steps {
		if r.Steps[i].Step == name {
			return &r.Steps[i]
		}
	}
	return nil
}

// Binaries are the programs the harness runs.
type Binaries struct {
	Mock     string
	APIUsers string
	Floor    string // also the vanilla floor, with -vanilla
}

// Providers are the dev_overrides entries for bins.
func (b Binaries) Providers() []Provider {
	return []Provider{
		{Local: "apiusers", Source: "apiusers/apiusers", Binary: b.APIUsers},
		{Local: "floor", Source: "bench/floor", Binary: b.Floor},
		{Local: "vanilla", Source: "bench/vanilla", Binary: b.Floor, Args: []string{"-vanilla"}},
	}
}

// Run takes sc through its steps in a fresh working directory, with a fresh
// mock for apiusers scenarios. After each step it calls progress, if not
// nil, with the steps so far: a large scenario takes long enough that a
// report should not wait for its end.
func Run(ctx context.Context, ws *Workspace, bins Binaries, sc Scenario, progress func(Result)) Result {
	res := Result{Scenario: sc}
	fail := func(step string, err error) Result {
		res.Steps = append(res.Steps, StepResult{Step: step, Err: err})
		if progress != nil {
			progress(res)
		}
		return res
	}
	dir := filepath.Join(ws.Dir, sc.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(StepCreate, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(Config(sc.Kind, sc.N, sc.Links, sc.Batching)), 0o644); err != nil {
		return fail(StepCreate, err)
	}
	var mock *Mock
	var env []string
	if sc.Kind == KindAPIUsers {
		var err error
		if mock, err = StartMock(ctx, bins.Mock, sc.MockFlags...); err != nil {
			return fail(StepCreate, err)
		}
		defer mock.Close()
		env = []string{"APIUSERS_ENDPOINT=" + mock.URL, "APIUSERS_USERNAME=" + mock.Username, "APIUSERS_PASSWORD=" + mock.Password}
	}
	steps := []struct {
		name string
		args []string
	}{
		{StepCreate, []string{"apply", "-auto-approve", "-input=false"}},
		// -detailed-exitcode: exit 2 (changes present) fails the step, so a
		// plan that is not a no-op is reported, not timed as one.
		{StepPlan, []string{"plan", "-detailed-exitcode", "-input=false"}},
		{StepDestroy, []string{"destroy", "-auto-approve", "-input=false"}},
	}
	if sc.Steps > 0 && sc.Steps < len(steps) {
		steps = steps[:sc.Steps]
	}
	if sc.PlanOnly {
		steps = steps[:1]
		steps[0].name, steps[0].args = StepPlanCreates, []string{"plan", "-input=false"}
	}
	for i, st := range steps {
		var before RequestCounts
		if mock != nil {
			var err error
			if before, err = mock.Requests(ctx); err != nil && !errors.Is(err, errNoMetric) {
				return fail(st.name, err)
			}
		}
		logFile := filepath.Join(dir, fmt.Sprintf("%d-%s.log", i+1, st.args[0]))
		run, err := ws.Terraform(ctx, dir, logFile, env, st.args...)
		sr := StepResult{Step: st.name, Run: run, Err: err}
		if mock != nil {
			after, scrapeErr := mock.Requests(ctx)
			if scrapeErr != nil && sr.Err == nil {
				sr.Err = scrapeErr
			}
			delta := after.Since(before)
			sr.Requests = delta.ByRoute()
			sr.Answered429 = delta.Code("429")
		}
		res.Steps = append(res.Steps, sr)
		if progress != nil {
			progress(res)
		}
		if sr.Err != nil {
			return res
		}
	}
	return res
}
