package faults_test

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// startScenario is how most scenarios begin: a recording mock with opts, a
// workspace that applies f against it with the provider logging at debug
// level (the matrix counts the client's retries in that log), and the
// scenario's row in the fault matrix.
func startScenario(t *testing.T, f fleet, opts mockserver.Options) (*mockHost, *workspace) {
	t.Helper()
	host := startMock(t, opts)
	w := newWorkspace(t, host, f.config())
	w.CaptureLog("TF_LOG_PROVIDER", "DEBUG")
	recordScenario(t, host, w)
	return host, w
}

// injectMidApply calls inject from another goroutine once the server holds
// n users besides the admin, so that an apply is well under way. Call the
// returned function when the command has ended: it reports whether inject
// ran; false means the command ended first and the scenario tested nothing.
// A test that fails before calling it stops the wait when it ends.
func injectMidApply(t *testing.T, host *mockHost, n int, inject func()) (commandEnded func() bool) {
	ended := make(chan struct{})
	injected := make(chan bool, 1)
	go func() {
		ok := whenUsersExist(host, n, ended)
		if ok {
			inject()
		}
		injected <- ok
	}()
	var once sync.Once
	end := func() { once.Do(func() { close(ended) }) }
	t.Cleanup(end)
	return func() bool {
		end()
		return <-injected
	}
}

// whenUsersExist waits until the server holds n users besides the admin or
// ended closes first; it reports whether the threshold was reached.
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

// saysWords reports whether out holds phrase's words in order. Terraform
// wraps diagnostics to the terminal's width, so any run of spaces in phrase
// matches any run of white space, line breaks included.
func saysWords(out, phrase string) bool {
	words := strings.Fields(phrase)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`)).MatchString(out)
}
