package store

import (
	"context"
	"maps"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// keyedCache holds, per key (a role or a project), a map from lower-case
// login id to a value, loading each key with one list per process however
// many resources ask. Writes update a loaded key in place, and are replayed
// on the answers of the lists in flight (replayLog).
type keyedCache[V any] struct {
	list func(ctx context.Context, key string) (map[string]V, error)

	sharedLoad
	entries map[string]map[string]V
	writes  replayLog[cacheWrite[V]]
}

// cacheWrite is a completed write: loginID's value under key set or
// removed, or, when forget, one whose effect is unknown.
type cacheWrite[V any] struct {
	key    string // "": every key (the server cascades a user's deletion)
	login  string // lower-case
	value  V
	remove bool
	forget bool
}

func newKeyedCache[V any](list func(ctx context.Context, key string) (map[string]V, error)) *keyedCache[V] {
	return &keyedCache[V]{list: list, entries: map[string]map[string]V{}}
}

// lookup returns loginID's value under key, loading key when needed.
func (c *keyedCache[V]) lookup(ctx context.Context, key, loginID string) (value V, found bool, err error) {
	err = c.read(ctx, key, func(entry map[string]V) { value, found = entry[client.LoginKey(loginID)] })
	return value, found, err
}

// entry returns a copy of key's map (lower-case login id to value), loading
// key when needed.
func (c *keyedCache[V]) entry(ctx context.Context, key string) (out map[string]V, err error) {
	err = c.read(ctx, key, func(entry map[string]V) { out = maps.Clone(entry) })
	return out, err
}

// read calls f with key's map under c.mu, loading key when needed.
func (c *keyedCache[V]) read(ctx context.Context, key string, f func(map[string]V)) error {
	loaded := func() bool { _, ok := c.entries[key]; return ok }
	return c.sharedLoad.read(ctx, key, loaded, func() { f(c.entries[key]) }, func(ctx context.Context) error { return c.load(ctx, key) })
}

func (c *keyedCache[V]) load(ctx context.Context, key string) error {
	c.mu.Lock()
	start := c.writes.begin()
	c.mu.Unlock()

	entry, err := c.list(ctx, key)

	c.mu.Lock()
	defer c.mu.Unlock()
	replay := c.writes.end(start)
	if err != nil {
		return err
	}
	if entry == nil {
		entry = map[string]V{}
	}
	for _, w := range replay {
		if w.forget {
			return nil // the answer may miss a write of unknown effect
		}
		if w.key == "" || w.key == key {
			w.applyTo(entry)
		}
	}
	c.entries[key] = entry
	return nil
}

func (w cacheWrite[V]) applyTo(entry map[string]V) {
	if w.remove {
		delete(entry, w.login)
	} else {
		entry[w.login] = w.value
	}
}

// set records a completed write of value for loginID under key.
func (c *keyedCache[V]) set(key, loginID string, value V) {
	c.landed(cacheWrite[V]{key: key, login: client.LoginKey(loginID), value: value})
}

// remove records a completed removal of loginID under key.
func (c *keyedCache[V]) remove(key, loginID string) {
	c.landed(cacheWrite[V]{key: key, login: client.LoginKey(loginID), remove: true})
}

// dropLogin removes loginID under every key: the server cascades a user's
// deletion to its role assignments and privileges.
func (c *keyedCache[V]) dropLogin(loginID string) {
	c.landed(cacheWrite[V]{login: client.LoginKey(loginID), remove: true})
}

// forgetAll drops every loaded key, and the answers of lists in flight, so
// that the next lookups list again. For writes whose effect is unknown.
func (c *keyedCache[V]) forgetAll() {
	c.landed(cacheWrite[V]{forget: true})
}

func (c *keyedCache[V]) landed(w cacheWrite[V]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for key, entry := range c.entries {
		switch {
		case w.forget:
			delete(c.entries, key)
		case w.key == "" || w.key == key:
			w.applyTo(entry)
		}
	}
	c.writes.record(w)
}
