package faults_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestCorruptUserListKeepsState: when GET /users answers garbage, an HTML
// error page, a truncated body or wrong JSON types, reading fails with a
// clear error naming the call, and no resource is removed from state.
func TestCorruptUserListKeepsState(t *testing.T) {
	t.Parallel()
	f := newFleet("corrupt")
	host, w := startScenario(t, f, mockserver.Options{})

	w.mustApply()
	before := w.StateList()
	if len(before) != f.resources() {
		t.Fatalf("state holds %d resources after apply, want %d", len(before), f.resources())
	}
	for _, mode := range []string{mockserver.CorruptGarbage, mockserver.CorruptHTML, mockserver.CorruptTruncated, mockserver.CorruptWrongTypes} {
		host.setFaults(mockserver.Faults{CorruptUsers: mode})
		res := w.Run("apply", "-refresh-only", "-auto-approve", "-no-color")
		if res.ExitCode == 0 {
			t.Errorf("%s: the refresh succeeded on a corrupt user list", mode)
		}
		if out := res.Output(); !strings.Contains(out, "GET /users") || strings.Contains(out, "panic") {
			t.Errorf("%s: the error does not name GET /users, or the provider panicked:\n%s", mode, tfcli.Tail(out, 3000))
		}
		if after := w.StateList(); !slices.Equal(after, before) {
			t.Errorf("%s: state changed from %d to %d resources", mode, len(before), len(after))
		}
	}
	host.setFaults(mockserver.Faults{})
	if host.faultCounts()["corrupt"] == 0 {
		t.Error("the mock corrupted no answer")
	}
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}
