// Package rpcserver serves a terraform-plugin-framework provider over
// protocol 6 with each RPC's context confined to that RPC.
//
// terraform-plugin-framework v1.19.0 (internal/proto6server, registerContext)
// derives every RPC's context with context.WithCancel and appends the cancel
// function to a list that only StopProvider empties; Terraform sends
// StopProvider only on an interrupt. Each kept cancel function holds the
// RPC's whole context chain: terraform-plugin-go's per-RPC loggers and the
// gRPC stream, some 10 KB per RPC, so a provider process grows by ~50 KB per
// resource it handles (732 MB peak RSS for a plan of 5,000 users). Server
// sits between terraform-plugin-go and the framework and hands the framework
// a context that lets go of the RPC's chain when the RPC returns, so the
// framework's list keeps only a few hundred bytes per RPC. UPSTREAM.md, beside
// this file, has the measurement and the upstream report.
package rpcserver

import (
	"context"
	"errors"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// ErrStopped is the cause of an in-flight RPC's cancellation by StopProvider
// (Terraform's answer to an interrupt).
var ErrStopped = errors.New("terraform asked the provider to stop")

// Serve serves the provider p returns under addresses (the first is the one
// Terraform's plugin handshake names), as providerserver.Serve does for
// protocol 6, with every RPC going through Server. With debug it serves
// for a debugger instead and prints the TF_REATTACH_PROVIDERS value that
// names the process under every address (debug.go).
func Serve(addresses []string, p func() provider.Provider, debug bool) error {
	server := func() tfprotov6.ProviderServer {
		return Wrap(providerserver.NewProtocol6(p())())
	}
	if debug {
		return serveDebug(addresses, server)
	}
	return tf6server.Serve(addresses[0], server)
}

// Factory is the ProtoV6ProviderFactories entry for p: the server Serve
// runs, served in process by terraform-plugin-testing.
func Factory(p func() provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		return Wrap(providerserver.NewProtocol6(p())()), nil
	}
}

// Server is a tfprotov6.ProviderServer that runs each RPC of inner in an
// rpcContext: cancelled when the incoming context is done, when the RPC
// returns, or by StopProvider, and holding the incoming context's values
// only until the RPC returns.
//
// It implements tfprotov6.ProviderServer, the list resource interface
// (list_resource.go) and the action interface (action.go), not the state
// store interface: the providers served here have none, and
// terraform-plugin-go answers those RPCs "unimplemented".
type Server struct {
	inner tfprotov6.ProviderServer

	mu sync.Mutex
	// stopped is the parent of every in-flight RPC's context. StopProvider
	// cancels it and starts a new one, so that, as with the framework's
	// own list, only the RPCs in flight at the time are cancelled.
	stopped context.Context
	stop    context.CancelCauseFunc
}

var (
	_ tfprotov6.ProviderServer                 = (*Server)(nil)
	_ tfprotov6.ProviderServerWithListResource = (*Server)(nil) //nolint:staticcheck // the interface terraform-plugin-go serves list resources through (list_resource.go)
	_ tfprotov6.ProviderServerWithActions      = (*Server)(nil) //nolint:staticcheck // the interface terraform-plugin-go serves actions through (action.go)
)

// Wrap returns inner with every RPC confined to its own context.
func Wrap(inner tfprotov6.ProviderServer) *Server {
	s := &Server{inner: inner}
	s.stopped, s.stop = context.WithCancelCause(context.Background())
	return s
}

// begin returns the context inner runs an RPC in, and the function that ends
// it when the RPC returns.
func (s *Server) begin(in context.Context) (context.Context, func()) {
	s.mu.Lock()
	parent := s.stopped
	s.mu.Unlock()
	return newRPCContext(parent, in)
}

// serve runs one RPC of inner in its own context.
func serve[Req, Resp any](s *Server, in context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	ctx, end := s.begin(in)
	defer end()
	return rpc(ctx, req)
}

// StopProvider cancels every RPC in flight, with ErrStopped as the cause,
// then passes the request on so that the framework cancels its own
// contexts too.
func (s *Server) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	s.mu.Lock()
	s.stop(ErrStopped)
	s.stopped, s.stop = context.WithCancelCause(context.Background())
	s.mu.Unlock()
	return s.inner.StopProvider(ctx, req)
}
