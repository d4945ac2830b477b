package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestProviderUsageTakesPeakRSSAndSumsCPU(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usage")
	// Two provider processes, and the note GNU time writes for a non-zero exit.
	lines := "30000 0.50 0.10\nCommand exited with non-zero status 1\n45000 1.25 0.15\n"
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	peak, cpu := providerUsage(path)
	if peak != 45000 || cpu < 1.999 || cpu > 2.001 {
		t.Errorf("providerUsage = %d KiB, %.3f s; want 45000 KiB, 2.000 s", peak, cpu)
	}
	if peak, cpu := providerUsage(filepath.Join(t.TempDir(), "missing")); peak != 0 || cpu != 0 {
		t.Errorf("missing file: %d, %v; want zeros", peak, cpu)
	}
}

// TestTreeCPUSecondsCountsReapedDescendants: a command's total CPU includes
// what its children spent, as terraform's includes its providers'.
func TestTreeCPUSecondsCountsReapedDescendants(t *testing.T) {
	// The outer shell only waits; the inner one spins for about 0.3 s of CPU.
	cmd := exec.CommandContext(t.Context(), "sh", "-c", `sh -c 'end=$(( $(date +%s%N) + 300000000 )); while [ $(date +%s%N) -lt $end ]; do :; done'`)
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	// date forks spend some of it in yet other children; all are reaped.
	if cpu := treeCPUSeconds(cmd); cpu < 0.05 {
		t.Errorf("treeCPUSeconds = %.3f s, want the grandchild's CPU time (at least 0.05 s)", cpu)
	}
	if cpu := treeCPUSeconds(exec.Command("true")); cpu != 0 {
		t.Errorf("a command that did not run: %.3f s, want 0", cpu)
	}
}

// TestWrapperPassesProviderArgs: the vanilla floor is the floor binary with
// -vanilla, and its wrapper is named after the provider type Terraform looks
// for (bench/vanilla -> terraform-provider-vanilla).
func TestWrapperPassesProviderArgs(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "floor")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	ws, err := NewWorkspace(dir, Binaries{Mock: bin, APIUsers: bin, Floor: bin}.Providers())
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(filepath.Join(ws.Dir, "plugins", "terraform-provider-vanilla"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(script), fmt.Sprintf("%q %q \"$@\"", bin, "-vanilla")) {
		t.Errorf("vanilla wrapper does not run the floor with -vanilla:\n%s", script)
	}
	rc, err := os.ReadFile(ws.cliConfig)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rc), `"bench/vanilla"`) {
		t.Errorf("CLI configuration has no dev_override for bench/vanilla:\n%s", rc)
	}
}

// TestVanillaConfigUsesTheFloorTypes: the vanilla floor's configuration is
// the floor's, with the vanilla provider behind the local name floor.
func TestVanillaConfigUsesTheFloorTypes(t *testing.T) {
	floor, vanilla := Config(KindFloor, 3, true, true), Config(KindVanilla, 3, true, true)
	if want := strings.Replace(floor, `"bench/floor"`, `"bench/vanilla"`, 1); vanilla != want {
		t.Errorf("vanilla config:\n%s\nwant the floor's with source bench/vanilla:\n%s", vanilla, want)
	}
}
