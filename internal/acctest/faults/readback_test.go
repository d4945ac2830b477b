package faults_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// These scenarios break what the provider learns after a write: the
// read-back of a sync it knows was applied, the read-back of one it cannot
// know about, and one list that lacks users. The fleets are smaller than
// the others: a few batches show the path, and 200 users would only add
// wall time.

// TestLostReadBackAfterApply: every applied sync is followed by two failed
// user lists, and with max_retries = 1 that is a whole read-back. The
// server created the users, and the provider knows it; it records each as
// created, with a warning, rather than tainting it. The apply succeeds,
// nothing is created twice, and the next plan, which reads the users, is
// empty.
func TestLostReadBackAfterApply(t *testing.T) {
	t.Parallel()
	f := newFleet("lostread")
	f.users = 40
	f.provider = `  max_retries = 1` // two attempts per list: FailListsAfterSync = 2 fails both
	host, w := startScenario(t, f, mockserver.Options{})

	host.setFaults(mockserver.Faults{FailListsAfterSync: 2})
	res := w.mustApply()
	host.setFaults(mockserver.Faults{})

	if host.faultCounts()["lost-list"] == 0 {
		t.Fatal("no user list failed after a sync; the scenario tested nothing")
	}
	if !saysWords(res.Output(), "Warning: API User Created but Not Read Back") {
		t.Errorf("the apply did not warn that a created user was not read back:\n%s", tfcli.Tail(res.Output(), 3000))
	}
	for _, u := range w.stateUsers() {
		if u.tainted {
			t.Errorf("%s is tainted although the server confirmed its creation", u.address)
		}
	}
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}

// TestLongOutageDuringAmbiguousSync: for the whole first apply every sync
// is applied and its connection dropped, and every user list fails after
// it. The provider cannot tell whether the first batch's users exist, so
// the apply fails with an error and records each of them tainted (the
// creates planned after it stop at their failing check of the login id,
// before sending anything). Once the server recovers, the next apply finds
// the tainted users and replaces them: no ADD of an existing user, no
// "already exists", nothing left behind.
func TestLongOutageDuringAmbiguousSync(t *testing.T) {
	t.Parallel()
	f := newFleet("outage")
	f.users = 40
	f.provider = `  max_retries = 1` // each read-back gives up after two lists: the outage outlasts it at once
	host, w := startScenario(t, f, mockserver.Options{})

	host.setFaults(mockserver.Faults{DropRate: 1, FailListsAfterSync: 1000})
	first := w.apply()
	host.setFaults(mockserver.Faults{})

	if first.ExitCode == 0 {
		t.Fatal("the apply succeeded although no sync could be confirmed")
	}
	if c := host.faultCounts(); c["drop"] == 0 || c["lost-list"] == 0 {
		t.Fatalf("faults injected %v: want dropped syncs and lost lists", c)
	}
	if !saysWords(first.Output(), "Error: Unable to Confirm API User Creation") {
		t.Errorf("the failed apply does not say the creation could not be confirmed:\n%s", tfcli.Tail(first.Output(), 3000))
	}
	// Every dropped sync was applied, so each user the server has must be
	// in state, tainted, for the next apply to replace.
	var tainted []string
	for _, u := range w.stateUsers() {
		if u.tainted {
			tainted = append(tainted, u.loginID)
		}
	}
	slices.Sort(tainted)
	if created := len(host.server().Users()) - 1; created == 0 || len(tainted) != created {
		t.Errorf("the server has %d fleet users after the outage, the state %d tainted ones: %v", created, len(tainted), tainted)
	}

	second := w.mustApply()
	if !saysWords(second.Output(), "is tainted, so must be replaced") {
		t.Errorf("the apply after the outage replaced no tainted user:\n%s", tfcli.Tail(second.Output(), 3000))
	}
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f) // includes: no ADD of an existing user
}

// TestPartialUserList: one GET /users answer lacks every eighth user of the
// fleet, as from a stale caching proxy. The provider confirms each miss
// with GET /users/{userID} before it believes it, so the plan is empty:
// nothing is removed from state, re-created or destroyed.
func TestPartialUserList(t *testing.T) {
	t.Parallel()
	f := newFleet("partial")
	f.users = 40
	host, w := startScenario(t, f, mockserver.Options{})
	w.mustApply()
	before, adds := w.StateList(), host.rec.adds()
	isLookup := func(q recordedRequest) bool { return q.method == http.MethodGet && q.route == mockserver.RouteUser }
	lookups := host.rec.count(isLookup)

	var hidden []string
	for i, id := range f.loginIDs() {
		if i%8 == 0 {
			hidden = append(hidden, id)
		}
	}
	host.setFaults(mockserver.Faults{HideUsers: hidden, HideInLists: 1})
	res := w.mustApply()
	host.setFaults(mockserver.Faults{})

	if n := host.faultCounts()["hidden"]; n != 1 {
		t.Fatalf("the mock hid users from %d lists, want 1", n)
	}
	if out := res.Output(); !saysWords(out, "No changes.") || saysWords(out, "API User Not Found") {
		t.Errorf("the apply after a partial list changed something:\n%s", tfcli.Tail(out, 3000))
	}
	if n := host.rec.count(isLookup) - lookups; n != len(hidden) {
		t.Errorf("%d GET /users/{userID} confirmed %d users missing from the list, want one each", n, len(hidden))
	}
	if n := host.rec.adds() - adds; n != 0 {
		t.Errorf("%d ADD operations were sent after the partial list", n)
	}
	if after := w.StateList(); !slices.Equal(after, before) {
		t.Errorf("the state changed from %d to %d resources", len(before), len(after))
	}
	w.RequireNoChanges()
	requireServerMatches(t, host, w, f)
}
