package store

import (
	"context"
	"maps"
	"slices"
	"testing"
)

// heldCache is a keyedCache whose lists answer answers[key] once release is
// closed, reporting each start on started.
func heldCache(answers map[string]map[string]int) (c *keyedCache[int], started chan string, release chan struct{}) {
	started, release = make(chan string, 10), make(chan struct{})
	c = newKeyedCache(func(ctx context.Context, key string) (map[string]int, error) {
		started <- key
		<-release
		return maps.Clone(answers[key]), nil
	})
	return c, started, release
}

func TestKeyedCacheReplaysWritesThatLandDuringALoad(t *testing.T) {
	// The answer was taken before the writes: it still holds alice and
	// carol and lacks bob.
	c, started, release := heldCache(map[string]map[string]int{"r1": {"alice": 1, "carol": 3}})
	got := make(chan map[string]int)
	go func() {
		e, err := c.entry(t.Context(), "r1")
		if err != nil {
			t.Error(err)
		}
		got <- e
	}()
	<-started
	c.set("r1", "Bob", 2)
	c.remove("r1", "alice")
	c.dropLogin("CAROL")
	c.set("r2", "dave", 4) // another key
	close(release)
	if e := <-got; !maps.Equal(e, map[string]int{"bob": 2}) {
		t.Errorf("r1 after the load = %v, want the answer with the writes replayed: map[bob:2]", e)
	}
	if len(c.writes.log) != 0 || len(c.writes.inFlight) != 0 {
		t.Errorf("with no load in flight the log holds %v, loads %v; want nothing", c.writes.log, c.writes.inFlight)
	}
}

func TestKeyedCacheForgetAllDiscardsALoadInFlight(t *testing.T) {
	c, started, release := heldCache(map[string]map[string]int{"r1": {"alice": 1}})
	got := make(chan bool)
	go func() {
		_, found, err := c.lookup(t.Context(), "r1", "alice")
		if err != nil {
			t.Error(err)
		}
		got <- found
	}()
	<-started
	c.forgetAll() // a write of unknown effect: the answer in flight may miss it
	close(release)
	if !<-got {
		t.Error("lookup after a discarded load: alice not found")
	}
	if n := len(started); n != 1 {
		t.Errorf("%d lists after the first, want 1: the discarded answer is listed again", n)
	}
}

func TestReplayLogReplaysOnEveryLoadStartedBefore(t *testing.T) {
	var r replayLog[string]
	first := r.begin()
	r.record("a")
	second := r.begin()
	r.record("b", "c")
	if got := r.end(first); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("first load replays %q, want a b c", got)
	}
	if got := r.end(second); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("second load replays %q, want b c", got)
	}
	r.record("d") // no load in flight: nothing to keep
	if len(r.log) != 0 {
		t.Errorf("log holds %v with no load in flight", r.log)
	}
	if third := r.begin(); third <= second {
		t.Errorf("stamps %d then %d: loads are not ordered by start", second, third)
	}
}
