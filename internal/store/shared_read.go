package store

import (
	"context"

	"golang.org/x/sync/singleflight"
)

// sharedRead runs load once for all concurrent callers with the same key
// and waits for it, or for the caller's ctx. The load runs under a context
// detached from the caller's cancellation, because other callers share it;
// the caller's values (tflog fields) are kept. Errors are not cached: the
// next call loads again.
func sharedRead(ctx context.Context, g *singleflight.Group, key string, load func(context.Context) error) error {
	loadCtx := context.WithoutCancel(ctx)
	ch := g.DoChan(key, func() (any, error) { return nil, load(loadCtx) })
	select {
	case r := <-ch:
		return r.Err
	case <-ctx.Done():
		return ctx.Err()
	}
}
