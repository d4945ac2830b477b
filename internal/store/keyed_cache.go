package store

import (
	"context"
	"maps"
	"sync"

	"golang.org/x/sync/singleflight"
)

// keyedCache holds, per key (a role or a project), a map from lower-case
// login id to a value, loading each key with one list per process however
// many resources ask. Writes update a loaded key in place; writes made while
// the key's list is in flight are replayed on its answer, which may or may
// not include them.
type keyedCache[V any] struct {
	list func(ctx context.Context, key string) (map[string]V, error)

	mu       sync.Mutex
	entries  map[string]map[string]V
	inFlight map[string]*pendingLoad[V]
	flight   singleflight.Group
}

type pendingLoad[V any] struct {
	mutations []cacheMutation[V]
	// discard: forgetAll ran during the list, so its answer must not be kept.
	discard bool
}

type cacheMutation[V any] struct {
	login  string // lower-case
	value  V
	remove bool
}

func newKeyedCache[V any](list func(ctx context.Context, key string) (map[string]V, error)) *keyedCache[V] {
	return &keyedCache[V]{
		list:     list,
		entries:  map[string]map[string]V{},
		inFlight: map[string]*pendingLoad[V]{},
	}
}

// lookup returns loginID's value under key, loading key when needed.
func (c *keyedCache[V]) lookup(ctx context.Context, key, loginID string) (value V, found bool, err error) {
	login := loginKey(loginID)
	for {
		c.mu.Lock()
		if entry, loaded := c.entries[key]; loaded {
			value, found = entry[login]
			c.mu.Unlock()
			return value, found, nil
		}
		c.mu.Unlock()
		if err := sharedRead(ctx, &c.flight, key, func(ctx context.Context) error { return c.load(ctx, key) }); err != nil {
			return value, false, err
		}
		// Loaded (or discarded by forgetAll meanwhile: load again).
	}
}

// entry returns a copy of key's map (lower-case login id to value), loading
// key when needed, as lookup does for one login id.
func (c *keyedCache[V]) entry(ctx context.Context, key string) (map[string]V, error) {
	for {
		c.mu.Lock()
		if e, loaded := c.entries[key]; loaded {
			out := maps.Clone(e)
			c.mu.Unlock()
			return out, nil
		}
		c.mu.Unlock()
		if err := sharedRead(ctx, &c.flight, key, func(ctx context.Context) error { return c.load(ctx, key) }); err != nil {
			return nil, err
		}
		// Loaded (or discarded by forgetAll meanwhile: load again).
	}
}

func (c *keyedCache[V]) load(ctx context.Context, key string) error {
	pending := &pendingLoad[V]{}
	c.mu.Lock()
	if _, loaded := c.entries[key]; loaded {
		// Loaded by a flight that ended after the caller looked.
		c.mu.Unlock()
		return nil
	}
	c.inFlight[key] = pending
	c.mu.Unlock()

	entry, err := c.list(ctx, key)

	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.inFlight, key)
	if err != nil || pending.discard {
		return err
	}
	if entry == nil {
		entry = map[string]V{}
	}
	for _, m := range pending.mutations {
		m.applyTo(entry)
	}
	c.entries[key] = entry
	return nil
}

func (m cacheMutation[V]) applyTo(entry map[string]V) {
	if m.remove {
		delete(entry, m.login)
	} else {
		entry[m.login] = m.value
	}
}

// set records a completed write of value for loginID under key.
func (c *keyedCache[V]) set(key, loginID string, value V) {
	c.mutate(key, cacheMutation[V]{login: loginKey(loginID), value: value})
}

// remove records a completed removal of loginID under key.
func (c *keyedCache[V]) remove(key, loginID string) {
	c.mutate(key, cacheMutation[V]{login: loginKey(loginID), remove: true})
}

func (c *keyedCache[V]) mutate(key string, m cacheMutation[V]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if entry, loaded := c.entries[key]; loaded {
		m.applyTo(entry)
	}
	if p := c.inFlight[key]; p != nil {
		p.mutations = append(p.mutations, m)
	}
}

// dropLogin removes loginID under every key: the server cascades a user's
// deletion to its role assignments and privileges.
func (c *keyedCache[V]) dropLogin(loginID string) {
	m := cacheMutation[V]{login: loginKey(loginID), remove: true}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, entry := range c.entries {
		m.applyTo(entry)
	}
	for _, p := range c.inFlight {
		p.mutations = append(p.mutations, m)
	}
}

// forgetAll drops every loaded key, and the answers of lists in flight, so
// that the next lookups list again. For writes whose effect is unknown.
func (c *keyedCache[V]) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
	for _, p := range c.inFlight {
		p.discard = true
	}
}
