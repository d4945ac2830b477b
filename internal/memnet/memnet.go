// Package memnet is an in-memory network for tests: a listener whose
// connections are net.Pipe pairs. Unlike a loopback socket it does no real
// I/O, so a server and a client on it can run inside a testing/synctest
// bubble, where every timer (retry backoff, Retry-After, token expiry,
// request timeouts) runs on the fake clock and a test can assert exact
// counts without sleeping. httptest servers cannot: their sockets are real.
package memnet

import (
	"context"
	"net"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Listener accepts the connections its DialContext opens.
type Listener struct {
	conns     chan net.Conn
	closed    chan struct{}
	closeOnce sync.Once
}

// Listen returns a listener. Inside a synctest bubble, call it inside the
// bubble: its channels then belong to the bubble, and a goroutine waiting
// on them counts as durably blocked.
func Listen() *Listener {
	return &Listener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

// Accept waits for the next DialContext.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close stops accepting; later dials are refused.
func (l *Listener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return nil
}

// Addr is a placeholder: the network has one listener per test.
func (l *Listener) Addr() net.Addr { return addr{} }

// DialContext connects to the listener whatever the address, so that the
// listener can stand in for a net.Dialer (client.Config.Dialer). A closed
// listener refuses with ECONNREFUSED, as a stopped server would.
func (l *Listener) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
		_, _ = client.Close(), server.Close()
		return nil, &net.OpError{Op: "dial", Net: "memnet", Err: syscall.ECONNREFUSED}
	case <-ctx.Done():
		_, _ = client.Close(), server.Close()
		return nil, ctx.Err()
	}
}

// Serve serves h on a new listener until the test ends and returns the
// listener, the Dialer of the client under test.
func Serve(t testing.TB, h http.Handler) *Listener {
	t.Helper()
	l := Listen()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
		_ = srv.Close() // closes the listener and every connection
		<-done
	})
	return l
}

type addr struct{}

func (addr) Network() string { return "memnet" }
func (addr) String() string  { return "memnet" }
