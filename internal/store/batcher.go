package store

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// pendingOp is one Apply call waiting for its batch.
type pendingOp struct {
	ctx context.Context
	op  client.SyncOperation
	// follows: the operation goes in the same batch as the one queued just
	// before it (ApplyInOrder).
	follows bool
	done    chan opResult // buffered: the batch never blocks on a caller that left
}

type opResult struct {
	user *client.User
	err  error
}

func (p *pendingOp) answer(r opResult) { p.done <- r }

// batchOptions is how a batcher forms batches.
type batchOptions struct {
	// window is the shortest idle window (Options.BatchWindow).
	window time.Duration
	// maxSize caps the operations of one batch (Options.MaxBatchSize).
	maxSize int
	// disabled sends every operation alone, at once (Options.DisableBatching).
	disabled bool
	// splitAt is the shortest round trip for which a wave goes in parts
	// (batchSize); 0 keeps waves whole. Store uses defaultSplitAt.
	splitAt time.Duration
	// wave, when not 0, is Terraform's -parallelism known in advance
	// (Options.KnownWave): every batch waits for a whole wave of it (up to
	// knownWaveWait) and goes whole, so that the syncs do not depend on
	// timing.
	wave int
}

// batcher joins operations into batches for send. One worker goroutine
// forms them in the order operations joined. Up to maxSyncsInFlight sends
// run at once, never two holding the same user, so that the server applies
// each user's operations in order; a batch's finish (its read-back) runs
// beside the next batches, so that it never delays the next sync.
//
// Terraform runs at most -parallelism operations at once and starts the
// next only as earlier ones return, so a batch goes when it holds a whole
// wave (no more can come), a part of one when round trips are long
// (batchSize), or when no operation joined for the idle window.
type batcher struct {
	opts batchOptions
	send sendFunc

	mu      sync.Mutex
	queue   []*pendingOp
	running bool          // the worker goroutine exists
	joined  chan struct{} // signalled (non-blocking) when an op joins
	synced  chan struct{} // signalled (non-blocking) when a send returns
	// syncing counts the sends running; syncingUsers their operations by
	// client.LoginKey, which wait in the queue until their send returns.
	syncing      int
	syncingUsers map[string]int
	// roundTrip is how long the latest answered batch took from its send
	// to its results (sync and read-back): 0 until one was answered.
	roundTrip time.Duration
	// active counts operations queued or in a batch not yet answered; an
	// operation stops counting before its caller is answered, so that the
	// operation Terraform starts in its place never counts beside it.
	active int
	// wave is the most operations active at once since the first batch was
	// taken: about Terraform's -parallelism. 0 until then (unless
	// opts.wave), since before it the count says nothing of how many more
	// are coming: the first batch waits out the idle window.
	wave int
	// gaps holds the latest times between two joins (zero until there are
	// gapSamples of them), for idleWindow.
	gaps     [gapSamples]time.Duration
	nGaps    int
	lastJoin time.Time
}

const (
	// gapSamples is how many recent gaps between joins idleWindow looks at:
	// more than a wave's worth at the default -parallelism.
	gapSamples = 16
	// maxIdleWindow bounds how long an operation waits for company however
	// slowly Terraform goes.
	maxIdleWindow = 2 * time.Second
	// maxSyncsInFlight is how many batches may be syncing at once, and so
	// how many parts batchSize may split a wave into: four, so that at the
	// default -parallelism a batch still holds three operations.
	maxSyncsInFlight = 4
	// defaultSplitAt keeps whole waves, the fewest syncs, against a server
	// nearby (round trips of a few milliseconds), and splits them against
	// a distant one (BENCHMARKS.md's 50 ms latency rows).
	defaultSplitAt = 50 * time.Millisecond
	// knownWaveWait is how long a batch short of a known wave waits: only
	// a test that miscounted Terraform's parallelism waits it out.
	knownWaveWait = time.Minute
)

// sendFunc syncs a batch and returns finish, which returns the result of
// each of its operations, in order, once they are known.
type sendFunc func(batch []*pendingOp) (finish func() []opResult)

func newBatcher(opts batchOptions, send sendFunc) *batcher {
	return &batcher{opts: opts, send: send, wave: opts.wave, joined: make(chan struct{}, 1), synced: make(chan struct{}, 1), syncingUsers: map[string]int{}}
}

// idleWindow is how long a batch short of a wave waits for the next
// operation: a quarter over the longest recent gap between joins, from
// opts.window to maxIdleWindow. The longest, not the typical, gap, because
// Terraform pauses for ten times the typical one while it writes its state,
// and a window shorter than such a pause splits the wave it falls in.
// Called with b.mu held.
func (b *batcher) idleWindow() time.Duration {
	if b.opts.wave > 0 {
		return knownWaveWait
	}
	longest := slices.Max(b.gaps[:])
	return max(b.opts.window, min(longest+longest/4, maxIdleWindow))
}

// batchSize is how many operations make a batch full once the wave is
// known. Each operation holds one of Terraform's slots until its round trip
// (sync and read-back) ends, so with whole waves Terraform idles for a
// round trip per wave. Once that round trip is long (splits) and at least
// a fifth of the fill (Terraform's time to start a wave: below, more syncs
// would buy back less than a sixth of the time), the wave goes in the
// fewest parts p for which starting the other p-1 parts covers one part's
// round trip, at most maxSyncsInFlight. Called with b.mu held.
func (b *batcher) batchSize() int {
	fill := b.fill()
	if !b.splits() || 5*b.roundTrip < fill {
		return b.wave
	}
	parts := maxSyncsInFlight
	if b.roundTrip < fill {
		parts = min(int((fill+fill-b.roundTrip-1)/(fill-b.roundTrip)), maxSyncsInFlight)
	}
	parts = min(parts, b.wave)
	return (b.wave + parts - 1) / parts
}

// splits reports whether waves may go in parts: round trips are at least
// opts.splitAt, Terraform's pace is known and the wave is not. Called with
// b.mu held.
func (b *batcher) splits() bool {
	return b.opts.wave == 0 && b.opts.splitAt > 0 && b.roundTrip >= b.opts.splitAt && b.fill() > 0
}

// noCompanyComing reports whether the queued operations can get no company
// before an answer: Terraform has no slot left (every operation of the wave
// is queued or syncing) and waits whatever the batches (the round trip is
// longer than the fill). Without it, the one operation a wave of 10 in parts
// of 3 leaves over would wait a round trip. Called with b.mu held.
func (b *batcher) noCompanyComing() bool {
	return b.splits() && b.active >= b.wave && b.roundTrip >= b.fill()
}

// fill is the time Terraform takes to start a wave at its typical pace, or
// 0 until the pace is known. Called with b.mu held.
func (b *batcher) fill() time.Duration {
	return time.Duration(b.wave) * typicalGap(b.gaps[:], b.nGaps)
}

// typicalGap is the median of the recent gaps between joins, or 0 until
// there are gapSamples of them.
func typicalGap(gaps []time.Duration, n int) time.Duration {
	if n < len(gaps) {
		return 0
	}
	return slices.Sorted(slices.Values(gaps))[len(gaps)/2]
}

// submit hands ps, operations that go together in this order (usually
// one), to the next batch; each one's done receives its result.
func (b *batcher) submit(ps ...*pendingOp) {
	if b.opts.disabled {
		go func() {
			results := b.send(ps)()
			for i, p := range ps {
				p.answer(results[i])
			}
		}()
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if !b.lastJoin.IsZero() {
		b.gaps[b.nGaps%gapSamples] = now.Sub(b.lastJoin)
		b.nGaps++
	}
	b.lastJoin = now
	b.queue = append(b.queue, ps...)
	b.active += len(ps)
	if b.wave > 0 {
		b.wave = max(b.wave, b.active)
	}
	if !b.running {
		b.running = true
		go b.work()
		return
	}
	select {
	case b.joined <- struct{}{}:
	default:
	}
}

// withdraw removes ps, submitted together, from the queue if they have not
// been taken into a batch (a batch takes them all or none), and reports
// whether it did.
func (b *batcher) withdraw(ps ...*pendingOp) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	i := slices.Index(b.queue, ps[0])
	if i < 0 {
		return false
	}
	b.queue = slices.Delete(b.queue, i, i+len(ps))
	b.active -= len(ps)
	return true
}

// work is the worker: it forms batches and starts each one's send until
// the queue is empty, then exits (a later submit starts a new one).
func (b *batcher) work() {
	for {
		batch := b.next()
		if batch == nil {
			return
		}
		go b.run(batch)
	}
}

// run sends a batch, then waits for its results and answers its
// operations; the batch's users may be sent again once its sync returned.
func (b *batcher) run(batch []*pendingOp) {
	start := time.Now()
	finish := b.send(batch)
	b.mu.Lock()
	b.syncing--
	for _, p := range batch {
		k := client.LoginKey(p.op.UserLoginID)
		if b.syncingUsers[k]--; b.syncingUsers[k] == 0 {
			delete(b.syncingUsers, k)
		}
	}
	b.mu.Unlock()
	select {
	case b.synced <- struct{}{}:
	default:
	}
	results := finish()
	b.mu.Lock()
	b.active -= len(batch)
	b.roundTrip = time.Since(start)
	b.mu.Unlock()
	for i, p := range batch {
		p.answer(results[i])
	}
}

// next waits until the queue holds a full batch (opts.maxSize operations,
// or batchSize once the wave is known) or no operation has joined for the
// idle window, and until fewer than maxSyncsInFlight sends run; then it
// takes the batch. It returns nil, and marks the worker gone, when the
// queue is empty.
func (b *batcher) next() []*pendingOp {
	b.mu.Lock()
	timer := time.NewTimer(b.idleWindow())
	b.mu.Unlock()
	defer timer.Stop()
	idle := false // no operation joined for the idle window
	for {
		b.mu.Lock()
		if len(b.queue) == 0 {
			b.running = false
			b.mu.Unlock()
			return nil
		}
		full := len(b.queue) >= b.opts.maxSize || (b.wave > 0 && (len(b.queue) >= b.batchSize() || b.noCompanyComing()))
		if (full || idle) && b.syncing < maxSyncsInFlight {
			if batch := b.takeLocked(); len(batch) > 0 {
				b.mu.Unlock()
				return batch
			}
			// Every queued operation's user is in a running send.
		}
		window := b.idleWindow()
		b.mu.Unlock()
		select {
		case <-b.joined:
			if !idle {
				timer.Reset(window)
			}
		case <-timer.C:
			idle = true
		case <-b.synced:
		}
	}
}

// takeLocked takes up to opts.maxSize queued operations, in order, leaving
// those whose user is in a running send (and so every later one of that
// user), and counts the batch as syncing. Operations submitted together are
// taken together or left together; once a group does not fit, the batch is
// full, so that no later operation of its user overtakes it. A group larger
// than opts.maxSize goes as a batch of its own. Called with b.mu held.
func (b *batcher) takeLocked() []*pendingOp {
	if b.wave == 0 { // the first batch: every active operation is queued
		b.wave = b.active
	}
	var batch, left []*pendingOp
	full := false
	for i := 0; i < len(b.queue); {
		j := i + 1
		for j < len(b.queue) && b.queue[j].follows {
			j++
		}
		group := b.queue[i:j]
		i = j
		full = full || len(batch) > 0 && len(batch)+len(group) > b.opts.maxSize
		if !full && !slices.ContainsFunc(group, b.syncingLocked) {
			batch = append(batch, group...)
		} else {
			left = append(left, group...)
		}
	}
	if len(batch) == 0 {
		return nil
	}
	b.queue = left
	b.syncing++
	for _, p := range batch {
		b.syncingUsers[client.LoginKey(p.op.UserLoginID)]++
	}
	return batch
}

// syncingLocked reports whether p's user is in a running send. Called with
// b.mu held.
func (b *batcher) syncingLocked(p *pendingOp) bool {
	return b.syncingUsers[client.LoginKey(p.op.UserLoginID)] > 0
}
