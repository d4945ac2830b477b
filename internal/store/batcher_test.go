package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// The batcher on its own, with a send function that records its batches.
// Every test runs in a synctest bubble: windows pass on a fake clock, so the
// number of batches and the time each waited are exact.

// recorder is a batcher's send function that records the login ids of each
// batch, taking roundTrip (fake time) per batch like a sync would.
type recorder struct {
	// roundTrip is how long a send takes (the sync), readBack how long
	// its finish takes.
	roundTrip, readBack time.Duration

	mu      sync.Mutex // never held while sleeping: synctest cannot wait it out
	batches [][]string
}

func (r *recorder) send(batch []*pendingOp) func() []opResult {
	time.Sleep(r.roundTrip)
	logins := make([]string, len(batch))
	for i, p := range batch {
		logins[i] = p.op.UserLoginID
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batches = append(r.batches, logins)
	return func() []opResult {
		time.Sleep(r.readBack)
		return make([]opResult, len(batch))
	}
}

func (r *recorder) sent() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.batches)
}

// submitAndWait submits op to b and waits for its answer.
func submitAndWait(b *batcher, op client.SyncOperation) opResult {
	p := &pendingOp{ctx: context.Background(), op: op, done: make(chan opResult, 1)}
	b.submit(p)
	return <-p.done
}

// submitConcurrently submits every op at once and waits for all answers.
func submitConcurrently(b *batcher, ops []client.SyncOperation) {
	var wg sync.WaitGroup
	for _, op := range ops {
		wg.Go(func() { submitAndWait(b, op) })
	}
	wg.Wait()
}

func logins(prefix string, n int) []client.SyncOperation {
	ops := make([]client.SyncOperation, n)
	for i := range ops {
		ops[i] = addOp(fmt.Sprintf("%s-%02d", prefix, i))
	}
	return ops
}

func batchSizes(batches [][]string) []int {
	sizes := make([]int, len(batches))
	for i, b := range batches {
		sizes[i] = len(b)
	}
	return sizes
}

// TestBatcherFirstBatchWaitsTheIdleWindow: before any batch the batcher
// cannot tell how many operations are coming, so the first batch waits one
// idle window after the last join.
func TestBatcherFirstBatchWaitsTheIdleWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = 3 * time.Second
		r := &recorder{}
		b := newBatcher(batchOptions{window: window, maxSize: 100}, r.send)
		start := time.Now()
		submitConcurrently(b, logins("first", 4))
		if waited := time.Since(start); waited != window {
			t.Errorf("the first batch went after %s, want the %s window", waited, window)
		}
		if sizes := batchSizes(r.sent()); !slices.Equal(sizes, []int{4}) {
			t.Errorf("batch sizes %v, want [4]", sizes)
		}
	})
}

// TestBatcherWholeWaveGoesWithoutWaitingTheWindow: Terraform starts the
// operations of a wave some milliseconds apart. Once a batch holds as many
// operations as the previous wave had, no more are coming until some finish,
// so the batch goes at once instead of waiting out the idle window.
func TestBatcherWholeWaveGoesWithoutWaitingTheWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = 3 * time.Second
		r := &recorder{}
		b := newBatcher(batchOptions{window: window, maxSize: 100}, r.send)
		submitConcurrently(b, logins("first", 4))
		start := time.Now()
		submitConcurrently(b, logins("second", 4))
		if waited := time.Since(start); waited != 0 {
			t.Errorf("the second wave waited %s although it was complete", waited)
		}
		if sizes := batchSizes(r.sent()); !slices.Equal(sizes, []int{4, 4}) {
			t.Errorf("batch sizes %v, want [4 4]", sizes)
		}
	})
}

// TestBatcherCapsBatchesAndKeepsOrder: a queue longer than maxSize goes in
// batches of maxSize, formed in the order the operations joined, two
// syncing at a time.
func TestBatcherCapsBatchesAndKeepsOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{roundTrip: 10 * time.Millisecond}
		b := newBatcher(batchOptions{window: time.Hour, maxSize: 10}, r.send)
		ops := logins("svc", 25)
		var wg sync.WaitGroup
		for _, op := range ops {
			wg.Go(func() { submitAndWait(b, op) })
			synctest.Wait() // joined before the next one starts
		}
		// 10 and 10 are full batches, synced side by side; the last 5 wait
		// for the window, which starts when the worker looks for the batch
		// after the second.
		start := time.Now()
		wg.Wait()
		sent := r.sent()
		if sizes := batchSizes(sent); !slices.Equal(sizes, []int{10, 10, 5}) {
			t.Fatalf("batch sizes %v, want [10 10 5]", sizes)
		}
		// The two side by side may be recorded in either order.
		slices.SortFunc(sent, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		var order []string
		for _, batch := range sent {
			order = append(order, batch...)
		}
		for i, op := range ops {
			if order[i] != op.UserLoginID {
				t.Fatalf("sent in the order %v, want the order of joining", order)
			}
		}
		if waited := time.Since(start); waited != time.Hour+r.roundTrip {
			t.Errorf("the last batch was answered after %s, want the window and one round trip", waited)
		}
	})
}

// TestBatcherNeverSyncsOneUserTwiceAtOnce: an operation on a user whose
// batch is syncing waits for that sync to return, so the server applies a
// user's operations in the order they joined; operations on other users
// are synced beside it meanwhile.
func TestBatcherNeverSyncsOneUserTwiceAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{roundTrip: 100 * time.Millisecond}
		b := newBatcher(batchOptions{window: time.Millisecond, maxSize: 1}, r.send)
		answered := map[string]time.Duration{}
		var mu sync.Mutex
		start := time.Now()
		var wg sync.WaitGroup
		submit := func(name string, op client.SyncOperation) {
			wg.Go(func() {
				submitAndWait(b, op)
				mu.Lock()
				answered[name] = time.Since(start)
				mu.Unlock()
			})
			synctest.Wait()
		}
		submit("add x", addOp("svc-x"))
		submit("modify x", modifyOp("svc-x", "Second"))
		submit("add y", addOp("svc-y"))
		wg.Wait()
		want := map[string]time.Duration{"add x": 100 * time.Millisecond, "add y": 100 * time.Millisecond, "modify x": 200 * time.Millisecond}
		if !maps.Equal(answered, want) {
			t.Errorf("answered at %v, want %v", answered, want)
		}
	})
}

// TestBatcherSplitsWavesWhenRoundTripsAreLong: with whole waves, Terraform
// sits idle for one round trip (sync and read-back) per wave. A round trip
// at least splitAt splits each wave into the fewest parts whose round trip
// Terraform covers by starting the other parts, or into four when it cannot
// cover it (the round trip is longer than Terraform's time to start a
// wave), synced side by side; a shorter one keeps whole waves.
func TestBatcherSplitsWavesWhenRoundTripsAreLong(t *testing.T) {
	const n, parallelism = 300, 10
	const ms = time.Millisecond
	for _, tc := range []struct {
		splitAt, gap, sync, readBack time.Duration
		size                         int
		// rest is what is left of a wave in parts of size, which goes at
		// once when no company can come (0: none left, or it waits).
		rest int
	}{
		{20 * ms, 5 * ms, 10 * ms, 10 * ms, 5, 0},   // fill 50 ms: 2 parts
		{20 * ms, 5 * ms, 20 * ms, 20 * ms, 3, 0},   // ceil(50/10) = 5 parts, at most 4
		{20 * ms, 5 * ms, 50 * ms, 50 * ms, 3, 1},   // longer than the fill: 4 parts, the last at once
		{20 * ms, 30 * ms, 60 * ms, 60 * ms, 5, 0},  // fill 300 ms, 120 ms round trip: 2 parts
		{20 * ms, 20 * ms, 60 * ms, 60 * ms, 4, 0},  // fill 200 ms: ceil(200/80) = 3 parts
		{200 * ms, 5 * ms, 50 * ms, 50 * ms, 10, 0}, // shorter than splitAt
	} {
		roundTrip := tc.sync + tc.readBack
		t.Run(fmt.Sprintf("splitAt %s gap %s round trip %s", tc.splitAt, tc.gap, roundTrip), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := &recorder{roundTrip: tc.sync, readBack: tc.readBack}
				b := newBatcher(batchOptions{window: 20 * ms, maxSize: 100, splitAt: tc.splitAt}, r.send)
				start := time.Now()
				submitLikeTerraform(b, logins("svc", n), parallelism, func(int) time.Duration { return tc.gap })
				took := time.Since(start)
				sizes := batchSizes(r.sent())
				// The first waves go before a round trip is measured and
				// the gaps are sampled over more than one wave; the last
				// batch holds what is left.
				steady := sizes[4 : len(sizes)-2]
				if slices.ContainsFunc(steady, func(n int) bool { return n != tc.size && (tc.rest == 0 || n != tc.rest) }) {
					t.Errorf("batches of %v, want %d (or the rest of a wave, %d) from the fifth on", sizes, tc.size, tc.rest)
				}
				// Whole waves: the wave's start, then the round trip, each.
				whole := n / parallelism * (parallelism*tc.gap + roundTrip)
				t.Logf("%d batches in %s; whole waves would take %s, Terraform alone %s", len(sizes), took, whole, n*tc.gap)
				if tc.size < parallelism && took > whole*9/10 {
					t.Errorf("took %s, want less than 9/10 of the %s whole waves take", took, whole)
				}
				// When the time Terraform takes to start three parts of four
				// covers the round trip, Terraform hardly ever waits for the
				// server.
				if alone := n * tc.gap; tc.size < parallelism && 4*roundTrip <= 3*parallelism*tc.gap && took > alone*11/10 {
					t.Errorf("took %s, want within 1.1x of the %s Terraform alone takes", took, alone)
				}
			})
		})
	}
}

// TestBatchSizeOfAWave: batchSize's rule, for a wave of 10 that Terraform
// starts in 10 gaps (fill). Whole waves when the round trip is shorter than
// splitAt or than a fifth of the fill (more syncs would buy back less than a
// sixth of the time); otherwise the fewest parts p for which Terraform's
// (p-1)/p of the fill covers the round trip, at most four. A known wave
// (Options.KnownWave) or splitAt 0 is never split.
func TestBatchSizeOfAWave(t *testing.T) {
	const ms = time.Millisecond
	for _, tc := range []struct {
		splitAt, gap, roundTrip time.Duration
		known                   bool
		size                    int
	}{
		{50 * ms, 30 * ms, 40 * ms, false, 10},   // shorter than splitAt
		{50 * ms, 100 * ms, 150 * ms, false, 10}, // under a fifth of the 1 s fill
		{50 * ms, 100 * ms, 200 * ms, false, 5},  // a fifth: 2 parts
		{50 * ms, 30 * ms, 60 * ms, false, 5},    // fill 300 ms: ceil(300/240) = 2 parts
		{50 * ms, 20 * ms, 120 * ms, false, 4},   // fill 200 ms: ceil(200/80) = 3 parts
		{50 * ms, 13 * ms, 120 * ms, false, 3},   // ceil(130/10) = 13 parts, at most 4
		{50 * ms, 5 * ms, 120 * ms, false, 3},    // longer than the fill: 4 parts
		{0, 5 * ms, 120 * ms, false, 10},         // splitAt 0
		{50 * ms, 5 * ms, 120 * ms, true, 10},    // a known wave
	} {
		opts := batchOptions{window: 50 * ms, maxSize: 100, splitAt: tc.splitAt}
		if tc.known {
			opts.wave = 10
		}
		b := newBatcher(opts, nil)
		b.wave, b.roundTrip, b.nGaps = 10, tc.roundTrip, gapSamples
		for i := range b.gaps {
			b.gaps[i] = tc.gap
		}
		if got := b.batchSize(); got != tc.size {
			t.Errorf("splitAt %s, known wave %t, gap %s, round trip %s: batchSize() = %d, want %d", tc.splitAt, tc.known, tc.gap, tc.roundTrip, got, tc.size)
		}
	}
}

func TestBatcherWithdrawnOperationIsNotSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{}
		b := newBatcher(batchOptions{window: time.Minute, maxSize: 100}, r.send)
		gone := &pendingOp{ctx: context.Background(), op: addOp("gone"), done: make(chan opResult, 1)}
		b.submit(gone)
		synctest.Wait()
		if !b.withdraw(gone) {
			t.Fatal("withdraw of a queued operation = false")
		}
		submitConcurrently(b, logins("kept", 2))
		if sent := r.sent(); len(sent) != 1 || slices.Contains(sent[0], "gone") || len(sent[0]) != 2 {
			t.Errorf("sent %v, want one batch of the two kept operations", sent)
		}
		if b.withdraw(gone) {
			t.Error("a second withdraw succeeded")
		}
	})
}

func TestBatcherDisabledSendsEachOperationAloneAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recorder{roundTrip: 10 * time.Millisecond}
		b := newBatcher(batchOptions{window: time.Hour, maxSize: 100, disabled: true}, r.send)
		start := time.Now()
		submitConcurrently(b, logins("svc", 20))
		if sizes := batchSizes(r.sent()); len(sizes) != 20 || slices.Max(sizes) != 1 {
			t.Errorf("batch sizes %v, want 20 of 1", sizes)
		}
		if waited := time.Since(start); waited != 10*time.Millisecond {
			t.Errorf("took %s, want one round trip: unbatched operations do not wait for each other", waited)
		}
	})
}

// submitLikeTerraform submits ops the way Terraform's apply walk calls the
// provider: at most parallelism at once, each started only when an earlier
// one returned, and started one after another, the i-th gap(i) after the one
// before (Terraform evaluates and plans each in turn before calling the
// provider). It returns how long each operation took, from its submit to its
// answer, in the order they were answered.
func submitLikeTerraform(b *batcher, ops []client.SyncOperation, parallelism int, gap func(i int) time.Duration) []time.Duration {
	slots := make(chan struct{}, parallelism)
	// core is Terraform's own work on one operation at a time; it holds
	// the number of operations started so far. A channel, not a mutex:
	// synctest sees a goroutine waiting for a channel as blocked.
	core := make(chan int, 1)
	core <- 0
	var mu sync.Mutex // never held while waiting
	var took []time.Duration
	var wg sync.WaitGroup
	for _, op := range ops {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			i := <-core
			time.Sleep(gap(i))
			core <- i + 1
			start := time.Now()
			submitAndWait(b, op)
			mu.Lock()
			took = append(took, time.Since(start))
			mu.Unlock()
		})
	}
	wg.Wait()
	return took
}

// TestBatcherSendsTheRestOfAStalledWaveAtOnce: a round trip longer than
// Terraform's time to start a wave splits a wave of 10 into parts of 3, and
// one operation is left over. Every slot of Terraform's is then held by an
// operation queued or syncing, so no company can come before an answer: it
// goes alone at once, instead of a whole round trip later with the next
// parts.
func TestBatcherSendsTheRestOfAStalledWaveAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const roundTrip = 100 * time.Millisecond
		r := &recorder{roundTrip: roundTrip / 2, readBack: roundTrip / 2}
		b := newBatcher(batchOptions{window: 20 * time.Millisecond, maxSize: 100, splitAt: 20 * time.Millisecond}, r.send)
		took := submitLikeTerraform(b, logins("svc", 300), 10, func(int) time.Duration { return 5 * time.Millisecond })
		slices.Sort(took)
		if p90 := took[len(took)*9/10]; p90 > roundTrip*6/5 {
			t.Errorf("an operation's 90th percentile time from submit to answer is %s, want at most 1.2 round trips (%s)", p90, roundTrip*6/5)
		}
	})
}

// batchesOfTerraformPace submits n operations at Terraform's pace to a
// batcher with a 20 ms window whose syncs take 10 ms, and returns the sizes
// of its batches, and the batcher.
func batchesOfTerraformPace(n, parallelism int, gap func(i int) time.Duration) ([]int, *batcher) {
	r := &recorder{roundTrip: 10 * time.Millisecond}
	b := newBatcher(batchOptions{window: 20 * time.Millisecond, maxSize: 100}, r.send)
	submitLikeTerraform(b, logins("svc", n), parallelism, gap)
	return batchSizes(r.sent()), b
}

// TestBatcherWavesStayWholeWhenTerraformSlowsDown: as Terraform's state
// grows it starts operations further apart (measured: a median gap of 6 ms
// in the first third of 1000 creates, 32 ms in the last), here from a
// quarter of the configured window to three times it. A fixed idle window
// would send the later operations alone; the window follows the gaps, so
// each wave of -parallelism operations is exactly one batch.
func TestBatcherWavesStayWholeWhenTerraformSlowsDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, parallelism = 40, 5
		sizes, _ := batchesOfTerraformPace(n, parallelism, func(i int) time.Duration {
			return 5*time.Millisecond + time.Duration(i)*1500*time.Microsecond
		})
		if !slices.Equal(sizes, []int{5, 5, 5, 5, 5, 5, 5, 5}) {
			t.Errorf("%d operations at parallelism %d went in batches of %v, want 8 of 5", n, parallelism, sizes)
		}
	})
}

// TestBatcherSplitWaveIsWholeAgainAtTheNext: one long pause splits a wave;
// the operations that follow it and those that replace the first part's
// join into one whole wave again, because the wave size learnt before is
// kept.
func TestBatcherSplitWaveIsWholeAgainAtTheNext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, parallelism = 40, 5
		sizes, b := batchesOfTerraformPace(n, parallelism, func(i int) time.Duration {
			if i == 17 {
				return 400 * time.Millisecond // longer than the window can grow to from 5 ms gaps
			}
			return 5 * time.Millisecond
		})
		// Waves of 5 until the pause: 15, 16 go alone after the window;
		// 17 to 21 are a whole wave again, and so on.
		if !slices.Equal(sizes, []int{5, 5, 5, 2, 5, 5, 5, 5, 3}) {
			t.Errorf("%d operations at parallelism %d with one pause went in batches of %v", n, parallelism, sizes)
		}
		b.mu.Lock()
		wave := b.wave
		b.mu.Unlock()
		if wave != parallelism {
			t.Errorf("learnt a wave of %d operations, want %d (Terraform's parallelism)", wave, parallelism)
		}
	})
}

// TestBatcherKnownWaveIsOneBatchWhateverTheTiming: with Terraform's
// parallelism known in advance (Options.KnownWave, for the tests that count
// syncs), every wave is one batch: the first goes as its last operation
// joins, without waiting out the idle window; a pause in a wave longer than
// any idle window does not split it, and a round trip long enough to split
// learnt waves does not either.
func TestBatcherKnownWaveIsOneBatchWhateverTheTiming(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, parallelism = 40, 10
		const gap = 5 * time.Millisecond
		r := &recorder{roundTrip: 200 * time.Millisecond, readBack: 200 * time.Millisecond}
		b := newBatcher(batchOptions{window: 50 * time.Millisecond, maxSize: 100, splitAt: time.Millisecond, wave: parallelism}, r.send)
		start := time.Now()
		took := submitLikeTerraform(b, logins("svc", n), parallelism, func(i int) time.Duration {
			if i == 15 {
				return 3 * maxIdleWindow
			}
			return gap
		})
		if sizes := batchSizes(r.sent()); !slices.Equal(sizes, []int{10, 10, 10, 10}) {
			t.Errorf("%d operations at parallelism %d went in batches of %v, want 4 of 10", n, parallelism, sizes)
		}
		if first := slices.Max(took[:parallelism]); first != 9*gap+400*time.Millisecond {
			t.Errorf("the first operation was answered %s after it joined, want the rest of its wave's joins and one round trip", first)
		}
		if want := 4*(10*gap+400*time.Millisecond) + 3*maxIdleWindow - gap; time.Since(start) != want {
			t.Errorf("took %s, want %s: four waves and the pause", time.Since(start), want)
		}
	})
}
