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
	ctx  context.Context
	op   client.SyncOperation
	done chan opResult // buffered: the batch never blocks on a caller that left
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
}

// batcher joins operations into batches for its send function, which one
// worker goroutine calls, one batch after another, so operations on one
// user are sent in the order they joined, and the next batch fills while
// one is in flight. send syncs a batch and returns finish, which returns one
// result per operation, in order, and may wait for a read-back; the batcher
// runs finish beside the next batches, so that a batch's read-back never
// delays the next sync, and answers the operations with its results.
//
// When to send: Terraform runs at most -parallelism operations at once and
// starts the next ones only as earlier ones return, a few to a hundred
// milliseconds apart (it evaluates and plans each, and the more resources
// the state holds, the slower). So a batch goes as soon as it holds as
// many operations as were ever in progress at once (the whole wave: no
// more can come before some finish), and otherwise once no operation has
// joined for the idle window, which follows Terraform's pace (see
// idleWindow) so that a slow wave is not split into several syncs.
type batcher struct {
	opts batchOptions
	send sendFunc

	mu      sync.Mutex
	queue   []*pendingOp
	running bool          // the worker goroutine exists
	joined  chan struct{} // signalled (non-blocking) when an op joins
	// active counts operations queued or in a batch not yet answered; an
	// operation stops counting before its caller is answered, so that the
	// operation Terraform starts in its place never counts beside it.
	active int
	// wave is the most operations active at once since the first batch was
	// taken: about Terraform's -parallelism; 0 until then. Before the first
	// batch every active operation is queued, so the count says nothing
	// about how many more are coming; that batch waits out the idle window.
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
)

// sendFunc syncs a batch and returns finish, which returns the result of
// each of its operations, in order, once they are known.
type sendFunc func(batch []*pendingOp) (finish func() []opResult)

func newBatcher(opts batchOptions, send sendFunc) *batcher {
	return &batcher{opts: opts, send: send, joined: make(chan struct{}, 1)}
}

// idleWindow is how long a batch that is not yet a whole wave waits for the
// next operation: a quarter longer than the longest of the recent gaps
// between joins, at least opts.window and at most maxIdleWindow (or
// opts.window, if that is longer). The longest gap, because Terraform's
// operations come in bursts: several within a millisecond, then a pause of
// ten times the median while Terraform writes its state or the machine is
// busy; a window shorter than those pauses splits the waves that hold one.
// Called with b.mu held.
func (b *batcher) idleWindow() time.Duration {
	longest := slices.Max(b.gaps[:])
	return max(b.opts.window, min(longest+longest/4, maxIdleWindow))
}

// submit hands p to the next batch; p.done receives its result.
func (b *batcher) submit(p *pendingOp) {
	if b.opts.disabled {
		go func() { p.answer(b.send([]*pendingOp{p})()[0]) }()
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
	b.queue = append(b.queue, p)
	b.active++
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

// withdraw removes p from the queue if it has not been taken into a batch,
// and reports whether it did.
func (b *batcher) withdraw(p *pendingOp) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.Index(b.queue, p); i >= 0 {
		b.queue = slices.Delete(b.queue, i, i+1)
		b.active--
		return true
	}
	return false
}

// work is the worker: it sends batches until the queue is empty, then exits
// (a later submit starts a new one). Each batch is finished and answered
// in a goroutine of its own, while the worker sends the next.
func (b *batcher) work() {
	for {
		batch := b.next()
		if batch == nil {
			return
		}
		finish := b.send(batch)
		go b.settle(batch, finish)
	}
}

// settle waits for a sent batch's results and answers its operations.
func (b *batcher) settle(batch []*pendingOp, finish func() []opResult) {
	results := finish()
	b.mu.Lock()
	b.active -= len(batch)
	b.mu.Unlock()
	for i, p := range batch {
		p.answer(results[i])
	}
}

// next waits until the queue holds a whole wave or opts.maxSize operations,
// or no operation has joined for the idle window; then it takes up to
// opts.maxSize of them. It returns nil, and marks the worker gone, when the
// queue is empty.
func (b *batcher) next() []*pendingOp {
	b.mu.Lock()
	timer := time.NewTimer(b.idleWindow())
	b.mu.Unlock()
	defer timer.Stop()
	for {
		b.mu.Lock()
		if len(b.queue) == 0 {
			b.running = false
			b.mu.Unlock()
			return nil
		}
		full := len(b.queue) >= b.opts.maxSize || (b.wave > 0 && len(b.queue) >= b.wave)
		window := b.idleWindow()
		b.mu.Unlock()
		if full {
			if batch := b.take(); len(batch) > 0 {
				return batch
			}
			continue
		}
		select {
		case <-b.joined:
			timer.Reset(window)
		case <-timer.C:
			if batch := b.take(); len(batch) > 0 {
				return batch
			}
			// Every queued op was withdrawn meanwhile; the loop exits.
		}
	}
}

func (b *batcher) take() []*pendingOp {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.wave == 0 { // the first batch: every active operation is queued
		b.wave = b.active
	}
	n := min(len(b.queue), b.opts.maxSize)
	batch := slices.Clone(b.queue[:n])
	b.queue = slices.Delete(b.queue, 0, n)
	if len(b.queue) == 0 {
		b.queue = nil
	}
	return batch
}
