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
type batcher struct {
	mu      sync.Mutex
	queue   []*pendingOp
	running bool          // the worker goroutine exists
	joined  chan struct{} // signalled (non-blocking) when an op joins
	// active counts Apply calls waiting for their outcome. peak is the most
	// there were when a batch was taken: about Terraform's -parallelism.
	// Once the queue holds peak operations no further one is likely to join
	// before some finish, so waiting out the idle window would only add
	// latency. The first batch has no peak to go by and waits the window.
	active, peak int
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
		go s.runBatch([]*pendingOp{p})
	} else {
		s.enqueue(p)
		defer s.leave()
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

func (s *Store) enqueue(p *pendingOp) {
	b := &s.batches
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.joined == nil {
		b.joined = make(chan struct{}, 1)
	}
	b.queue = append(b.queue, p)
	b.active++
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

// leave records that an Apply call has its outcome.
func (s *Store) leave() {
	b := &s.batches
	b.mu.Lock()
	b.active--
	b.mu.Unlock()
}

// withdraw removes p from the queue if it has not been taken into a batch,
// and reports whether it did.
func (s *Store) withdraw(p *pendingOp) bool {
	b := &s.batches
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.Index(b.queue, p); i >= 0 {
		b.queue = slices.Delete(b.queue, i, i+1)
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
		s.runBatch(batch)
	}
}

// nextBatch waits until no operation has joined for BatchWindow, or the
// queue holds as many operations as were ever waiting at once (the whole
// wave Terraform has in flight), or MaxBatchSize; then it takes up to
// MaxBatchSize of them. It returns nil, and marks the worker gone, when the
// queue is empty.
func (s *Store) nextBatch() []*pendingOp {
	b := &s.batches
	timer := time.NewTimer(s.opts.BatchWindow)
	defer timer.Stop()
	for {
		b.mu.Lock()
		if len(b.queue) == 0 {
			b.running = false
			b.mu.Unlock()
			return nil
		}
		full := len(b.queue) >= s.opts.MaxBatchSize || (b.peak > 0 && len(b.queue) >= b.peak)
		b.mu.Unlock()
		if full {
			if batch := s.takeBatch(); len(batch) > 0 {
				return batch
			}
			continue
		}
		select {
		case <-b.joined:
			timer.Reset(s.opts.BatchWindow)
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
	b.peak = max(b.peak, b.active)
	n := min(len(b.queue), s.opts.MaxBatchSize)
	batch := slices.Clone(b.queue[:n])
	b.queue = slices.Delete(b.queue, 0, n)
	if len(b.queue) == 0 {
		b.queue = nil
	}
	return batch
}
