package mockserver

// This file holds the rules that depend on Options.Protocol.
//
// ProtocolExtended speaks all of API.md. ProtocolDocumented plays a real
// server that speaks Part A and nothing more, so that a client can be tested
// against what it may really meet:
//   - every Part B route answers 404 (routes.go marks them, serveHTTP answers);
//   - GET /users shows the documented fields only (users_api.go);
//   - a sync knows the documented fields only: others are dropped or make the
//     sync answer false, per Options.UnknownFields (sync_body.go); a MODIFY
//     that changes a password (an extension) answers false; and false never
//     carries X-Sync-Error (sync.go);
//   - tokens are opaque random strings the server remembers (tokens.go).
//
// The mock still stores what a documented server keeps but does not show
// (branches, group, password) and enforces every Part A rule on it. Seed
// helpers may set extension fields: they are stored, and never shown.

// documented reports whether the server speaks Part A alone.
func (s *Server) documented() bool { return s.opts.Protocol == ProtocolDocumented }

// serves reports whether the server has the routes of API.md part p.
func (s *Server) serves(p part) bool { return p == partA || !s.documented() }

// isAPIUser reports whether u is an API user (an integration, not a person).
// A documented server has no apiUser flag; it tells API users by their group,
// 4 API, and an ADD without a group gives group 2 User, as for people under
// the extended protocol (whose apiUser flag defaults to false).
func (s *Server) isAPIUser(u UserRecord) bool {
	if s.documented() {
		return u.GroupID == groupAPI
	}
	return u.APIUser
}

// countsAsActiveAPIUser reports whether u counts against MaxActiveAPIUsers.
func (s *Server) countsAsActiveAPIUser(u UserRecord) bool {
	return s.isAPIUser(u) && u.Status == StatusActive
}

// activeAPIUsers counts the users of st that count against MaxActiveAPIUsers.
func (s *Server) activeAPIUsers(st *store) int {
	n := 0
	for _, u := range st.Users {
		if s.countsAsActiveAPIUser(u.UserRecord) {
			n++
		}
	}
	return n
}
