package store

import (
	"context"
	"errors"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// User returns the user with this login id (case-insensitive) from a
// snapshot no older than this process's latest completed write to that user
// (a sync changes only the users it names, so later writes to others do not
// make the snapshot stale for this one). found is false when the user does
// not exist. A failed or malformed list is an error, never "not found".
func (s *Store) User(ctx context.Context, loginID string) (user *client.User, found bool, err error) {
	s.mu.Lock()
	need := s.userGen[loginKey(loginID)]
	s.mu.Unlock()
	if err := s.ensureFresh(ctx, need); err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user, found = s.snap.lookup(loginID)
	return user, found, nil
}

// ManagedUser is User for a user Terraform manages, whose absence removes
// it from state: a miss in the snapshot is confirmed before it is believed,
// since one list answer may lack a user (a caching proxy, a partial page).
// On a server that reports extension fields, GET /users/{userID} (Part B)
// confirms it; on one that speaks only the documented protocol, a fresh
// GET /users, shared by every miss of the same snapshot. A user found by the
// confirmation is added to the snapshot.
func (s *Store) ManagedUser(ctx context.Context, loginID string) (user *client.User, found bool, err error) {
	user, found, err = s.User(ctx, loginID)
	if err != nil || found {
		return user, found, err
	}
	s.mu.Lock()
	snap, partB := s.snap, s.ext.ReportsAny() && s.ext.Endpoints()
	s.mu.Unlock()
	if partB {
		return s.lookUpOne(ctx, loginID)
	}
	if snap.confirmed {
		return nil, false, nil // this list is itself a confirmation
	}
	load := func(ctx context.Context) error { return s.relist(ctx, snap) }
	if err := sharedRead(ctx, &s.usersFlight, "users", load); err != nil {
		return nil, false, err
	}
	return s.User(ctx, loginID)
}

// lookUpOne asks the server for one user and keeps it in the snapshot.
func (s *Store) lookUpOne(ctx context.Context, loginID string) (*client.User, bool, error) {
	u, err := s.api.GetUser(ctx, loginID)
	if errors.Is(err, client.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ext.Mask(u)
	if _, ok := s.snap.byLogin[loginKey(u.UserID)]; !ok {
		s.snap.byLogin[loginKey(u.UserID)] = *cloneUser(*u)
	}
	return cloneUser(*u), true, nil
}

// relist replaces missed, the snapshot a lookup missed in, by a fresh list
// marked confirmed, unless a newer snapshot arrived meanwhile. It runs as the
// users flight, so it never overlaps a refresh.
func (s *Store) relist(ctx context.Context, missed *snapshot) error {
	s.mu.Lock()
	replaced := s.snap != missed
	s.mu.Unlock()
	if replaced {
		return nil
	}
	return s.refreshAt(ctx, true)
}

// Users returns every user, ordered by key, from the same snapshot.
func (s *Store) Users(ctx context.Context) ([]client.User, error) {
	if err := s.ensureFresh(ctx, s.currentGen()); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snap.all(), nil
}

// Extensions is what the server supports of API.md Part B's user fields. In
// the auto mode it is learnt from the first GET /users of the process (the
// one every plan makes anyway), so it may cost that request; the none and
// all modes answer at once.
func (s *Store) Extensions(ctx context.Context) (client.Extensions, error) {
	if s.opts.Extensions == client.ExtensionsAuto {
		if err := s.ensureFresh(ctx, 0); err != nil {
			return client.Extensions{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ext, nil
}

func (s *Store) currentGen() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeGen
}

// ensureFresh returns once s.snap reflects every write counted up to need.
// Concurrent callers share one GET /users (singleflight); a caller that
// joined a list started before its need loops once more, into a list that
// started after. On success s.snap is non-nil; snapshots are only ever
// replaced by newer ones, so the caller may read it under s.mu.
func (s *Store) ensureFresh(ctx context.Context, need uint64) error {
	for {
		s.mu.Lock()
		fresh := s.snap != nil && s.snap.gen >= need
		s.mu.Unlock()
		if fresh {
			return nil
		}
		load := func(ctx context.Context) error { return s.refresh(ctx, need) }
		if err := sharedRead(ctx, &s.usersFlight, "users", load); err != nil {
			return err
		}
	}
}

// refresh lists the users and installs the result, unless a snapshot of
// generation need arrived since the caller looked (a flight that ended just
// before this one started). Only one refresh runs at a time (one
// singleflight key), which is what makes the single pending patch log
// correct.
func (s *Store) refresh(ctx context.Context, need uint64) error {
	s.mu.Lock()
	if s.snap != nil && s.snap.gen >= need {
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	return s.refreshAt(ctx, false)
}

// refreshAt lists the users and installs the result as the snapshot;
// confirmed marks a list taken to confirm a miss of the one before.
func (s *Store) refreshAt(ctx context.Context, confirmed bool) error {
	s.mu.Lock()
	startGen := s.writeGen
	s.listing = true
	s.pendingPatches = nil
	s.mu.Unlock()

	users, listErr := s.api.ListUsers(ctx)

	s.mu.Lock()
	defer s.mu.Unlock()
	pending := s.pendingPatches
	s.listing = false
	s.pendingPatches = nil
	if listErr != nil {
		return listErr
	}
	s.ext = s.ext.Merge(client.DetectExtensions(s.opts.Extensions, users))
	for i := range users {
		s.ext.Mask(&users[i])
	}
	snap, err := newSnapshot(users, startGen)
	if err != nil {
		return err
	}
	snap.confirmed = confirmed
	// Writes that completed while the list was in flight may or may not be
	// in its answer; patches are idempotent, so applying them again is right
	// either way.
	for _, op := range pending {
		snap.patch(op)
	}
	if s.snap == nil || snap.gen >= s.snap.gen {
		s.snap = snap
		for k, g := range s.userGen {
			if g <= snap.gen {
				delete(s.userGen, k)
			}
		}
	}
	return nil
}
