package faults_test

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// matrixRow is one scenario's line in the fault matrix printed after the
// suite: what was injected, what the provider sent, and how it ended.
type matrixRow struct {
	scenario string
	result   string
	faults   map[string]int // mock FaultCounts by kind
	routes   map[string]int // requests by "METHOD route"
	retries  int            // retries the client logged
	applies  int            // terraform apply runs until convergence
	// converged is what checkConvergence found at the end; nil when the
	// scenario did not get that far.
	converged *convergence
}

var matrix struct {
	mu   sync.Mutex
	rows []matrixRow
}

// recordScenario adds the scenario's row when the test ends, so a failed
// scenario appears as FAIL with whatever counts it had reached.
func recordScenario(t *testing.T, host *mockHost, w *workspace) {
	t.Cleanup(func() {
		row := matrixRow{
			scenario: t.Name(), result: "PASS",
			faults: host.faultCounts(), routes: host.rec.byRoute(),
			retries: w.loggedRetries(), applies: w.applies, converged: w.converged,
		}
		if t.Failed() {
			row.result = "FAIL"
		}
		matrix.mu.Lock()
		matrix.rows = append(matrix.rows, row)
		matrix.mu.Unlock()
	})
}

// loggedRetries counts the client's retry decisions in the provider log
// (see startScenario): the transport's "retrying" lines
// (internal/client/transport.go) and the sync's read-backs after an
// ambiguous failure (internal/client/sync.go).
func (w *workspace) loggedRetries() int {
	data, err := os.ReadFile(w.LogPath())
	if err != nil {
		return 0
	}
	log := string(data)
	return strings.Count(log, "request failed; retrying") + strings.Count(log, "retrying after the server's answer") +
		strings.Count(log, "sync failed ambiguously; reading the users back")
}

// printFaultMatrix writes the table; go test shows it after the results.
func printFaultMatrix(out io.Writer) {
	matrix.mu.Lock()
	defer matrix.mu.Unlock()
	if len(matrix.rows) == 0 {
		return
	}
	slices.SortFunc(matrix.rows, func(a, b matrixRow) int { return strings.Compare(a.scenario, b.scenario) })
	fmt.Fprintln(out, "\nFAULT MATRIX (faults injected by the mock; requests the mock answered, by route; retries the client logged;")
	fmt.Fprintln(out, "objects lost, users duplicated and orphaned at the end, see convergence; - when the scenario ended before checking)")
	const row = "%-44s %-6s %-7s %-7s %-4s %-10s %-8s %-34s %s\n"
	fmt.Fprintf(out, row, "scenario", "result", "applies", "retries", "lost", "duplicated", "orphaned", "faults", "requests by route")
	for _, r := range matrix.rows {
		lost, duplicated, orphaned := "-", "-", "-"
		if c := r.converged; c != nil {
			lost, duplicated, orphaned = strconv.Itoa(c.lost()), strconv.Itoa(c.duplicated()), strconv.Itoa(c.orphaned())
		}
		fmt.Fprintf(out, row, r.scenario, r.result, strconv.Itoa(r.applies), strconv.Itoa(r.retries),
			lost, duplicated, orphaned, formatCounts(r.faults), formatCounts(r.routes))
	}
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}
