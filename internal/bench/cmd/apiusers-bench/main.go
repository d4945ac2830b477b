// Command apiusers-bench is `make bench`: it runs the real terraform CLI
// against the standalone mock (bin/apiusers-mock) for each size, with the
// floor provider and terraform_data in the same run for comparison, then the
// rate-limited runs with batching on and off, and writes the tables as
// markdown. Providers come from a dev_overrides CLI configuration the
// harness writes itself; nothing is downloaded.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/apiusers/terraform-provider-apiusers/internal/bench"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "apiusers-bench:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		binDir        = flag.String("bin", "bin", "directory with terraform-provider-apiusers, terraform-provider-floor and apiusers-mock")
		sizes         = flag.String("sizes", "100 1000 5000", "numbers of API users, space-separated")
		floorsAt      = flag.String("floor-sizes", "", "sizes at which the floors and terraform_data run too (default every size)")
		kinds         = flag.String("kinds", "", "space-separated kinds the scaling runs keep (apiusers, floor, vanilla, terraform_data; default all): to run the floors in a process of their own")
		planOnly      = flag.String("plan-only-sizes", "", "sizes at which apiusers runs only a plan of the creates (peak RSS without the hours of Terraform's state writes)")
		withData      = flag.Bool("terraform-data", true, "run terraform_data beside the floors, for reference")
		lastN         = flag.Int("largest-steps", 0, "how many of create, no-op plan and destroy the largest size runs (0 = all): a destroy of 5000 users takes Terraform some 20 minutes")
		latencyN      = flag.Int("latency-n", 500, "size of the create run without and with -latency-flags (0 = none)")
		latencyRounds = flag.Int("latency-rounds", 5, "how many times the latency pair runs; its target is met by the median ratio (one create varies by a fifth between runs on a quiet machine)")
		latency       = flag.String("latency-flags", "-latency 50ms", "mock flags of the latency run")
		linksN        = flag.Int("links-n", 1000, "size at which a scenario with one role assignment and one project privilege per user also runs (0 = none)")
		limitedN      = flag.Int("limited-n", 1000, "size of the rate-limited runs (0 = none)")
		limited       = flag.String("limited-flags", "-latency 20ms -rate-limit 50", "mock flags of the rate-limited runs")
		out           = flag.String("out", "", "markdown file to write the tables to (default stdout)")
		workDir       = flag.String("work", "", "scratch directory (default a new temporary one, removed unless a step failed)")
		save          = flag.String("save", "", "JSON file to save the results to after every step, for -merge")
		merge         = flag.String("merge", "", "space-separated JSON files of runs saved with -save: write their one report to -out and run nothing")
		note          = flag.String("note", os.Getenv("BENCH_NOTE"), "a paragraph added under the title, e.g. why some sizes were left out (default $BENCH_NOTE)")
	)
	flag.Parse()
	if *merge != "" {
		return writeMerged(strings.Fields(*merge), *out, *note)
	}
	ns, err := parseSizes(*sizes)
	if err != nil {
		return err
	}
	floorNs := ns
	if *floorsAt != "" {
		if floorNs, err = parseSizes(*floorsAt); err != nil {
			return fmt.Errorf("-floor-sizes: %w", err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	dir := *workDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "apiusers-bench-"); err != nil {
			return err
		}
	}
	bins := bench.Binaries{
		Mock:     filepath.Join(*binDir, "apiusers-mock"),
		APIUsers: filepath.Join(*binDir, "terraform-provider-apiusers"),
		Floor:    filepath.Join(*binDir, "terraform-provider-floor"),
	}
	ws, err := bench.NewWorkspace(dir, bins.Providers())
	if err != nil {
		return err
	}

	report := bench.Report{Machine: bench.Machine(ctx), LimitedFlags: *limited, LatencyFlags: *latency}
	failed := false
	// The report is rewritten after every step, so that a run stopped part
	// way (too slow a machine, a session's end) still leaves the tables
	// measured so far. So the cheap scenarios run first: every size but the
	// largest, the rate-limited runs, the links, then the largest size,
	// which on a small machine takes longer than all the rest together.
	write := func() error {
		w := os.Stdout
		if *out != "" {
			f, err := os.Create(*out)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		writeHeader(w, ns, *note)
		report.Write(w)
		return nil
	}
	runAll := func(into *[]bench.Result, scenarios []bench.Scenario) error {
		for _, sc := range scenarios {
			fmt.Fprintf(os.Stderr, "apiusers-bench: %s ...\n", sc.Name)
			*into = append(*into, bench.Result{Scenario: sc})
			slot := len(*into) - 1
			var writeErr error
			res := bench.Run(ctx, ws, bins, sc, func(partial bench.Result) {
				s := partial.Steps[len(partial.Steps)-1]
				status := "ok"
				if s.Err != nil {
					status, failed = s.Err.Error(), true
				}
				fmt.Fprintf(os.Stderr, "  %-10s %7.1fs  %s\n", s.Step, s.Run.Seconds, status)
				(*into)[slot] = partial
				if *out != "" && writeErr == nil {
					writeErr = write()
				}
				if *save != "" && writeErr == nil {
					writeErr = report.Save(*save)
				}
			})
			(*into)[slot] = res
			if writeErr != nil {
				return writeErr
			}
		}
		return nil
	}
	if *planOnly != "" {
		pns, err := parseSizes(*planOnly)
		if err != nil {
			return fmt.Errorf("-plan-only-sizes: %w", err)
		}
		var scs []bench.Scenario
		for _, n := range pns {
			scs = append(scs, bench.Scenario{Name: fmt.Sprintf("apiusers-plan-%d", n), Kind: bench.KindAPIUsers, N: n, Batching: true, PlanOnly: true})
		}
		if err := runAll(&report.Scaling, scs); err != nil {
			return err
		}
	}
	largest := slices.Max(ns)
	scaling := func(n int) []bench.Scenario {
		steps := 0
		if n == largest {
			steps = *lastN
		}
		scs := []bench.Scenario{{Name: fmt.Sprintf("apiusers-%d", n), Kind: bench.KindAPIUsers, N: n, Batching: true, Steps: steps}}
		if slices.Contains(floorNs, n) {
			scs = append(scs,
				bench.Scenario{Name: fmt.Sprintf("floor-%d", n), Kind: bench.KindFloor, N: n, Steps: steps},
				bench.Scenario{Name: fmt.Sprintf("vanilla-%d", n), Kind: bench.KindVanilla, N: n, Steps: steps})
			if *withData {
				scs = append(scs, bench.Scenario{Name: fmt.Sprintf("terraform_data-%d", n), Kind: bench.KindTerraformData, N: n, Steps: steps})
			}
		}
		if *kinds != "" {
			scs = slices.DeleteFunc(scs, func(sc bench.Scenario) bool {
				return !slices.Contains(strings.Fields(*kinds), strings.Fields(string(sc.Kind))[0])
			})
		}
		return scs
	}
	for _, n := range ns {
		if n != largest {
			if err := runAll(&report.Scaling, scaling(n)); err != nil {
				return err
			}
		}
	}
	for round := 1; *latencyN > 0 && round <= *latencyRounds; round++ {
		if err := runAll(&report.Latency, []bench.Scenario{
			{Name: fmt.Sprintf("latency-none-%d-round-%d", *latencyN, round), Kind: bench.KindAPIUsers, N: *latencyN, Batching: true, Steps: 1, Round: round},
			{Name: fmt.Sprintf("latency-%d-round-%d", *latencyN, round), Kind: bench.KindAPIUsers, N: *latencyN, Batching: true, Steps: 1, MockFlags: strings.Fields(*latency), Round: round},
		}); err != nil {
			return err
		}
	}
	if *limitedN > 0 {
		flags := strings.Fields(*limited)
		if err := runAll(&report.Limited, []bench.Scenario{
			{Name: fmt.Sprintf("limited-batching-%d", *limitedN), Kind: bench.KindAPIUsers, N: *limitedN, Batching: true, MockFlags: flags},
			{Name: fmt.Sprintf("limited-no-batching-%d", *limitedN), Kind: bench.KindAPIUsers, N: *limitedN, Batching: false, MockFlags: flags},
		}); err != nil {
			return err
		}
	}
	if *linksN > 0 {
		if err := runAll(&report.Scaling, []bench.Scenario{
			{Name: fmt.Sprintf("apiusers-links-%d", *linksN), Kind: bench.KindAPIUsers, N: *linksN, Links: true, Batching: true},
			{Name: fmt.Sprintf("floor-links-%d", *linksN), Kind: bench.KindFloor, N: *linksN, Links: true},
			{Name: fmt.Sprintf("vanilla-links-%d", *linksN), Kind: bench.KindVanilla, N: *linksN, Links: true},
		}); err != nil {
			return err
		}
	}
	if err := runAll(&report.Scaling, scaling(largest)); err != nil {
		return err
	}
	if *out == "" {
		if err := write(); err != nil {
			return err
		}
	}
	if failed {
		return fmt.Errorf("some steps failed; their terraform output is kept in %s", dir)
	}
	if *workDir == "" {
		return os.RemoveAll(dir)
	}
	return nil
}

// writeMerged writes the one report of the runs saved in files.
func writeMerged(files []string, out, note string) error {
	var report bench.Report
	for _, f := range files {
		r, err := bench.LoadReport(f)
		if err != nil {
			return err
		}
		report.Merge(r)
	}
	var sizes []int
	for _, res := range report.Scaling {
		if res.Scenario.Kind == bench.KindAPIUsers && !slices.Contains(sizes, res.Scenario.N) {
			sizes = append(sizes, res.Scenario.N)
		}
	}
	slices.Sort(sizes)
	w := os.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	writeHeader(w, sizes, note)
	report.Write(w)
	return nil
}

// writeHeader explains the tables for whoever reads BENCHMARKS.md.
func writeHeader(w *os.File, sizes []int, note string) {
	fmt.Fprint(w, `# Benchmarks

Written by `+"`make bench`"+` (internal/bench/cmd/apiusers-bench): the real terraform CLI against the
standalone mock (bin/apiusers-mock -listen 127.0.0.1:0 -max-active-api-users 0), providers from a
dev_overrides CLI configuration the harness writes (nothing is downloaded). For each N it creates
(terraform apply), re-plans (terraform plan -detailed-exitcode, which must find no changes) and
destroys N API users; the links scenario adds one role assignment and one project privilege per
user. The floor is terraform-provider-floor (internal/bench/floorprovider), built with the same
framework, whose floor_api_user, floor_role_assignment and floor_project_privilege have the
schemas of the apiusers resources and make no call, served the way apiusers is (the SDK's TRACE
logs off when Terraform would drop them, RPC contexts confined by internal/rpcserver); the
vanilla floor is the same binary served with the framework's defaults (providerserver.Serve, the
SDK's TRACE logs on), what any framework provider of this shape costs; terraform_data with the
same values is shown for reference. The latency table creates the same users against a mock
without and with added latency. Scenarios run cheapest first and the tables are rewritten after every step, so a
run stopped part way keeps what it measured ("not run" marks the rest). Peak RSS comes from GNU time wrapping
each provider process. Each step runs once (the latency pair once per round): on a shared machine one wall time can vary by half
between runs, so small ratios at small N say little; the request counts are exact.

`)
	fmt.Fprintf(w, "Sizes in this run: %v.\n\n", sizes)
	if note != "" {
		fmt.Fprintf(w, "%s\n\n", note)
	}
}

func parseSizes(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Fields(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-sizes: %q is not a positive number", f)
		}
		ns = append(ns, n)
	}
	if len(ns) == 0 {
		return nil, fmt.Errorf("-sizes is empty")
	}
	return ns, nil
}
