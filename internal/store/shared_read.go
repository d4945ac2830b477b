package store

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"
)

// sharedLoad is the "look, else load once, then look again" of the caches
// (fixedListCache, keyedCache). mu guards the cache that embeds it.
type sharedLoad struct {
	mu     sync.Mutex
	flight singleflight.Group
}

// read calls look under mu once loaded reports key loaded, loading it
// first: one load at a time per key, shared by every caller that waits, and
// skipped when a load that ended after the caller looked did it already.
// The load runs under a context detached from the caller's cancellation,
// because other callers share it; the caller's values (tflog fields) are
// kept, and each caller stops waiting at the end of its own ctx. Errors are
// not cached: the next call loads again. A key loaded and dropped meanwhile
// (keyedCache.forgetAll) is loaded again.
func (s *sharedLoad) read(ctx context.Context, key string, loaded func() bool, look func(), load func(context.Context) error) error {
	for {
		s.mu.Lock()
		if loaded() {
			look()
			s.mu.Unlock()
			return nil
		}
		s.mu.Unlock()
		loadCtx := context.WithoutCancel(ctx)
		ch := s.flight.DoChan(key, func() (any, error) {
			s.mu.Lock()
			done := loaded()
			s.mu.Unlock()
			if done {
				return nil, nil
			}
			return nil, load(loadCtx)
		})
		select {
		case r := <-ch:
			if r.Err != nil {
				return r.Err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
