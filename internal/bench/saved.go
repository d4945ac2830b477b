package bench

import (
	"encoding/json"
	"errors"
	"os"
)

// A Report saved as JSON, so that runs made apart (the largest size beside
// the others, on a machine without the hours to run them one after the
// other) render as one report. Step errors are kept as their text.

type savedStep struct {
	StepResult
	Err string `json:",omitempty"` // shadows StepResult.Err
}

type savedResult struct {
	Scenario Scenario
	Steps    []savedStep
}

type savedReport struct {
	Machine, LimitedFlags, LatencyFlags string
	Scaling, Limited, Latency           []savedResult
}

// Save writes r to path as JSON.
func (r Report) Save(path string) error {
	out := savedReport{Machine: r.Machine, LimitedFlags: r.LimitedFlags, LatencyFlags: r.LatencyFlags}
	save := func(results []Result) []savedResult {
		var saved []savedResult
		for _, res := range results {
			sr := savedResult{Scenario: res.Scenario}
			for _, s := range res.Steps {
				st := savedStep{StepResult: s}
				if s.Err != nil {
					st.Err = s.Err.Error()
				}
				sr.Steps = append(sr.Steps, st)
			}
			saved = append(saved, sr)
		}
		return saved
	}
	out.Scaling, out.Limited, out.Latency = save(r.Scaling), save(r.Limited), save(r.Latency)
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// LoadReport reads a report Save wrote.
func LoadReport(path string) (Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Report{}, err
	}
	var in savedReport
	if err := json.Unmarshal(data, &in); err != nil {
		return Report{}, err
	}
	load := func(saved []savedResult) []Result {
		var results []Result
		for _, sr := range saved {
			res := Result{Scenario: sr.Scenario}
			for _, st := range sr.Steps {
				s := st.StepResult
				if st.Err != "" {
					s.Err = errors.New(st.Err)
				}
				res.Steps = append(res.Steps, s)
			}
			results = append(results, res)
		}
		return results
	}
	return Report{
		Machine: in.Machine, LimitedFlags: in.LimitedFlags, LatencyFlags: in.LatencyFlags,
		Scaling: load(in.Scaling), Limited: load(in.Limited), Latency: load(in.Latency),
	}, nil
}

// Merge adds o's results to r; r's machine and flags stay unless empty.
func (r *Report) Merge(o Report) {
	r.Scaling = append(r.Scaling, o.Scaling...)
	r.Limited = append(r.Limited, o.Limited...)
	r.Latency = append(r.Latency, o.Latency...)
	for _, f := range []struct {
		into *string
		from string
	}{
		{&r.Machine, o.Machine}, {&r.LimitedFlags, o.LimitedFlags}, {&r.LatencyFlags, o.LatencyFlags},
	} {
		if *f.into == "" {
			*f.into = f.from
		}
	}
}
