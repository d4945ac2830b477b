package memnet

import (
	"errors"
	"io"
	"net/http"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// TestServeInABubble: a server and client on memnet run inside a synctest
// bubble, where a handler's wait takes fake time only.
func TestServeInABubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := Serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			time.Sleep(time.Minute)
			_, _ = io.WriteString(w, "hello")
		}))
		c := &http.Client{Transport: &http.Transport{DialContext: l.DialContext}}
		t.Cleanup(c.CloseIdleConnections)
		start := time.Now()
		resp, err := c.Get("http://anywhere/")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil || string(body) != "hello" {
			t.Fatalf("body %q, err %v", body, err)
		}
		if waited := time.Since(start); waited != time.Minute {
			t.Errorf("waited %v of fake time, want 1m", waited)
		}
	})
}

func TestClosedListenerRefuses(t *testing.T) {
	l := Listen()
	_ = l.Close()
	if _, err := l.DialContext(t.Context(), "tcp", "x"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dial after Close: %v, want ECONNREFUSED", err)
	}
	if _, err := l.Accept(); err == nil {
		t.Error("Accept after Close succeeded")
	}
}
