package faults_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestCorruptUserListKeepsState: when GET /users answers garbage, an HTML
// error page, a truncated body or wrong JSON types, reading fails with a
// clear error naming the call, and no resource is removed from state.
func TestCorruptUserListKeepsState(t *testing.T) {
	t.Parallel()
	host := startMock(t, mockserver.Options{})
	f := newFleet("corrupt")
	w := newWorkspace(t, host, f.config())
	w.enableProviderLog()
	applies := 1
	recordScenario(t, host, w, &applies)

	w.mustApply()
	before := w.stateList()
	if len(before) != f.resources() {
		t.Fatalf("state holds %d resources after apply, want %d", len(before), f.resources())
	}
	for _, mode := range []string{mockserver.CorruptGarbage, mockserver.CorruptHTML, mockserver.CorruptTruncated, mockserver.CorruptWrongTypes} {
		host.setFaults(mockserver.Faults{CorruptUsers: mode})
		res := w.run("apply", "-refresh-only", "-auto-approve", "-no-color")
		if res.exitCode == 0 {
			t.Errorf("%s: the refresh succeeded on a corrupt user list", mode)
		}
		if out := res.output(); !strings.Contains(out, "GET /users") || strings.Contains(out, "panic") {
			t.Errorf("%s: the error does not name GET /users, or the provider panicked:\n%s", mode, tail(out, 3000))
		}
		if after := w.stateList(); !slices.Equal(after, before) {
			t.Errorf("%s: state changed from %d to %d resources", mode, len(before), len(after))
		}
	}
	host.setFaults(mockserver.Faults{})
	if host.faultCounts()["corrupt"] == 0 {
		t.Error("the mock corrupted no answer")
	}
	w.requireEmptyPlan()
	requireServerMatches(t, host, f)
}
