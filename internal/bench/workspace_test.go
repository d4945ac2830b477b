package bench

import (
	"os"
	"path/filepath"
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
