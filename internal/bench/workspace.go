package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gnuTime is where GNU time is expected; without it peak RSS is not measured.
const gnuTime = "/usr/bin/time"

// Providers names a provider the benchmark runs, as dev_overrides and the
// configuration's required_providers know it.
type Provider struct {
	Local  string // local name and binary suffix: "apiusers", "floor"
	Source string // "apiusers/apiusers"
	Binary string // the real binary
	Args   []string
}

// Workspace is the harness's scratch directory: a dev_overrides directory of
// provider wrappers, the CLI configuration pointing at it, and one working
// directory per scenario.
type Workspace struct {
	Dir       string
	cliConfig string
	// measuresRSS is false when GNU time is missing: the wrappers then exec
	// the provider directly.
	measuresRSS bool
}

// NewWorkspace writes the CLI configuration and, for each provider, a
// wrapper script named like the provider binary that runs the real binary
// under GNU time, appending the peak RSS (KiB) of each provider process to
// $BENCH_RSS_FILE. time leaves stdin and stdout to the child, which go-plugin
// needs for its handshake; terraform's graceful shutdown lets the provider
// exit by itself, so time writes its line.
func NewWorkspace(dir string, providers []Provider) (*Workspace, error) {
	w := &Workspace{Dir: dir, cliConfig: filepath.Join(dir, "terraform.rc")}
	if _, err := os.Stat(gnuTime); err == nil {
		w.measuresRSS = true
	}
	plugins := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		return nil, err
	}
	var overrides strings.Builder
	for _, p := range providers {
		real, err := filepath.Abs(p.Binary)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(real); err != nil {
			return nil, fmt.Errorf("provider binary: %w (run make build)", err)
		}
		command := fmt.Sprintf("%q", real)
		for _, a := range p.Args {
			command += fmt.Sprintf(" %q", a)
		}
		run := fmt.Sprintf("exec %s \"$@\"\n", command)
		if w.measuresRSS {
			run = fmt.Sprintf("exec %s -f '%%M %%U %%S' -a -o \"$BENCH_RSS_FILE\" %s \"$@\"\n", gnuTime, command)
		}
		wrapper := filepath.Join(plugins, "terraform-provider-"+p.Local)
		if err := os.WriteFile(wrapper, []byte("#!/bin/sh\n"+run), 0o755); err != nil {
			return nil, err
		}
		fmt.Fprintf(&overrides, "    %q = %q\n", p.Source, plugins)
	}
	// No direct {} block: with only dev_overrides and built-in providers,
	// nothing can be downloaded, which is what a benchmark must guarantee.
	rc := "provider_installation {\n  dev_overrides {\n" + overrides.String() + "  }\n}\n"
	if err := os.WriteFile(w.cliConfig, []byte(rc), 0o644); err != nil {
		return nil, err
	}
	return w, nil
}

// StepRun is what one terraform command cost.
type StepRun struct {
	Seconds float64
	// PeakRSSKiB is the largest peak RSS of the provider processes the
	// command started; 0 when not measured.
	PeakRSSKiB int
	// ProviderCPUSeconds is the user+system CPU time of those processes: a
	// machine shared with other jobs stretches wall time, far less CPU time.
	ProviderCPUSeconds float64
	// TotalCPUSeconds is the user+system CPU time of the whole command:
	// terraform and every provider process it started and reaped.
	TotalCPUSeconds float64
}

// Terraform runs one terraform command in workdir and measures it. The
// command's output goes to logFile, which the error names on failure.
func (w *Workspace) Terraform(ctx context.Context, workdir, logFile string, env []string, args ...string) (StepRun, error) {
	rssFile := logFile + ".rss"
	_ = os.Remove(rssFile)
	out, err := os.Create(logFile)
	if err != nil {
		return StepRun{}, err
	}
	defer out.Close()
	cmd := exec.CommandContext(ctx, "terraform", append([]string{"-chdir=" + workdir}, args...)...)
	cmd.Env = append(os.Environ(), append(env,
		"TF_CLI_CONFIG_FILE="+w.cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"BENCH_RSS_FILE="+rssFile,
	)...)
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	runErr := cmd.Run()
	run := StepRun{Seconds: time.Since(start).Seconds(), TotalCPUSeconds: treeCPUSeconds(cmd)}
	if w.measuresRSS {
		run.PeakRSSKiB, run.ProviderCPUSeconds = providerUsage(rssFile)
	}
	if runErr != nil {
		return run, fmt.Errorf("terraform %s failed (%w); output in %s", strings.Join(args, " "), runErr, logFile)
	}
	return run, nil
}

// treeCPUSeconds is the user+system time of a finished command and of the
// descendants it waited for: what wait4 reports for the child (the kernel
// adds a reaped child's time to its parent's). terraform reaps its provider
// processes (go-plugin waits for them), and GNU time reaps the provider it
// wraps.
func treeCPUSeconds(cmd *exec.Cmd) float64 {
	if cmd.ProcessState == nil {
		return 0
	}
	return (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
}

// providerUsage reads the lines GNU time appended, "maxrss user sys" per
// provider process, and returns the largest RSS and the summed CPU time.
// Lines that do not parse (time's "Command exited with non-zero status"
// note) are skipped.
func providerUsage(path string) (peakKiB int, cpuSeconds float64) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0
	}
	for line := range bytes.Lines(data) {
		var rss int
		var user, sys float64
		if n, _ := fmt.Sscanf(string(line), "%d %g %g", &rss, &user, &sys); n == 3 {
			peakKiB = max(peakKiB, rss)
			cpuSeconds += user + sys
		}
	}
	return peakKiB, cpuSeconds
}
