package provider

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestRunMarkers: the processes of one run (one marker id) give a warning
// once between them; another run gives it again, and so does a run whose id
// an old marker of an earlier run happens to carry.
func TestRunMarkers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "markers")
	plan := runMarkers{dir: dir, run: "4242", maxAge: time.Hour}
	apply := plan // the apply walk: another process of the same run
	if !plan.first("written-not-read") {
		t.Fatal("the first process of a run must give the warning")
	}
	if apply.first("written-not-read") {
		t.Error("a later process of the same run gave the warning again")
	}
	if !apply.first("no-catalogue branch_ids") {
		t.Error("another warning is not the same warning")
	}
	if !(runMarkers{dir: dir, run: "4243", maxAge: time.Hour}).first("written-not-read") {
		t.Error("another run must give the warning")
	}

	old := time.Now().Add(-2 * time.Hour)
	matches, _ := filepath.Glob(filepath.Join(dir, "4242-"+hex.EncodeToString([]byte("written-not-read"))))
	if len(matches) != 1 {
		t.Fatalf("marker files %v", matches)
	}
	if err := os.Chtimes(matches[0], old, old); err != nil {
		t.Fatal(err)
	}
	if !plan.first("written-not-read") {
		t.Error("a marker older than any run stopped a new run's warning")
	}
	if plan.first("written-not-read") {
		t.Error("the renewed marker is not seen")
	}
	firstProcess, secondProcess := (runMarkers{}).first("x"), (runMarkers{}).first("x")
	if !firstProcess || !secondProcess {
		t.Error("without a marker directory every process keeps its own memory")
	}
}
