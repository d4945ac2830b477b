package faults_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestSyncAnsweredByGateway: a gateway in front of the server answers every
// applied sync with its own 201, 202 or 204 and no body. The answer says
// neither true nor false, so the provider reads the users back and finds
// them applied: one apply creates everything (and one deletes what the
// configuration drops), nothing is created twice or left behind, and the
// next plan is empty (a sync taken as "nothing
// applied" would leave each user on the server and out of the state, and
// every later plan would stop at "already exists").
func TestSyncAnsweredByGateway(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusCreated, http.StatusAccepted, http.StatusNoContent} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			f := newFleet(fmt.Sprintf("gw%d", status))
			f.users = 20
			host, w := startScenario(t, f, mockserver.Options{})

			host.setFaults(mockserver.Faults{AppliedSyncStatus: status})
			w.mustApply()
			if host.faultCounts()["gateway"] == 0 {
				t.Fatal("no sync was answered by the gateway; the scenario tested nothing")
			}
			w.RequireNoChanges()
			// Deletes answered the same way: read back, and found done.
			created := host.faultCounts()["gateway"]
			f.users = 12
			w.WriteFile("main.tf", f.config())
			w.mustApply()
			if host.faultCounts()["gateway"] == created {
				t.Fatal("no delete was answered by the gateway")
			}
			w.RequireNoChanges()
			host.setFaults(mockserver.Faults{})
			requireServerMatches(t, host, w, f)
		})
	}
}
