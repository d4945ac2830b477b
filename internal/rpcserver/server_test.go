package rpcserver

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// blockingServer's ApplyResourceChange waits for its context to end, as a
// provider waiting on a slow server does, and reports why it ended. Every
// other RPC is left to the nil embedded interface: the tests call none.
type blockingServer struct {
	tfprotov6.ProviderServer
	// derived is what the framework does with the context: WithCancel,
	// kept with its cancel function until StopProvider.
	derived       context.Context
	cancelDerived context.CancelFunc
	cause         chan error
	stopped       int
	readLogs      func(ctx context.Context)
}

func newBlockingServer() *blockingServer { return &blockingServer{cause: make(chan error, 1)} }

func (b *blockingServer) ApplyResourceChange(ctx context.Context, _ *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	b.derived, b.cancelDerived = context.WithCancel(ctx)
	<-b.derived.Done()
	b.cause <- context.Cause(b.derived)
	return &tfprotov6.ApplyResourceChangeResponse{}, nil
}

func (b *blockingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	b.derived, b.cancelDerived = context.WithCancel(ctx)
	b.readLogs(b.derived)
	return &tfprotov6.ReadResourceResponse{}, nil
}

func (b *blockingServer) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	b.stopped++
	return &tfprotov6.StopProviderResponse{}, nil
}

// TestStopProviderCancelsInFlightCalls is Terraform's interrupt (SIGINT
// during apply sends StopProvider): the apply in flight ends with ErrStopped
// and the framework still gets its StopProvider; a call made afterwards is
// not cancelled.
func TestStopProviderCancelsInFlightCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inner := newBlockingServer()
		s := Wrap(inner)
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{})
		}()
		synctest.Wait()
		select {
		case err := <-inner.cause:
			t.Fatalf("apply ended before StopProvider: %v", err)
		default:
		}

		if _, err := s.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
			t.Fatal(err)
		}
		if err := <-inner.cause; !errors.Is(err, ErrStopped) {
			t.Errorf("in-flight apply ended with cause %v, want ErrStopped", err)
		}
		<-done
		if inner.stopped != 1 {
			t.Errorf("inner StopProvider called %d times, want 1", inner.stopped)
		}

		go func() { _, _ = s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{}) }()
		synctest.Wait()
		select {
		case err := <-inner.cause:
			t.Errorf("an apply started after StopProvider was cancelled: %v", err)
		default:
		}
		// End the second apply the way Terraform would on a second interrupt.
		_, _ = s.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{})
		if err := <-inner.cause; !errors.Is(err, ErrStopped) {
			t.Errorf("second apply ended with cause %v, want ErrStopped", err)
		}
	})
}

// TestCancelledIncomingContextCancelsTheCall: when Terraform or gRPC cancels
// the call, the provider's context is cancelled too.
func TestCancelledIncomingContextCancelsTheCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inner := newBlockingServer()
		s := Wrap(inner)
		in, cancel := context.WithCancel(context.Background())
		go func() { _, _ = s.ApplyResourceChange(in, &tfprotov6.ApplyResourceChangeRequest{}) }()
		synctest.Wait()
		cancel()
		if err := <-inner.cause; !errors.Is(err, context.Canceled) {
			t.Errorf("apply ended with cause %v, want context.Canceled", err)
		}
	})
}

// TestLogsAndValuesReachTheCallOnlyWhileItRuns: terraform-plugin-log's
// logger travels in the incoming context and still works inside the call;
// once the call has returned, the context the framework keeps reaches
// nothing of the incoming one and is cancelled.
func TestLogsAndValuesReachTheCallOnlyWhileItRuns(t *testing.T) {
	var logs bytes.Buffer
	type key struct{}
	in := context.WithValue(tflogtest.RootLogger(context.Background(), &logs), key{}, "request value")
	inner := newBlockingServer()
	inner.readLogs = func(ctx context.Context) {
		tflog.Info(ctx, "reading the user", map[string]any{"login_id": "bench-00001"})
		if got := ctx.Value(key{}); got != "request value" {
			t.Errorf("during the call, Value = %v, want the incoming context's value", got)
		}
	}
	if _, err := Wrap(inner).ReadResource(in, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `"@message":"reading the user"`) || !strings.Contains(logs.String(), `"login_id":"bench-00001"`) {
		t.Errorf("the provider's log line did not reach the incoming logger; logs: %q", logs.String())
	}
	if got := inner.derived.Value(key{}); got != nil {
		t.Errorf("after the call, the kept context still reaches the incoming one: Value = %v", got)
	}
	if inner.derived.Err() == nil {
		t.Error("after the call, the kept context is not cancelled")
	}
}
