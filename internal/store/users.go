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
	if err := s.relist(ctx, snap); err != nil {
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
// marked confirmed, shared by every miss of it, unless a newer snapshot
// arrived meanwhile.
func (s *Store) relist(ctx context.Context, missed *snapshot) error {
	s.mu.Lock()
	if s.snap != missed {
		s.mu.Unlock()
		return nil
	}
	l, installed := s.confirmationLocked(ctx, missed), s.installed
	s.mu.Unlock()
	return l.wait(ctx, installed)
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

// UsersAtHand is Users from the snapshot at hand, listing only when there
// is none: it does not wait for the read-back of this process's writes.
// For the plan Terraform makes of each change at apply, which must not
// wait for the batches before it, and whose caller knows what those
// writes did (the snapshot is patched with what they tell; an ADD is not).
func (s *Store) UsersAtHand(ctx context.Context) ([]client.User, error) {
	if err := s.ensureFresh(ctx, 0); err != nil {
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
// Concurrent callers share a list in flight that started after their need,
// or else the next list (see listForLocked). On success s.snap is non-nil;
// snapshots are only ever replaced by newer ones, so the caller may read it
// under s.mu.
func (s *Store) ensureFresh(ctx context.Context, need uint64) error {
	for {
		s.mu.Lock()
		if s.snap != nil && s.snap.gen >= need {
			s.mu.Unlock()
			return nil
		}
		l, installed := s.listForLocked(ctx, need), s.installed
		s.mu.Unlock()
		// Once l ends, s.snap is l's answer or a newer one: the loop ends
		// on its next turn, unless l failed. A newer list may answer first.
		if err := l.wait(ctx, installed); err != nil {
			return err
		}
	}
}
