package rpcserver

import (
	"context"
	"sync/atomic"
)

// rpcContext is the context one RPC runs in. Its cancellation comes from its
// own cancelCtx, a child of the server's stop context and not of the incoming
// context, so that a context derived from it (the framework's, which the
// framework keeps until StopProvider) reaches neither the gRPC stream nor the
// per-RPC loggers. Values (terraform-plugin-log's loggers and fields, the
// request id) are looked up in the incoming context while the RPC runs; once
// it has returned, an rpcContext holds no values, so whatever still refers to
// it keeps a few hundred bytes alive instead of the RPC's context chain.
type rpcContext struct {
	// Context gives Done, Err, Deadline and the context package's own
	// lookups (a child's cancelCtx attaches to it directly, without a
	// goroutine).
	context.Context
	// values is the incoming context until the RPC returns, then nil.
	values atomic.Pointer[context.Context]
}

// newRPCContext returns the context of an RPC that arrived with in, and the
// function that ends it. The context is cancelled when in is done (Terraform
// or gRPC cancelled the call), when parent is (StopProvider), or by end; end
// also drops in.
func newRPCContext(parent, in context.Context) (*rpcContext, func()) {
	var own context.Context
	var cancel context.CancelFunc
	if deadline, ok := in.Deadline(); ok {
		own, cancel = context.WithDeadline(parent, deadline)
	} else {
		own, cancel = context.WithCancel(parent)
	}
	c := &rpcContext{Context: own}
	c.values.Store(&in)
	// AfterFunc attaches to in's cancelCtx; stopping it at the end detaches
	// the rpcContext from in again.
	stopAfter := context.AfterFunc(in, cancel)
	return c, func() {
		stopAfter()
		c.values.Store(nil)
		cancel()
	}
}

// Value answers the context package's own keys (a cancelCtx asks for its
// parent's) from the rpcContext's cancellation, which carries no other
// values, and every other key from the incoming context while the RPC runs.
func (c *rpcContext) Value(key any) any {
	if v := c.Context.Value(key); v != nil {
		return v
	}
	if in := c.values.Load(); in != nil {
		return (*in).Value(key)
	}
	return nil
}
