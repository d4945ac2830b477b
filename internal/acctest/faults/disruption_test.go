package faults_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// whenUsersExist waits until the server holds n users besides the admin
// (so an apply is well under way) or the command ends first; it reports
// whether the threshold was reached.
func whenUsersExist(host *mockHost, n int, ended <-chan struct{}) bool {
	for {
		if len(host.server().Users())-1 >= n {
			return true
		}
		select {
		case <-ended:
			return false
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// TestServerRestartMidApply: the server is stopped abruptly (connections
// cut) and started again on the same address from its state file while
// terraform applies. The apply converges, at once or on a re-run.
func TestServerRestartMidApply(t *testing.T) {
	t.Parallel()
	host := startMock(t, mockserver.Options{})
	f := newFleet("restart")
	w := newWorkspace(t, host, f.config())
	w.enableProviderLog()
	applies := 0
	recordScenario(t, host, w, &applies)

	ended := make(chan struct{})
	restarted := make(chan bool, 1)
	go func() {
		ok := whenUsersExist(host, f.users/3, ended)
		if ok {
			host.restart()
		}
		restarted <- ok
	}()
	first := w.apply()
	close(ended)
	applies++
	if !<-restarted {
		t.Fatal("the apply ended before a third of the users existed; the server was never restarted")
	}
	if first.exitCode != 0 {
		t.Logf("the apply across the restart failed (exit %d); applying again:\n%s", first.exitCode, tail(first.output(), 2000))
		applies += len(w.applyUntilConverged(2))
	}
	w.requireEmptyPlan()
	requireServerMatches(t, host, f)
}

// TestInterruptMidApply: terraform gets SIGINT while applying, stops
// gracefully, and a re-run converges with nothing duplicated or lost.
func TestInterruptMidApply(t *testing.T) {
	t.Parallel()
	host := startMock(t, mockserver.Options{})
	f := newFleet("sigint")
	w := newWorkspace(t, host, f.config())
	w.enableProviderLog()
	applies := 0
	recordScenario(t, host, w, &applies)

	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	args := []string{"apply", "-auto-approve", "-no-color", "-parallelism=10"}
	cmd := w.start(ctx, &stdout, &stderr, args...)
	ended := make(chan struct{})
	interrupted := make(chan bool, 1)
	go func() {
		ok := whenUsersExist(host, f.users/3, ended)
		if ok {
			host.noteFault("sigint")
			_ = cmd.Process.Signal(os.Interrupt)
		}
		interrupted <- ok
	}()
	res := w.finish(cmd, args, &stdout, &stderr)
	close(ended)
	applies++
	if !<-interrupted {
		t.Fatal("the apply ended before a third of the users existed; terraform was never interrupted")
	}
	if res.exitCode == 0 {
		t.Log("terraform finished the apply despite the interrupt")
	} else {
		t.Logf("interrupted apply exited %d", res.exitCode)
	}
	applies += len(w.applyUntilConverged(2))
	w.requireEmptyPlan()
	requireServerMatches(t, host, f)
}
