package provider

import (
	"maps"
	"slices"
	"sync"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// runState is the one home of what the provider remembers across the
// resources of one run. Terraform plans and applies each resource in a call
// of its own, in an order it does not fix, but every resource of one
// provider configuration in one process (a plan in one, its apply in
// another). So a rule about the whole run, or about the two halves of a
// replacement, can be kept only here, under one mutex:
//
//   - keys: the objects this state manages, seen at refresh, create and
//     import. A create of one is the second half of its replacement, not a
//     clash with an existing object (replacement.go).
//   - planned: the objects this run creates and destroys; both for one
//     object is a move without a moved block, refused (replacement.go).
//   - claims: which resources manage which user's roles; an authoritative
//     apiusers_user_roles beside an assignment is refused (replacement.go).
//   - active: whether the run leaves each API user active, for the limit
//     of active API users (active_slots.go).
//   - bindings and retired, at apply: what a user deleted in this process
//     held, which the create of its replacement gives back (deleting a user
//     deletes its roles and privileges on the server, and the link
//     resources, unchanged, are not applied again); and the users a destroy
//     retired here, whose restore the plan accepted (api_user_create.go).
//
// Once-per-run warnings are kept apart (once_per_run.go): the plan and the
// apply of one run are different processes, and must share them.
type runState struct {
	mu       sync.Mutex
	keys     map[string]bool
	planned  map[string]plannedAs
	claims   map[string][]roleClaim    // by client.LoginKey
	active   map[string]bool           // by client.LoginKey
	bindings map[string]store.Bindings // by client.LoginKey
	retired  map[string]bool           // by client.LoginKey
}

// put sets m[k] to v, making the map on first use.
func put[V any](m *map[string]V, k string, v V) {
	if *m == nil {
		*m = map[string]V{}
	}
	(*m)[k] = v
}

func (m *runState) add(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	put(&m.keys, key, true)
}

func (m *runState) has(key string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.keys[key]
}

// plan records that this run creates (or destroys) the object key and
// reports whether it was already planned the other way.
func (m *runState) plan(key string, destroy bool) (conflict bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.planned[key]
	if destroy {
		conflict, p.destroyed = p.created, true
	} else {
		conflict, p.created = p.destroyed, true
	}
	put(&m.planned, key, p)
	return conflict
}

// claimRoles records c on loginID and returns the claims recorded before it
// that conflict with it, one per resource.
func (m *runState) claimRoles(loginID string, c roleClaim) []roleClaim {
	m.mu.Lock()
	defer m.mu.Unlock()
	login := client.LoginKey(loginID)
	var conflicts []roleClaim
	for _, o := range m.claims[login] {
		seen := slices.ContainsFunc(conflicts, func(x roleClaim) bool { return x.resource == o.resource && x.id == o.id })
		if !seen && c.conflictsWith(o) {
			conflicts = append(conflicts, o)
		}
	}
	put(&m.claims, login, append(m.claims[login], c))
	return conflicts
}

// planActive records changes in the run's tally and returns the tally.
func (m *runState) planActive(changes []slotChange) map[string]bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range changes {
		put(&m.active, c.login, c.active)
	}
	return maps.Clone(m.active)
}

// rememberBindings keeps what loginID held before its delete, for the
// create of its replacement (takeBindings).
func (m *runState) rememberBindings(loginID string, b store.Bindings) {
	m.mu.Lock()
	defer m.mu.Unlock()
	put(&m.bindings, client.LoginKey(loginID), b)
}

// takeBindings returns, once, what a user of loginID deleted in this
// process held.
func (m *runState) takeBindings(loginID string) (store.Bindings, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.bindings[client.LoginKey(loginID)]
	delete(m.bindings, client.LoginKey(loginID))
	return b, ok
}

// noteRetired records that a destroy in this process retired loginID
// (deletion_mode trash or deactivate).
func (m *runState) noteRetired(loginID string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	put(&m.retired, client.LoginKey(loginID), true)
}

func (m *runState) retiredHere(loginID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.retired[client.LoginKey(loginID)]
}
