package store

import (
	"context"
	"errors"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// Policy is what a plan checks of the server's limits and policies: what
// GET /limits reports, or, where the provider's settings say, what they say
// instead (a server speaking only the documented protocol has no GET
// /limits; a setting also corrects a server that reports wrongly).
type Policy struct {
	// MaxActiveAPIUsers is how many API users may be ACTIVE at once; 0
	// when there is no limit or none is known.
	MaxActiveAPIUsers int
	// EraseOnlyFromTrash: the server deletes an API user only from TRASH.
	EraseOnlyFromTrash bool
	// MaxActiveFromSetting and EraseFromSetting tell that the value is the
	// provider's setting rather than the server's answer, for messages.
	MaxActiveFromSetting, EraseFromSetting bool
}

// Policy returns the server's policy, read once per process and only when
// a setting leaves something to the server. A server without GET /limits
// (or server_extensions "none") reports nothing: no limit, plain deletes.
func (s *Store) Policy(ctx context.Context) (Policy, error) {
	var p Policy
	if s.opts.MaxActiveAPIUsers == nil || s.opts.EraseOnlyFromTrash == nil {
		fetch := partB(s, client.ExtensionLimits, "GET /limits", func(ctx context.Context) ([]client.Limits, error) {
			l, err := s.api.Limits(ctx)
			return []client.Limits{l}, err
		})
		reported, err := s.limits.get(ctx, fetch)
		switch {
		case errors.Is(err, client.ErrExtensionMissing):
		case err != nil:
			return p, err
		default:
			p.MaxActiveAPIUsers, p.EraseOnlyFromTrash = reported[0].MaxActiveAPIUsers, reported[0].EraseOnlyFromTrash
		}
	}
	if v := s.opts.MaxActiveAPIUsers; v != nil {
		p.MaxActiveAPIUsers, p.MaxActiveFromSetting = *v, true
	}
	if v := s.opts.EraseOnlyFromTrash; v != nil {
		p.EraseOnlyFromTrash, p.EraseFromSetting = *v, true
	}
	return p, nil
}
