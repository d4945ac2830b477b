package store

import "slices"

// replayLog is the load with replay of the user snapshot (userView) and the
// per-key caches (keyedCache): the server may answer a load before or after
// applying a write that lands meanwhile, so each write is stamped, logged
// and replayed on the answer of every load that started before it (a write
// the answer reflects already does no harm). Loads and writes share one
// counter, so stamps also order them. Its owner's mutex guards it.
type replayLog[W any] struct {
	stamp    uint64
	inFlight []uint64     // the stamps of the loads in flight
	log      []stamped[W] // the writes a load in flight may need, oldest first
}

type stamped[W any] struct {
	at    uint64
	write W
}

// begin stamps the start of a load.
func (r *replayLog[W]) begin() uint64 {
	r.stamp++
	r.inFlight = append(r.inFlight, r.stamp)
	return r.stamp
}

// record stamps writes that landed together (none: an event without a
// write to replay) and logs them for the loads in flight.
func (r *replayLog[W]) record(writes ...W) uint64 {
	r.stamp++
	if len(r.inFlight) > 0 { // else no load to replay them on
		for _, w := range writes {
			r.log = append(r.log, stamped[W]{r.stamp, w})
		}
	}
	return r.stamp
}

// end ends the load stamped start and returns, oldest first, the writes
// that landed after it started, for its answer.
func (r *replayLog[W]) end(start uint64) []W {
	var replay []W
	for _, s := range r.log {
		if s.at > start {
			replay = append(replay, s.write)
		}
	}
	r.inFlight = slices.DeleteFunc(r.inFlight, func(at uint64) bool { return at == start })
	oldest := r.stamp
	if len(r.inFlight) > 0 {
		oldest = slices.Min(r.inFlight)
	}
	r.log = slices.DeleteFunc(r.log, func(s stamped[W]) bool { return s.at <= oldest })
	return replay
}
