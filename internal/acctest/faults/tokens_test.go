package faults_test

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestTokensExpiringDuringApply: tokens live 2 s and, on top, every token
// is revoked every 2 s. The apply must succeed at the first attempt (no
// failed operation), with never more than one authentication in flight and
// at most one re-authentication per revocation; then, with long-lived
// tokens, a provider process authenticates exactly once.
func TestTokensExpiringDuringApply(t *testing.T) {
	t.Parallel()
	f := newFleet("token")
	host, w := startScenario(t, f, mockserver.Options{TokenTTL: 2 * time.Second})

	stopRevoking := revokeTokensEvery(host, 2*time.Second)
	start := time.Now()
	w.mustApply() // at the first attempt: an expired token must never fail an operation
	elapsed := time.Since(start)
	revocations := stopRevoking()

	isAuth := func(q recordedRequest) bool { return q.route == mockserver.RouteAuth }
	auths := host.rec.count(isAuth)
	rejected := host.rec.count(func(q recordedRequest) bool { return !isAuth(q) && q.status == http.StatusUnauthorized })
	if n := host.rec.maxAuthInFlight(); n > 1 {
		t.Errorf("%d authentications were in flight at once, want at most 1", n)
	}
	if rejected == 0 {
		t.Error("no request was answered 401: the revocations never hit the apply")
	}
	// Every authentication has a cause: the first of a provider process
	// (terraform apply runs one for the plan and one for the apply), a
	// revocation (concurrent 401s of one process share one renewal), or the
	// 2 s lifetime running out (renewed shortly before expiry, so at most
	// once per 1.8 s per process). More would mean a 401 caused several
	// authentications, i.e. a loop.
	const processes = 2
	renewals := int(elapsed / (1800 * time.Millisecond))
	if limit := processes*(1+renewals) + revocations; auths > limit {
		t.Errorf("%d authentications for %d revocations and %d requests answered 401 in %s, want at most %d",
			auths, revocations, rejected, elapsed.Round(time.Second), limit)
	}
	t.Logf("%d revocations, %d requests answered 401, %d authentications", revocations, rejected, auths)

	// Long-lived tokens: the same state on a server restarted with the
	// default lifetime; one terraform plan is one provider process that
	// talks to the server, so exactly one GET /auth.
	host.opts.TokenTTL = 0
	host.restart()
	before := host.rec.count(isAuth)
	w.RequireNoChanges()
	if got := host.rec.count(isAuth) - before; got != 1 {
		t.Errorf("terraform plan authenticated %d times with a long-lived token, want exactly 1", got)
	}
	requireServerMatches(t, host, w, f)
}

// revokeTokensEvery expires every token the server issued, every interval,
// until the returned function is called; that function returns how many
// revocations there were and may be called more than once.
func revokeTokensEvery(host *mockHost, interval time.Duration) (stop func() int) {
	var revocations atomic.Int64
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ticker.C:
				host.server().ExpireTokens()
				host.noteFault("revoke")
				revocations.Add(1)
			}
		}
	}()
	var once sync.Once
	return func() int {
		once.Do(func() { close(quit); <-done })
		return int(revocations.Load())
	}
}
