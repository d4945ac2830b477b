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
}

var stepOrder = []string{StepCreate, StepPlan, StepDestroy}

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

// seconds formats a step's wall time, or why there is none.
func seconds(r *Result, step string) string {
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
	return fmt.Sprintf("%.1f", s.Run.Seconds)
}

// Ratio is a step's wall time over the floor's; ok is false when either is
// missing or failed.
func Ratio(r, floor *Result, step string) (ratio float64, ok bool) {
	if r == nil || floor == nil {
		return 0, false
	}
	a, b := r.Step(step), floor.Step(step)
	if a == nil || b == nil || a.Err != nil || b.Err != nil || b.Run.Seconds == 0 {
		return 0, false
	}
	return a.Run.Seconds / b.Run.Seconds, true
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
	r.writeLimited(w)
	r.writeTargets(w)
}

func (r Report) writeScaling(w io.Writer) {
	fmt.Fprintf(w, "## Scaling: create, no-op plan and destroy of N API users\n\n")
	fmt.Fprintf(w, "Wall seconds per terraform command (default -parallelism 10, mock without faults). "+
		"Ratio = apiusers / floor. Requests are per resource, from the mock's `apiusers_mock_requests_total` (total in brackets). "+
		"RSS is the peak of the provider process(es) of that command; CPU is their user+system seconds, which a busy machine distorts less than wall time.\n\n")
	fmt.Fprintln(w, "| N | resources | step | apiusers s | floor s | ratio | terraform_data s | apiusers requests per resource | syncs per user | apiusers provider CPU s | floor provider CPU s | apiusers peak RSS MB | floor peak RSS MB |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, res := range r.Scaling {
		sc := res.Scenario
		if sc.Kind != KindAPIUsers {
			continue
		}
		floor, data := find(r.Scaling, KindFloor, sc.N, sc.Links, true), find(r.Scaling, KindTerraformData, sc.N, false, true)
		label := fmt.Sprintf("%d", sc.Resources())
		if sc.Links {
			label += " (users + role assignments + privileges)"
			data = nil // terraform_data has no like-for-like links
		}
		for _, step := range stepOrder {
			s := res.Step(step)
			ratio := "–"
			if x, ok := Ratio(&res, floor, step); ok {
				ratio = fmt.Sprintf("%.2fx", x)
			}
			var floorStep *StepResult
			if floor != nil {
				floorStep = floor.Step(step)
			}
			fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				sc.N, label, step, seconds(&res, step), seconds(floor, step), ratio, seconds(data, step),
				perResource(s, sc.Resources()), trimFloat(SyncsPerUser(s, sc.N)),
				cpuSeconds(s), cpuSeconds(floorStep), rssMB(s), rssMB(floorStep))
		}
	}
	fmt.Fprintln(w)
}

func (r Report) writeLimited(w io.Writer) {
	if len(r.Limited) == 0 {
		return
	}
	fmt.Fprintf(w, "## Rate-limited: mock started with `%s`\n\n", r.LimitedFlags)
	fmt.Fprintln(w, "| N | batching | step | wall s | speed-up of batching | requests per resource | answered 429 | result |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
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
