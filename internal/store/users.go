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
	user, _, err = s.user(ctx, loginID)
	return user, user != nil, err
}

// user is User, with the snapshot it looked in.
func (s *Store) user(ctx context.Context, loginID string) (user *client.User, in *snapshot, err error) {
	err = s.view.read(ctx, s.view.needOf(loginID), func(snap *snapshot) {
		user, _ = snap.lookup(loginID)
		in = snap
	})
	return user, in, err
}

// ManagedUser is User for a user Terraform manages, whose absence removes
// it from state: a miss in the snapshot is confirmed before it is believed,
// since one list answer may lack a user (a caching proxy, a partial page).
// On a server that reports extension fields, GET /users/{userID} (Part B)
// confirms it; on one that speaks only the documented protocol, a fresh
// GET /users, shared by every miss of the same snapshot. A user found by the
// confirmation is added to the snapshot.
func (s *Store) ManagedUser(ctx context.Context, loginID string) (user *client.User, found bool, err error) {
	user, missed, err := s.user(ctx, loginID)
	if err != nil || user != nil {
		return user, user != nil, err
	}
	if ext := s.view.extensions(); ext.ReportsAny() && ext.Endpoints() {
		return s.lookUpOne(ctx, loginID)
	}
	if missed.confirmed {
		return nil, false, nil // this list is itself a confirmation
	}
	if err := s.view.relist(ctx, missed); err != nil {
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
	return s.view.keep(u), true, nil
}

// Users returns every user, ordered by key, from the same snapshot.
func (s *Store) Users(ctx context.Context) ([]client.User, error) {
	return s.allUsers(ctx, s.view.needOf(""))
}

// UsersAtHand is Users from the snapshot at hand, listing only when there
// is none: it does not wait for the read-back of this process's writes.
// For the plan Terraform makes of each change at apply, which must not
// wait for the batches before it, and whose caller knows what those
// writes did (the snapshot is patched with what they tell; an ADD is not).
func (s *Store) UsersAtHand(ctx context.Context) ([]client.User, error) {
	return s.allUsers(ctx, 0)
}

func (s *Store) allUsers(ctx context.Context, need uint64) (users []client.User, err error) {
	err = s.view.read(ctx, need, func(snap *snapshot) { users = snap.all() })
	return users, err
}

// Extensions is what the server supports of API.md Part B's user fields. In
// the auto mode it is learnt from the first GET /users of the process (the
// one every plan makes anyway), so it may cost that request; the none and
// all modes answer at once.
func (s *Store) Extensions(ctx context.Context) (client.Extensions, error) {
	if s.opts.Extensions == client.ExtensionsAuto {
		if err := s.view.read(ctx, 0, nil); err != nil {
			return client.Extensions{}, err
		}
	}
	return s.view.extensions(), nil
}
