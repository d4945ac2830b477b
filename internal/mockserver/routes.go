package mockserver

import (
	"net/http"
	"strings"
)

// Route templates, as they label the request counter.
const (
	RouteAuth                  = "/api/v1.0/auth"
	RouteUsers                 = "/api/v1.0/users"
	RouteUser                  = "/api/v1.0/users/{userID}"
	RouteSync                  = "/api/v1.0/users/sync"
	RouteRoles                 = "/api/v1.0/roles"
	RouteRoleUsers             = "/api/v1.0/roles/{roleId}/users"
	RouteRoleUser              = "/api/v1.0/roles/{roleId}/users/{userID}"
	RouteProjects              = "/api/v1.0/projects"
	RouteProjectPrivileges     = "/api/v1.0/projects/{projectId}/privileges"
	RouteProjectUserPrivileges = "/api/v1.0/projects/{projectId}/privileges/{userID}"
	RouteBranches              = "/api/v1.0/branches"
	RouteGroups                = "/api/v1.0/groups"
	RouteLimits                = "/api/v1.0/limits"
	RouteMetrics               = "/metrics"

	// routeUnmatched labels requests no template matches.
	routeUnmatched = "unmatched"
)

// access is what a route asks of the caller.
type access int

const (
	accessPublic access = iota // no token (GET /auth, /metrics)
	accessRead                 // any valid token of an ACTIVE user
	accessWrite                // a valid token of an account_admin holder
)

// part is where API.md defines a route; a documented server lacks Part B.
type part int

const (
	partA part = iota // the documented protocol (and the mock's own /metrics)
	partB             // the extensions: 404 under ProtocolDocumented
)

// route is one endpoint: a method and a template, which together are its
// http.ServeMux pattern. The mux matches them (GET /users/sync is the user
// "sync", PUT /users/sync the sync call) and fills r.PathValue.
type route struct {
	method   string
	template string
	part     part
	access   access
	serve    func(s *Server, w http.ResponseWriter, r *http.Request)
}

func (rt *route) pattern() string { return rt.method + " " + rt.template }

// routes lists every endpoint of API.md.
var routes = []route{
	{http.MethodGet, RouteAuth, partA, accessPublic, (*Server).handleAuth},
	{http.MethodGet, RouteMetrics, partA, accessPublic, (*Server).handleMetrics},
	{http.MethodGet, RouteUsers, partA, accessRead, (*Server).handleListUsers},
	{http.MethodPut, RouteSync, partA, accessWrite, (*Server).handleSync},
	{http.MethodGet, RouteUser, partB, accessRead, (*Server).handleGetUser},
	{http.MethodGet, RouteRoles, partB, accessRead, (*Server).handleListRoles},
	{http.MethodGet, RouteRoleUsers, partB, accessRead, (*Server).handleListRoleUsers},
	{http.MethodPut, RouteRoleUser, partB, accessWrite, (*Server).handleAssignRole},
	{http.MethodDelete, RouteRoleUser, partB, accessWrite, (*Server).handleUnassignRole},
	{http.MethodGet, RouteProjects, partB, accessRead, (*Server).handleListProjects},
	{http.MethodGet, RouteProjectPrivileges, partB, accessRead, (*Server).handleListPrivileges},
	{http.MethodGet, RouteProjectUserPrivileges, partB, accessRead, (*Server).handleGetPrivileges},
	{http.MethodPut, RouteProjectUserPrivileges, partB, accessWrite, (*Server).handleSetPrivileges},
	{http.MethodDelete, RouteProjectUserPrivileges, partB, accessWrite, (*Server).handleDeletePrivileges},
	{http.MethodGet, RouteBranches, partB, accessRead, (*Server).handleListBranches},
	{http.MethodGet, RouteGroups, partB, accessRead, (*Server).handleListGroups},
	{http.MethodGet, RouteLimits, partB, accessRead, (*Server).handleLimits},
}

// routeMethods are the methods of routes, in the order an Allow header lists them.
var routeMethods = []string{http.MethodGet, http.MethodPut, http.MethodDelete}

// newMux registers every route, and "/" for what none of them takes, so that
// every answer, 404 and 405 included, has API.md's error body.
func (s *Server) newMux() *http.ServeMux {
	mux := http.NewServeMux()
	s.byPattern = make(map[string]*route, len(routes))
	for i := range routes {
		rt := &routes[i]
		s.byPattern[rt.pattern()] = rt
		mux.HandleFunc(rt.pattern(), func(w http.ResponseWriter, r *http.Request) { s.serveRoute(w, r, rt) })
	}
	mux.HandleFunc("/", s.serveUnrouted)
	return mux
}

// serveRoute runs a matched route: faults first, then the protocol and token
// checks, then the endpoint.
func (s *Server) serveRoute(w http.ResponseWriter, r *http.Request, rt *route) {
	if r.Method != rt.method {
		// The mux serves HEAD with a GET pattern; API.md defines no HEAD,
		// and a HEAD /auth must not try a password.
		s.serveUnrouted(w, r)
		return
	}
	if s.enter(w, r, rt.template) {
		return
	}
	if !s.serves(rt.part) {
		// Counted under its template all the same, so that tests can see a
		// client probe an extension.
		writeNoRoute(w, r, true)
		return
	}
	if rt.access != accessPublic {
		caller, err := s.authenticate(r)
		if err != nil {
			writeError(w, http.StatusUnauthorized, "%s", err.Error())
			return
		}
		if rt.access == accessWrite && !s.isAccountAdmin(caller) {
			writeError(w, http.StatusForbidden, "%s does not hold the role %s, which this call needs", quote(caller.UserID), RoleAccountAdmin)
			return
		}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	rt.serve(s, w, r)
}

// serveUnrouted answers what no pattern takes: 405 when the path has routes
// for other methods (asking the mux which, method by method), else 404. A
// documented server has no Part B route, so it answers 404 for a path that
// only Part B routes match. The counter labels the request with the template
// of a route the path has, one the server serves when there is one.
func (s *Server) serveUnrouted(w http.ResponseWriter, r *http.Request) {
	template, extension := routeUnmatched, false
	var allowed []string
	for _, m := range routeMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		_, pattern := s.mux.Handler(probe)
		rt, ok := s.byPattern[pattern]
		switch {
		case !ok:
		case s.serves(rt.part):
			if len(allowed) == 0 {
				template = rt.template
			}
			allowed = append(allowed, m)
		default:
			if template == routeUnmatched {
				template = rt.template
			}
			extension = true
		}
	}
	if s.enter(w, r, template) {
		return
	}
	if len(allowed) == 0 {
		writeNoRoute(w, r, extension)
		return
	}
	list := strings.Join(allowed, ", ")
	w.Header().Set("Allow", list)
	// The path, not a template: DELETE /users/sync matches two.
	writeError(w, http.StatusMethodNotAllowed, "method %s is not allowed on %s; allowed: %s", r.Method, quote(r.URL.Path), list)
}

// writeNoRoute answers 404 for a request no route serves; extension says the
// path is one of Part B, which a documented server lacks.
func writeNoRoute(w http.ResponseWriter, r *http.Request, extension bool) {
	why := ""
	if extension {
		why = " (an extension of the Users API; this server speaks the documented protocol only)"
	}
	writeError(w, http.StatusNotFound, "no such route: %s %s%s", r.Method, quote(r.URL.Path), why)
}

// enter labels the request for the counter with template and injects the
// faults (never into /metrics). It reports whether a fault answered.
func (s *Server) enter(w http.ResponseWriter, r *http.Request, template string) bool {
	if rec, ok := w.(*statusRecorder); ok {
		rec.route = template
	}
	return template != RouteMetrics && s.faults.before(w, r)
}
