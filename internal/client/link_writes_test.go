package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// linkFake serves one role's holders and one project's privileges, and lets
// each test decide how a write is answered and whether it is applied.
type linkFake struct {
	*fakeAPI
	mu         sync.Mutex
	holders    map[string]bool     // of role api_default
	privileges map[string][]string // on project badges
}

const (
	routeRoleUser    = "PUT /api/v1.0/roles/{role}/users/{user}"
	routeRoleUserDel = "DELETE /api/v1.0/roles/{role}/users/{user}"
	routePriv        = "PUT /api/v1.0/projects/{project}/privileges/{user}"
	routePrivDel     = "DELETE /api/v1.0/projects/{project}/privileges/{user}"
	routeRoleUsers   = "GET /api/v1.0/roles/{role}/users"
	routePrivs       = "GET /api/v1.0/projects/{project}/privileges"
)

func newLinkFake(t *testing.T) *linkFake {
	f := &linkFake{fakeAPI: newFakeAPI(t), holders: map[string]bool{}, privileges: map[string][]string{}}
	f.handle(routeRoleUsers, func(w http.ResponseWriter, _ *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		ids := []string{}
		for id := range f.holders {
			ids = append(ids, id)
		}
		writeJSON(w, http.StatusOK, ids)
	})
	f.handle(routePrivs, func(w http.ResponseWriter, _ *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		out := []ProjectPrivileges{}
		for id, p := range f.privileges {
			out = append(out, ProjectPrivileges{UserID: id, Privileges: p})
		}
		writeJSON(w, http.StatusOK, out)
	})
	return f
}

// serveWrites answers every link write with answer, after applying it when
// apply is set.
func (f *linkFake) serveWrites(apply bool, answer func(http.ResponseWriter)) {
	do := func(change func(r *http.Request)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if apply {
				f.mu.Lock()
				change(r)
				f.mu.Unlock()
			}
			answer(w)
		}
	}
	f.handle(routeRoleUser, do(func(r *http.Request) { f.holders[r.PathValue("user")] = true }))
	f.handle(routeRoleUserDel, do(func(r *http.Request) { delete(f.holders, r.PathValue("user")) }))
	f.handle(routePriv, do(func(r *http.Request) { f.privileges[r.PathValue("user")] = []string{"print_card", "access_producer"} }))
	f.handle(routePrivDel, do(func(r *http.Request) { delete(f.privileges, r.PathValue("user")) }))
}

// writes runs the four link writes in an order each can apply in.
func writes(c *Client) map[string]error {
	ctx := context.Background()
	out := map[string]error{}
	out["PUT role"] = c.AssignRole(ctx, "api_default", "svc-a")
	out["DELETE role"] = c.UnassignRole(ctx, "api_default", "svc-a")
	_, out["PUT privileges"] = c.SetProjectPrivileges(ctx, "badges", "svc-a", []string{"access_producer", "print_card"})
	out["DELETE privileges"] = c.DeleteProjectPrivileges(ctx, "badges", "svc-a")
	return out
}

// TestLinkWriteAnsweredWithAnySuccessSucceeded: a gateway's 201, 202 or
// 204 in place of the server's answer is success, not a failure the next
// plan would trip over.
func TestLinkWriteAnsweredWithAnySuccessSucceeded(t *testing.T) {
	for _, status := range []int{http.StatusCreated, http.StatusAccepted, http.StatusNoContent} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newLinkFake(t)
			f.serveWrites(true, func(w http.ResponseWriter) { w.WriteHeader(status) })
			for name, err := range writes(f.client()) {
				if err != nil {
					t.Errorf("%s answered %d: %v", name, status, err)
				}
			}
			if n := f.count(routeRoleUsers) + f.count(routePrivs); n != 0 {
				t.Errorf("%d read-backs after successes", n)
			}
		})
	}
	f := newLinkFake(t)
	f.handle(routePriv, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	stored, err := f.client().SetProjectPrivileges(context.Background(), "badges", "svc-a", []string{"access_producer"})
	if err != nil || stored != nil {
		t.Errorf("a 204 to a privilege PUT: %v, %v; want success without a stored set", stored, err)
	}
}

// TestLinkWriteWithAnOpenOutcomeIsReadBack: a redirect (never followed) or a
// 5xx leaves open whether the write was applied; the client reads the link
// back and reports what it shows. A 4xx is a refusal and is not read back.
func TestLinkWriteWithAnOpenOutcomeIsReadBack(t *testing.T) {
	answers := map[string]func(http.ResponseWriter){
		"302": func(w http.ResponseWriter) {
			w.Header().Set("Location", "https://elsewhere.example/")
			w.WriteHeader(http.StatusFound)
		},
		"500": func(w http.ResponseWriter) {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "oops"})
		},
		"503": func(w http.ResponseWriter) {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "busy"})
		},
	}
	for name, answer := range answers {
		t.Run(name+" applied", func(t *testing.T) {
			f := newLinkFake(t)
			f.serveWrites(true, answer)
			for write, err := range writes(f.client(func(cfg *Config) { cfg.MaxRetries = 0 })) {
				if err != nil {
					t.Errorf("%s: %v; the read-back shows it applied", write, err)
				}
			}
			if f.count(routeRoleUsers) != 2 || f.count(routePrivs) != 2 {
				t.Errorf("%d and %d read-backs, want 2 each", f.count(routeRoleUsers), f.count(routePrivs))
			}
		})
		t.Run(name+" not applied", func(t *testing.T) {
			f := newLinkFake(t)
			f.mu.Lock()
			f.holders["svc-a"], f.privileges["svc-a"] = true, []string{"access_producer"} // so that the DELETEs have something left
			f.mu.Unlock()
			f.serveWrites(false, answer)
			for write, err := range writes(f.client(func(cfg *Config) { cfg.MaxRetries = 0 })) {
				if write == "DELETE role" || write == "DELETE privileges" || write == "PUT privileges" {
					if err == nil || !strings.Contains(err.Error(), "a read-back shows it was not applied") {
						t.Errorf("%s: %v; want the answer and that a read-back shows it not applied", write, err)
					}
				}
			}
		})
	}
	f := newLinkFake(t)
	f.serveWrites(true, func(w http.ResponseWriter) { writeJSON(w, http.StatusBadRequest, map[string]string{"error": "no"}) })
	for write, err := range writes(f.client()) {
		if !errors.Is(err, ErrBadRequest) {
			t.Errorf("%s: %v, want ErrBadRequest", write, err)
		}
	}
	if n := f.count(routeRoleUsers) + f.count(routePrivs); n != 0 {
		t.Errorf("%d read-backs after refusals", n)
	}
}
