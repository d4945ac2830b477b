package bench

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// The targets, read from the tables.
const (
	targetPlanRatio      = 1.2
	targetWriteRatio     = 1.3
	targetSyncsPerUser   = 0.12
	targetLimitedSpeedup = 5.0
	targetPeakRSSMB      = 60.0
	targetPeakRSSAtN     = 5000
	// Total CPU (terraform + provider) against the vanilla floor, at N.
	targetVanillaCPURatio = 0.8
	targetVanillaCPUAtN   = 1000
	// Create with the latency runs' mock flags against without.
	targetLatencyRatio = 1.15
)

// Target is one checked target.
type Target struct {
	What   string
	Met    bool
	Detail string
}

// Targets evaluates every target the report has data for.
func (r Report) Targets() []Target {
	var out []Target
	for _, res := range r.Scaling {
		sc := res.Scenario
		if sc.Kind != KindAPIUsers {
			continue
		}
		if sc.PlanOnly {
			if sc.N == targetPeakRSSAtN {
				out = append(out, rssTarget(&res))
			}
			continue
		}
		floor := find(r.Scaling, KindFloor, sc.N, sc.Links, true)
		name := fmt.Sprintf("N=%d", sc.N)
		if sc.Links {
			name += " with links"
		}
		for _, step := range stepOrder {
			limit := targetWriteRatio
			if step == StepPlan {
				limit = targetPlanRatio
			}
			x, ok := Ratio(&res, floor, step)
			out = append(out, Target{
				What:   fmt.Sprintf("%s %s within %.1fx of the floor", name, step, limit),
				Met:    ok && x <= limit,
				Detail: ratioDetail(x, ok),
			})
		}
		if sc.N == targetVanillaCPUAtN && !sc.Links {
			vanilla := find(r.Scaling, KindVanilla, sc.N, sc.Links, true)
			for _, step := range stepOrder {
				x, ok := ratioOf(&res, vanilla, step, totalCPU)
				out = append(out, Target{
					What:   fmt.Sprintf("%s %s total CPU at most %.1fx the vanilla floor's", name, step, targetVanillaCPURatio),
					Met:    ok && x <= targetVanillaCPURatio,
					Detail: ratioDetail(x, ok),
				})
			}
		}
		if s := res.Step(StepCreate); s != nil && s.Err == nil {
			spu := SyncsPerUser(s, sc.N)
			out = append(out, Target{
				What:   fmt.Sprintf("%s at most %.2f syncs per created user", name, targetSyncsPerUser),
				Met:    spu <= targetSyncsPerUser,
				Detail: fmt.Sprintf("%.3f", spu),
			})
		}
		if sc.N == targetPeakRSSAtN && !sc.Links {
			out = append(out, rssTarget(&res))
		}
	}
	if !slices.ContainsFunc(r.Scaling, func(res Result) bool {
		return res.Scenario.Kind == KindAPIUsers && res.Scenario.N == targetPeakRSSAtN && !res.Scenario.Links
	}) {
		out = append(out, rssTarget(nil))
	}
	keys, ratios := r.latencyRatios()
	for _, k := range keys {
		x, ok := median(ratios[k])
		out = append(out, Target{
			What:   fmt.Sprintf("N=%d create with `%s` within %.2fx of without", k.n, k.flags, targetLatencyRatio),
			Met:    ok && x <= targetLatencyRatio,
			Detail: latencyDetail(x, ok, ratios[k]),
		})
	}
	for _, res := range r.Limited {
		if !res.Scenario.Batching {
			continue
		}
		off := find(r.Limited, KindAPIUsers, res.Scenario.N, res.Scenario.Links, false)
		var on, offTotal float64
		complete := off != nil
		for _, step := range stepOrder {
			a, b := res.Step(step), (*StepResult)(nil)
			if off != nil {
				b = off.Step(step)
			}
			if a == nil || b == nil || a.Err != nil || b.Err != nil {
				complete = false
				continue
			}
			on += a.Run.Seconds
			offTotal += b.Run.Seconds
		}
		x := 0.0
		if on > 0 {
			x = offTotal / on
		}
		out = append(out, Target{
			What:   fmt.Sprintf("rate-limited N=%d: batching at least %.0fx faster (create+plan+destroy)", res.Scenario.N, targetLimitedSpeedup),
			Met:    complete && x >= targetLimitedSpeedup,
			Detail: ratioDetail(x, complete),
		})
	}
	if len(r.Limited) > 0 {
		handled := true
		total := 0.0
		for _, res := range r.Limited {
			for _, s := range res.Steps {
				total += s.Answered429
				handled = handled && s.Err == nil
			}
		}
		out = append(out, Target{
			What:   "rate-limited: no 429 left unhandled (every command succeeded)",
			Met:    handled,
			Detail: fmt.Sprintf("%g answers 429 retried", total),
		})
	}
	return out
}

// rssTarget is the peak RSS target over res's steps; res is nil when the
// size did not run, which a report must show rather than leave the target out.
func rssTarget(res *Result) Target {
	t := Target{What: fmt.Sprintf("N=%d provider peak RSS at most %.0f MB", targetPeakRSSAtN, targetPeakRSSMB)}
	peak := 0
	if res != nil {
		for _, s := range res.Steps {
			peak = max(peak, s.Run.PeakRSSKiB)
		}
	}
	if peak == 0 {
		t.Detail = "no data (not run or not measured)"
		return t
	}
	mb := float64(peak) / 1024
	t.Met, t.Detail = mb <= targetPeakRSSMB, fmt.Sprintf("%.0f MB", mb)
	return t
}

// median is the middle of xs (the mean of the two middle ones of an even
// count); ok is false for none.
func median(xs []float64) (m float64, ok bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}

// latencyDetail is the median of the rounds' ratios, with each of them.
func latencyDetail(x float64, ok bool, rounds []float64) string {
	if !ok || len(rounds) == 1 {
		return ratioDetail(x, ok)
	}
	each := make([]string, len(rounds))
	for i, r := range rounds {
		each[i] = fmt.Sprintf("%.2fx", r)
	}
	return fmt.Sprintf("%.2fx, the median of %d rounds (%s)", x, len(rounds), strings.Join(each, ", "))
}

func ratioDetail(x float64, ok bool) string {
	if !ok {
		return "no data (a step failed or did not run)"
	}
	return fmt.Sprintf("%.2fx", x)
}

func (r Report) writeTargets(w io.Writer) {
	fmt.Fprintf(w, "## Targets\n\n| target | met | measured |\n|---|---|---|\n")
	for _, t := range r.Targets() {
		met := "no"
		if t.Met {
			met = "yes"
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", t.What, met, t.Detail)
	}
	fmt.Fprintln(w)
}
