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

// batcher queues operations for the one worker goroutine that sends them.
// Batches run one after another, so operations on one user are sent in the
// order their Apply calls joined, and the next batch fills while one is in
// flight.
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
	mu      sync.Mutex
	queue   []*pendingOp
	running bool          // the worker goroutine exists
	joined  chan struct{} // signalled (non-blocking) when an op joins
	// active counts operations queued or in the batch being sent; an
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

// idleWindow is how long a batch that is not yet a whole wave waits for the
// next operation: a quarter longer than the longest of the recent gaps
// between joins, at least BatchWindow and at most maxIdleWindow (or
// BatchWindow, if that is longer). The longest gap, because Terraform's
// operations come in bursts: several within a millisecond, then a pause of
// ten times the median while Terraform writes its state or the machine is
// busy; a window shorter than those pauses splits the waves that hold one.
// Called with b.mu held.
func (b *batcher) idleWindow(minimum time.Duration) time.Duration {
	longest := slices.Max(b.gaps[:])
	return max(minimum, min(longest+longest/4, maxIdleWindow))
}

// Apply joins op to the next batched PUT /users/sync and waits for its
// outcome. Operations on one user keep their order. On success the snapshot
// reflects op and, for ADD and MODIFY, the user as the server now holds it is
// returned (nil for DELETE). A rejected operation gives an error naming that
// operation (a *client.SyncError for it alone), never one of its neighbours.
// A successful write whose result could not be read back gives a
// *ReadBackError.
//
// A caller whose ctx ends stops waiting if its operation was not yet taken
// into a batch (it is withdrawn and ctx's error returned); an operation
// already in a batch is not recalled, and Apply returns its outcome.
func (s *Store) Apply(ctx context.Context, op client.SyncOperation) (*client.User, error) {
	p := &pendingOp{ctx: ctx, op: op, done: make(chan opResult, 1)}
	if s.opts.DisableBatching {
		go func() { p.answer(s.runBatch([]*pendingOp{p})[0]) }()
	} else {
		s.enqueue(p)
	}
	select {
	case r := <-p.done:
		return r.user, r.err
	case <-ctx.Done():
		if s.withdraw(p) {
			return nil, ctx.Err()
		}
		// Already taken into a batch, which runs to its end whatever
		// happens to ctx, so the server may well apply the operation.
		// Returning ctx.Err() now would leave a user on the server that no
		// Terraform state knows about (an interrupted apply then fails on
		// the re-run with "already exists"); waiting for the batch, which
		// its requests' timeouts bound, lets the caller record the outcome.
		r := <-p.done
		return r.user, r.err
	}
}

func (p *pendingOp) answer(r opResult) { p.done <- r }

func (s *Store) enqueue(p *pendingOp) {
	b := &s.batches
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if !b.lastJoin.IsZero() {
		b.gaps[b.nGaps%gapSamples] = now.Sub(b.lastJoin)
		b.nGaps++
	}
	b.lastJoin = now
	if b.joined == nil {
		b.joined = make(chan struct{}, 1)
	}
	b.queue = append(b.queue, p)
	b.active++
	if b.wave > 0 {
		b.wave = max(b.wave, b.active)
	}
	if !b.running {
		b.running = true
		go s.sendBatches()
		return
	}
	select {
	case b.joined <- struct{}{}:
	default:
	}
}

// withdraw removes p from the queue if it has not been taken into a batch,
// and reports whether it did.
func (s *Store) withdraw(p *pendingOp) bool {
	b := &s.batches
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.Index(b.queue, p); i >= 0 {
		b.queue = slices.Delete(b.queue, i, i+1)
		b.active--
		return true
	}
	return false
}

// sendBatches is the worker: it sends batches until the queue is empty, then
// exits (a later Apply starts a new one).
func (s *Store) sendBatches() {
	for {
		batch := s.nextBatch()
		if batch == nil {
			return
		}
		results := s.runBatch(batch)
		b := &s.batches
		b.mu.Lock()
		b.active -= len(batch)
		b.mu.Unlock()
		for i, p := range batch {
			p.answer(results[i])
		}
	}
}

// nextBatch waits until the queue holds a whole wave or MaxBatchSize
// operations, or no operation has joined for the idle window; then it takes
// up to MaxBatchSize of them. It returns nil, and marks the worker gone, when
// the queue is empty.
func (s *Store) nextBatch() []*pendingOp {
	b := &s.batches
	b.mu.Lock()
	timer := time.NewTimer(b.idleWindow(s.opts.BatchWindow))
	b.mu.Unlock()
	defer timer.Stop()
	for {
		b.mu.Lock()
		if len(b.queue) == 0 {
			b.running = false
			b.mu.Unlock()
			return nil
		}
		full := len(b.queue) >= s.opts.MaxBatchSize || (b.wave > 0 && len(b.queue) >= b.wave)
		window := b.idleWindow(s.opts.BatchWindow)
		b.mu.Unlock()
		if full {
			if batch := s.takeBatch(); len(batch) > 0 {
				return batch
			}
			continue
		}
		select {
		case <-b.joined:
			timer.Reset(window)
		case <-timer.C:
			if batch := s.takeBatch(); len(batch) > 0 {
				return batch
			}
			// Every queued op was withdrawn meanwhile; the loop exits.
		}
	}
}

func (s *Store) takeBatch() []*pendingOp {
	b := &s.batches
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.wave == 0 { // the first batch: every active operation is queued
		b.wave = b.active
	}
	n := min(len(b.queue), s.opts.MaxBatchSize)
	batch := slices.Clone(b.queue[:n])
	b.queue = slices.Delete(b.queue, 0, n)
	if len(b.queue) == 0 {
		b.queue = nil
	}
	return batch
}
