package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Report is a whole benchmark run: the scaling table (apiusers, floor and
// terraform_data per size) and the rate-limited table (batching on and off).
type Report struct {
	Machine string
	Scaling []Result
	Limited []Result
	// LimitedFlags describes the faults of the rate-limited runs.
	LimitedFlags string
	// Latency is the create of the same users against a mock without and
	// with LatencyFlags.
	Latency      []Result
	LatencyFlags string
}

var stepOrder = []string{StepCreate, StepPlan, StepDestroy}

// steps are the steps r's table rows show.
func (r Result) steps() []string {
	if r.Scenario.PlanOnly {
		return []string{StepPlanCreates}
	}
	return stepOrder
}

// find returns the result of the scenario with kind, n, links and batching.
func find(results []Result, kind Kind, n int, links, batching bool) *Result {
	for i := range results {
		sc := results[i].Scenario
		if sc.Kind == kind && sc.N == n && sc.Links == links && (kind != KindAPIUsers || sc.Batching == batching) {
			return &results[i]
		}
	}
	return nil
}

// Measures of a step that the tables compare.
var (
	wallSeconds = func(r StepRun) float64 { return r.Seconds }
	totalCPU    = func(r StepRun) float64 { return r.TotalCPUSeconds }
)

// seconds formats a step's wall time, or why there is none.
func seconds(r *Result, step string) string { return measured(r, step, wallSeconds) }

// measured formats measure of a step, or why there is none.
func measured(r *Result, step string, measure func(StepRun) float64) string {
	if r == nil {
		return "–"
	}
	s := r.Step(step)
	switch {
	case s == nil:
		return "not run"
	case s.Err != nil:
		return "FAILED"
	}
	return fmt.Sprintf("%.1f", measure(s.Run))
}

// Ratio is a step's wall time over the floor's; ok is false when either is
// missing or failed.
func Ratio(r, floor *Result, step string) (ratio float64, ok bool) {
	return ratioOf(r, floor, step, wallSeconds)
}

// ratioOf is measure of r's step over base's.
func ratioOf(r, base *Result, step string, measure func(StepRun) float64) (ratio float64, ok bool) {
	if r == nil || base == nil {
		return 0, false
	}
	a, b := r.Step(step), base.Step(step)
	if a == nil || b == nil || a.Err != nil || b.Err != nil || measure(b.Run) == 0 {
		return 0, false
	}
	return measure(a.Run) / measure(b.Run), true
}

// ratioCell formats a ratio for a table.
func ratioCell(x float64, ok bool) string {
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.2fx", x)
}

// perResource formats a step's requests divided by the resource count, busiest
// route first.
func perResource(s *StepResult, resources int) string {
	if s == nil || len(s.Requests) == 0 {
		return "none"
	}
	routes := slices.SortedFunc(maps.Keys(s.Requests), func(a, b string) int {
		if d := s.Requests[b] - s.Requests[a]; d != 0 {
			if d > 0 {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, 0, len(routes))
	for _, route := range routes {
		n := s.Requests[route]
		parts = append(parts, fmt.Sprintf("`%s` %s (%g)", route, trimFloat(n/float64(resources)), n))
	}
	return strings.Join(parts, "<br>")
}

// SyncsPerUser is PUT /users/sync per user in a step.
func SyncsPerUser(s *StepResult, users int) float64 {
	if s == nil {
		return 0
	}
	return s.Requests["PUT /users/sync"] / float64(users)
}

func trimFloat(f float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", f), "0"), ".")
}

func cpuSeconds(s *StepResult) string {
	if s == nil || s.Run.PeakRSSKiB == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", s.Run.ProviderCPUSeconds)
}

func rssMB(s *StepResult) string {
	if s == nil || s.Run.PeakRSSKiB == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(s.Run.PeakRSSKiB)/1024)
}

// Write renders the report as markdown.
func (r Report) Write(w io.Writer) {
	fmt.Fprintf(w, "## Machine\n\n%s\n\n", r.Machine)
	r.writeScaling(w)
	r.writeLatency(w)
	r.writeLimited(w)
	r.writeTargets(w)
}

func (r Report) writeScaling(w io.Writer) {
	fmt.Fprintf(w, "## Scaling: create, no-op plan and destroy of N API users\n\n")
	fmt.Fprintf(w, "Wall seconds per terraform command (default -parallelism 10, mock without faults); "+
		"ratio = apiusers / floor. Total CPU is the user+system seconds of the whole command, terraform and its provider processes "+
		"(not the mock), which a busy machine distorts far less than wall time; CPU ratio = apiusers / vanilla floor. "+
		"Requests are per resource, from the mock's `apiusers_mock_requests_total` (total in brackets). "+
		"RSS is the peak of the provider process(es) of that command.\n\n")
	tableHeader(w, "N", "resources", "step", "apiusers s", "floor s", "vanilla floor s", "ratio", "terraform_data s", "apiusers total CPU s", "floor total CPU s", "vanilla floor total CPU s", "CPU ratio to vanilla", "apiusers requests per resource", "syncs per user", "apiusers provider CPU s", "apiusers peak RSS MB", "floor peak RSS MB", "vanilla floor peak RSS MB")
	for _, res := range r.Scaling {
		sc := res.Scenario
		if sc.Kind != KindAPIUsers {
			continue
		}
		floor, vanilla := find(r.Scaling, KindFloor, sc.N, sc.Links, true), find(r.Scaling, KindVanilla, sc.N, sc.Links, true)
		data := find(r.Scaling, KindTerraformData, sc.N, false, true)
		label := fmt.Sprintf("%d", sc.Resources())
		if sc.Links {
			label += " (users + role assignments + privileges)"
			data = nil // terraform_data has no like-for-like links
		}
		for _, step := range res.steps() {
			s := res.Step(step)
			fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				sc.N, label, step,
				seconds(&res, step), seconds(floor, step), seconds(vanilla, step), ratioCell(Ratio(&res, floor, step)), seconds(data, step),
				measured(&res, step, totalCPU), measured(floor, step, totalCPU), measured(vanilla, step, totalCPU),
				ratioCell(ratioOf(&res, vanilla, step, totalCPU)),
				perResource(s, sc.Resources()), trimFloat(SyncsPerUser(s, sc.N)),
				cpuSeconds(s), rssMB(s), rssMB(stepOf(floor, step)), rssMB(stepOf(vanilla, step)))
		}
	}
	fmt.Fprintln(w)
}

// stepOf is r's step, or nil when r is.
func stepOf(r *Result, step string) *StepResult {
	if r == nil {
		return nil
	}
	return r.Step(step)
}

func (r Report) writeLatency(w io.Writer) {
	if len(r.Latency) == 0 {
		return
	}
	fmt.Fprintf(w, "## Latency: create against a mock without and with `%s`\n\n", r.LatencyFlags)
	fmt.Fprintf(w, "Each round creates the users against a mock without added latency, then against one with it; a ratio compares the two runs of its round, and the target reads the median of the rounds' ratios.\n\n")
	tableHeader(w, "N", "round", "mock flags", "create s", "ratio to no latency", "total CPU s", "requests per resource")
	for i := range r.Latency {
		res := &r.Latency[i]
		flags := strings.Join(res.Scenario.MockFlags, " ")
		if flags == "" {
			flags = "none"
		}
		fmt.Fprintf(w, "| %d | %d | `%s` | %s | %s | %s | %s |\n", res.Scenario.N, res.Scenario.Round, flags,
			seconds(res, StepCreate), ratioCell(Ratio(res, r.latencyBase(res.Scenario.Round), StepCreate)), measured(res, StepCreate, totalCPU),
			perResource(res.Step(StepCreate), res.Scenario.Resources()))
	}
	fmt.Fprintln(w)
}

// latencyBase is the latency run of round against a mock without faults.
func (r Report) latencyBase(round int) *Result {
	for i := range r.Latency {
		if res := &r.Latency[i]; len(res.Scenario.MockFlags) == 0 && res.Scenario.Round == round {
			return res
		}
	}
	return nil
}

// latencyRatios groups the ratios of the latency runs with faults to the
// run of their round without, by N and mock flags, in round order.
func (r Report) latencyRatios() (keys []latencyKey, ratios map[latencyKey][]float64) {
	ratios = map[latencyKey][]float64{}
	for i := range r.Latency {
		res := &r.Latency[i]
		if len(res.Scenario.MockFlags) == 0 {
			continue
		}
		k := latencyKey{n: res.Scenario.N, flags: strings.Join(res.Scenario.MockFlags, " ")}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
		if x, ok := Ratio(res, r.latencyBase(res.Scenario.Round), StepCreate); ok {
			ratios[k] = append(ratios[k], x)
		}
	}
	return keys, ratios
}

type latencyKey struct {
	n     int
	flags string
}

func (r Report) writeLimited(w io.Writer) {
	if len(r.Limited) == 0 {
		return
	}
	fmt.Fprintf(w, "## Rate-limited: mock started with `%s`\n\n", r.LimitedFlags)
	tableHeader(w, "N", "batching", "step", "wall s", "speed-up of batching", "requests per resource", "answered 429", "result")
	for _, res := range r.Limited {
		sc := res.Scenario
		other := find(r.Limited, KindAPIUsers, sc.N, sc.Links, !sc.Batching)
		for _, step := range stepOrder {
			s := res.Step(step)
			speedup, result, answered := "–", "not run", "–"
			if sc.Batching {
				if x, ok := Ratio(other, &res, step); ok {
					speedup = fmt.Sprintf("%.1fx", x)
				}
			}
			if s != nil {
				answered = fmt.Sprintf("%g", s.Answered429)
				result = "ok"
				if s.Err != nil {
					result = "FAILED: " + s.Err.Error()
				}
			}
			fmt.Fprintf(w, "| %d | %t | %s | %s | %s | %s | %s | %s |\n",
				sc.N, sc.Batching, step, seconds(&res, step), speedup, perResource(s, sc.Resources()), answered, result)
		}
	}
	fmt.Fprintln(w)
}

// tableHeader writes a markdown table's header row and separator.
func tableHeader(w io.Writer, columns ...string) {
	fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(columns, " | "), strings.Repeat("---|", len(columns)))
}
