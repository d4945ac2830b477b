package faults_test

import (
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestServerRestartMidApply: the server is stopped abruptly (connections
// cut) and started again on the same address from its state file while
// terraform applies. The apply converges, at once or on a re-run.
func TestServerRestartMidApply(t *testing.T) {
	t.Parallel()
	f := newFleet("restart")
	host, w := startScenario(t, f, mockserver.Options{})

	applied := injectMidApply(t, host, f.users/3, host.restart)
	first := w.apply()
	if !applied() {
		t.Fatal("the apply ended before a third of the users existed; the server was never restarted")
	}
	if first.ExitCode != 0 {
		t.Logf("the apply across the restart failed (exit %d); applying again:\n%s", first.ExitCode, tfcli.Tail(first.Output(), 2000))
		w.applyUntilConverged(2)
	}
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}

// TestInterruptMidApply: terraform gets SIGINT while applying, stops
// gracefully, and a re-run converges with nothing duplicated or lost.
func TestInterruptMidApply(t *testing.T) {
	t.Parallel()
	f := newFleet("sigint")
	host, w := startScenario(t, f, mockserver.Options{})

	cmd := w.startApply()
	applied := injectMidApply(t, host, f.users/3, func() {
		host.noteFault("sigint")
		// An error means terraform had just ended on its own; the re-run
		// and the checks below hold either way.
		_ = cmd.Interrupt()
	})
	res := cmd.Wait()
	if !applied() {
		t.Fatal("the apply ended before a third of the users existed; terraform was never interrupted")
	}
	if res.ExitCode == 0 {
		t.Log("terraform finished the apply despite the interrupt")
	} else {
		t.Logf("interrupted apply exited %d", res.ExitCode)
	}
	w.applyUntilConverged(2)
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}
