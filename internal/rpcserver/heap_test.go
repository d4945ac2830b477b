package rpcserver

import (
	"context"
	"runtime"
	"testing"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// emptyProvider is the least a framework provider can be: every RPC the
// heap test makes is the framework's own work plus registerContext.
type emptyProvider struct{}

func (emptyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "empty"
}
func (emptyProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (emptyProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (emptyProvider) Resources(context.Context) []func() resource.Resource       { return nil }
func (emptyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// serveInProcess serves server over real gRPC (go-plugin's debug mode, a unix
// socket, terraform-plugin-go's per-RPC logging contexts: what Terraform talks
// to) and returns a client connection to it.
func serveInProcess(t *testing.T, server func() tfprotov6.ProviderServer) *grpc.ClientConn {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve("registry.terraform.io/test/empty", server, tf6server.WithDebug(ctx, reattach, closed))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case err := <-served:
		cancel()
		t.Fatalf("serving: %v", err)
	}
	conn, err := grpc.NewClient("unix://"+cfg.Addr.String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = conn.Close()
		cancel()
		<-closed
	})
	return conn
}

// liveHeapGrowth is how much the live heap (after a GC) grew over calls
// GetMetadata RPCs, after a warm-up that fills the caches.
func liveHeapGrowth(t *testing.T, conn *grpc.ClientConn, calls int) int64 {
	t.Helper()
	call := func() {
		// GetMetadata's request is an empty message; the answer's fields
		// are kept as unknown fields of an Empty.
		if err := conn.Invoke(context.Background(), "/tfplugin6.Provider/GetMetadata", &emptypb.Empty{}, &emptypb.Empty{}); err != nil {
			t.Fatalf("GetMetadata: %v", err)
		}
	}
	for range 200 {
		call()
	}
	before := liveHeap()
	for range calls {
		call()
	}
	return int64(liveHeap()) - int64(before)
}

func liveHeap() uint64 {
	// Two collections: objects with finalizers (gRPC's) go in the second.
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestServedRPCsDoNotGrowTheHeap serves 10,000 RPCs through Serve's server
// and expects the live heap to stay within a few hundred bytes per RPC (the
// framework's own list entries, which only an upstream fix removes), while
// the framework served directly, as providerserver.Serve does, keeps each
// RPC's context chain.
func TestServedRPCsDoNotGrowTheHeap(t *testing.T) {
	// The SDK's TRACE lines would fill the test log; its per-RPC loggers
	// are made (and kept by the framework) all the same.
	t.Setenv("TF_LOG_SDK", "OFF")
	if testing.Short() {
		t.Skip("serves 12,000 RPCs")
	}
	newProvider := func() provider.Provider { return emptyProvider{} }

	const calls = 10000
	wrapped := liveHeapGrowth(t, serveInProcess(t, func() tfprotov6.ProviderServer {
		return Wrap(providerserver.NewProtocol6(newProvider())())
	}), calls)

	const controlCalls = 2000
	unwrapped := liveHeapGrowth(t, serveInProcess(t, providerserver.NewProtocol6(newProvider())), controlCalls)

	perWrapped, perUnwrapped := float64(wrapped)/calls, float64(unwrapped)/controlCalls
	t.Logf("live heap growth: wrapped %d B over %d RPCs (%.0f B/RPC); unwrapped %d B over %d RPCs (%.0f B/RPC)",
		wrapped, calls, perWrapped, unwrapped, controlCalls, perUnwrapped)
	if perWrapped > 600 {
		t.Errorf("wrapped server: live heap grew %.0f B per RPC, want at most 600 (the framework's list entry and an ended rpcContext)", perWrapped)
	}
	if perUnwrapped < 10*max(perWrapped, 100) {
		t.Errorf("control: the unwrapped framework grew %.0f B per RPC, want at least ten times the wrapped server's; the test no longer shows the leak", perUnwrapped)
	}
}
