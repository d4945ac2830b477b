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

// pathParams are the values of a template's {placeholders}.
type pathParams map[string]string

type endpoint struct {
	access access
	serve  func(s *Server, w http.ResponseWriter, r *http.Request, p pathParams)
}

// part is where API.md defines a route; a documented server lacks Part B.
type part int

const (
	partA part = iota // the documented protocol (and the mock's own /metrics)
	partB             // the extensions: 404 under ProtocolDocumented
)

type route struct {
	template  string
	part      part
	endpoints map[string]endpoint // by HTTP method
}

// routeTable lists every route of API.md. Lookup prefers a route that has the
// request's method, so that GET /users/sync reads the user "sync" while PUT
// /users/sync is the sync call. A documented server answers 404 for the
// route lookup finds when it is in Part B, so GET /users/sync is a 404 there.
var routeTable = []route{
	{RouteAuth, partA, map[string]endpoint{http.MethodGet: {accessPublic, (*Server).handleAuth}}},
	{RouteMetrics, partA, map[string]endpoint{http.MethodGet: {accessPublic, (*Server).handleMetrics}}},
	{RouteUsers, partA, map[string]endpoint{http.MethodGet: {accessRead, (*Server).handleListUsers}}},
	{RouteSync, partA, map[string]endpoint{http.MethodPut: {accessWrite, (*Server).handleSync}}},
	{RouteUser, partB, map[string]endpoint{http.MethodGet: {accessRead, (*Server).handleGetUser}}},
	{RouteRoles, partB, map[string]endpoint{http.MethodGet: {accessRead, (*Server).handleListRoles}}},
	{RouteRoleUsers, partB, map[string]endpoint{http.MethodGet: {accessRead, (*Server).handleListRoleUsers}}},
	{RouteRoleUser, partB, map[string]endpoint{
		http.MethodPut:    {accessWrite, (*Server).handleAssignRole},
		http.MethodDelete: {accessWrite, (*Server).handleUnassignRole},
	}},
	{RouteProjects, partB, map[string]endpoint{http.MethodGet: {accessRead, (*Server).handleListProjects}}},
	{RouteProjectPrivileges, partB, map[string]endpoint{http.MethodGet: {accessRead, (*Server).handleListPrivileges}}},
	{RouteProjectUserPrivileges, partB, map[string]endpoint{
		http.MethodGet:    {accessRead, (*Server).handleGetPrivileges},
		http.MethodPut:    {accessWrite, (*Server).handleSetPrivileges},
		http.MethodDelete: {accessWrite, (*Server).handleDeletePrivileges},
	}},
	{RouteBranches, partB, map[string]endpoint{http.MethodGet: {accessRead, (*Server).handleListBranches}}},
	{RouteGroups, partB, map[string]endpoint{http.MethodGet: {accessRead, (*Server).handleListGroups}}},
}

// matchTemplate matches path against template segment by segment.
func matchTemplate(template, path string) (pathParams, bool) {
	tSegs, pSegs := strings.Split(template, "/"), strings.Split(path, "/")
	if len(tSegs) != len(pSegs) {
		return nil, false
	}
	params := pathParams{}
	for i, t := range tSegs {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if pSegs[i] == "" {
				return nil, false
			}
			params[t[1:len(t)-1]] = pSegs[i]
			continue
		}
		if t != pSegs[i] {
			return nil, false
		}
	}
	return params, true
}

// lookupRoute finds the route for a request. It returns the route (nil when
// none matches the path) and the endpoint (ok false when the path matches but
// not the method).
func lookupRoute(method, path string) (rt *route, ep endpoint, params pathParams, ok bool) {
	for i := range routeTable {
		candidate := &routeTable[i]
		p, matched := matchTemplate(candidate.template, path)
		if !matched {
			continue
		}
		if e, has := candidate.endpoints[method]; has {
			return candidate, e, p, true
		}
		if rt == nil {
			rt, params = candidate, p
		}
	}
	return rt, endpoint{}, params, false
}

// allowedMethods lists the methods of rt for the Allow header.
func (rt *route) allowedMethods() string {
	methods := make([]string, 0, len(rt.endpoints))
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		if _, ok := rt.endpoints[m]; ok {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}
