package mockserver

import (
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Faults are the failures the mock injects so that clients can be tested
// against a misbehaving server. The zero value injects nothing.
type Faults struct {
	Latency            time.Duration // added to every answer
	SpikeRate          float64       // fraction of answers delayed by SpikeLatency more
	SpikeLatency       time.Duration
	ErrorRate          float64   // fraction answered 503 before handling
	InternalErrorRate  float64   // fraction answered 500 before handling
	RateLimit          float64   // requests/second; above it 429 + Retry-After
	ThrottleUntil      time.Time // until then every call answers 429 + Retry-After: ThrottleRetryAfter
	ThrottleRetryAfter time.Duration
	DropRate           float64 // fraction of APPLIED syncs whose connection is then dropped
	CorruptUsers       string  // "", "garbage", "html", "truncated", "wrongtypes": GET /users answers that

	// FailListsAfterSync simulates a lost read-back: after every applied
	// sync (answered true, or whose answer DropRate dropped), the next N
	// authenticated GET /users answer 503 without Retry-After. A rejected
	// sync does not arm it. 0 = off.
	FailListsAfterSync int
	// HideUsers are login ids (case-insensitive) that GET /users leaves out
	// although the users exist (GET /users/{userID} finds them): a partial
	// list, as from a stale caching proxy.
	HideUsers []string
	// HideInLists is how many GET /users answers leave HideUsers out, from
	// the SetFaults that set it: one, for a single partial answer. 0 = all.
	HideInLists int
	// AppliedSyncStatus, when not 0, answers every applied sync with this
	// status and no body instead of 200 true, as a gateway that answers in
	// the server's place does (201, 202, 204): the answer does not say
	// whether the sync was applied. A rejected sync still answers 200 false.
	AppliedSyncStatus int
}

// Corruption modes of Faults.CorruptUsers.
const (
	CorruptGarbage    = "garbage"
	CorruptHTML       = "html"
	CorruptTruncated  = "truncated"
	CorruptWrongTypes = "wrongtypes"
)

// Fault kinds counted by FaultCounts.
const (
	faultUnavailable = "503"
	faultInternal    = "500"
	faultThrottled   = "429"
	faultDrop        = "drop"
	faultSpike       = "spike"
	faultCorrupt     = "corrupt"
	faultLostList    = "lost-list" // a GET /users failed by FailListsAfterSync
	faultHidden      = "hidden"    // a GET /users that left out a user of HideUsers
	faultGateway     = "gateway"   // an applied sync answered with AppliedSyncStatus
)

// faultInjector holds the current Faults; SetFaults may change them while
// requests are in flight.
type faultInjector struct {
	mu      sync.Mutex
	faults  Faults
	limiter *rate.Limiter // nil without RateLimit
	counts  map[string]int
	// listFailures is how many GET /users FailListsAfterSync still fails.
	listFailures int
	// hidingLists is how many more answers hide HideUsers (HideInLists).
	hidingLists int
}

func newFaultInjector(f Faults) *faultInjector {
	fi := &faultInjector{counts: map[string]int{}}
	fi.set(f)
	return fi
}

func (fi *faultInjector) set(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if f.RateLimit != fi.faults.RateLimit || fi.limiter == nil {
		fi.limiter = nil
		if f.RateLimit > 0 {
			fi.limiter = rate.NewLimiter(rate.Limit(f.RateLimit), max(1, int(math.Ceil(f.RateLimit))))
		}
	}
	f.HideUsers = slices.Clone(f.HideUsers) // the caller may reuse its slice
	fi.faults = f
	fi.hidingLists = f.HideInLists
	// Failures already armed stay, within the new limit: changing another
	// fault does not cancel them, turning this one off does.
	fi.listFailures = min(fi.listFailures, max(0, f.FailListsAfterSync))
}

func (fi *faultInjector) current() Faults {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.faults
}

func (fi *faultInjector) count(kind string) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.counts[kind]++
}

// chance is true with probability p.
func chance(p float64) bool { return p > 0 && rand.Float64() < p } //nolint:gosec // fault sampling needs no unpredictability

// retryAfterSeconds renders d as a Retry-After value: whole seconds, at least 1.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// before injects the faults that happen before handling. It returns true
// when it has answered the request itself.
func (fi *faultInjector) before(w http.ResponseWriter, r *http.Request) bool {
	f := fi.current()
	now := time.Now()
	if now.Before(f.ThrottleUntil) {
		wait := f.ThrottleRetryAfter
		if wait <= 0 {
			wait = f.ThrottleUntil.Sub(now)
		}
		return fi.throttle(w, wait, "throttled")
	}
	if wait, limited := fi.rateLimited(now); limited {
		return fi.throttle(w, wait, "rate limit exceeded")
	}
	if chance(f.ErrorRate) {
		fi.count(faultUnavailable)
		writeError(w, http.StatusServiceUnavailable, "injected fault: service unavailable")
		return true
	}
	if chance(f.InternalErrorRate) {
		fi.count(faultInternal)
		writeError(w, http.StatusInternalServerError, "injected fault: internal server error")
		return true
	}
	delay := f.Latency
	if chance(f.SpikeRate) {
		fi.count(faultSpike)
		delay += f.SpikeLatency
	}
	if delay > 0 {
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return true // the client is gone; nobody reads an answer
		}
	}
	return false
}

// rateLimited takes a token from the bucket; when none is left it returns
// how long until one is.
func (fi *faultInjector) rateLimited(now time.Time) (time.Duration, bool) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if fi.limiter == nil {
		return 0, false
	}
	if fi.limiter.AllowN(now, 1) {
		return 0, false
	}
	return time.Duration(float64(time.Second) / float64(fi.limiter.Limit())), true
}

func (fi *faultInjector) throttle(w http.ResponseWriter, wait time.Duration, reason string) bool {
	fi.count(faultThrottled)
	w.Header().Set("Retry-After", retryAfterSeconds(wait))
	writeError(w, http.StatusTooManyRequests, "injected fault: %s; retry after %s seconds", reason, retryAfterSeconds(wait))
	return true
}

// SetFaults replaces the injected faults; requests already past the fault
// checks are not affected.
func (s *Server) SetFaults(f Faults) { s.faults.set(f) }

// FaultCounts counts the faults injected so far by kind: "503", "500",
// "429", "drop", "spike", "corrupt", "lost-list", "hidden", "gateway".
func (s *Server) FaultCounts() map[string]int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return maps.Clone(s.faults.counts)
}

// answerApplied answers a sync that was applied: 200 true, unless DropRate
// drops the connection or AppliedSyncStatus answers in a gateway's place.
func (fi *faultInjector) answerApplied(w http.ResponseWriter) {
	if fi.dropApplied() {
		dropConnection(w)
		return
	}
	if status := fi.current().AppliedSyncStatus; status != 0 {
		fi.count(faultGateway)
		w.WriteHeader(status)
		return
	}
	writeJSON(w, http.StatusOK, true)
}

// dropApplied decides whether the connection of an applied sync is dropped.
func (fi *faultInjector) dropApplied() bool {
	if !chance(fi.current().DropRate) {
		return false
	}
	fi.count(faultDrop)
	return true
}

// dropConnection closes the connection without answering, as a proxy or a
// crashing server would after the work was done.
func dropConnection(w http.ResponseWriter) {
	if rec, ok := w.(*statusRecorder); ok {
		rec.dropped = true
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // net/http aborts the answer without logging
	}
	_ = conn.Close()
}

// syncApplied arms FailListsAfterSync; handleSync calls it once a sync is
// applied, before it answers (or drops the answer).
func (fi *faultInjector) syncApplied() {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.listFailures = max(0, fi.faults.FailListsAfterSync)
}

// listLost reports whether this GET /users is one FailListsAfterSync fails,
// counting it.
func (fi *faultInjector) listLost() bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if fi.listFailures == 0 {
		return false
	}
	fi.listFailures--
	fi.counts[faultLostList]++
	return true
}

// hide returns users without those of HideUsers, counting an answer that
// left one out. users is modified in place.
func (fi *faultInjector) hide(users []UserRecord) []UserRecord {
	fi.mu.Lock()
	hidden := fi.faults.HideUsers
	if fi.faults.HideInLists > 0 {
		if fi.hidingLists == 0 {
			hidden = nil
		} else {
			fi.hidingLists--
		}
	}
	fi.mu.Unlock()
	if len(hidden) == 0 {
		return users
	}
	listed := len(users)
	users = slices.DeleteFunc(users, func(u UserRecord) bool {
		return slices.ContainsFunc(hidden, func(h string) bool { return loginKey(h) == loginKey(u.UserID) })
	})
	if len(users) < listed {
		fi.count(faultHidden)
	}
	return users
}
