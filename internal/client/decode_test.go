package client

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestListUsersDecodesPartAAndExtensions(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte(`[
			{"key":1,"userID":"admin","firstName":"A","lastName":"D","email":"","encrypted":1,"tokenExpires":0,"someFutureField":{"x":1}},
			{"key":2,"userID":"svc","firstName":"S","lastName":"V","email":"s@x.io","encrypted":1,"tokenExpires":900,
			 "description":"ci","branchIds":"101|102","groupId":4,"userGroup":"API","status":"ACTIVE","apiUser":true,
			 "organization":"","passwordChangedAt":"2026-01-02T03:04:05Z"}]`))
	})
	users, err := f.client().ListUsers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 {
		t.Fatalf("%d users", len(users))
	}
	admin, svc := users[0], users[1]
	if admin.Description != nil || admin.BranchIDs != nil || admin.Status != nil || admin.APIUser != nil {
		t.Errorf("absent extension fields should stay nil: %+v", admin)
	}
	if svc.BranchIDs.String() != "101|102" || *svc.GroupID != 4 || *svc.Status != StatusActive || !*svc.APIUser ||
		*svc.Organization != "" || svc.TokenExpires != 900 {
		t.Errorf("extension fields: %+v", svc)
	}
}

func TestBadBodiesGiveClearErrors(t *testing.T) {
	tests := []struct {
		name, contentType, body, want string
	}{
		{"html page", "text/html", "<html><body>Login</body></html>", `content of type "text/html" instead of JSON`},
		{"html without type", "", "<html>", "not a JSON array of users: it starts with"},
		{"garbage", "application/json", "%%%garbage", "not a JSON array of users"},
		{"truncated", "application/json", `[{"key":1,"userID":"a"},{"key":2,"us`, "broken or truncated JSON"},
		{"wrong types", "application/json", `[{"key":"one","userID":7}]`, "cannot unmarshal"},
		{"object", "application/json", `{"users":[]}`, "not a JSON array of users"},
		{"null", "application/json", `null`, "not a JSON array of users"},
		{"empty", "application/json", ``, "empty body"},
		{"trailing data", "application/json", `[] []`, "not a JSON array of users"},
		{"not users", "application/json", `[1,2]`, "cannot unmarshal"},
		{"user without login", "application/json", `[{"key":3}]`, "without a userID at index 0"},
		{"bad branch ids", "application/json", `[{"key":3,"userID":"x","branchIds":"1|a"}]`, `"a" at position 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle(routeUsers, func(w http.ResponseWriter, _ *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				} else {
					w.Header()["Content-Type"] = nil // no sniffing
				}
				_, _ = w.Write([]byte(tt.body))
			})
			users, err := f.client().ListUsers(context.Background())
			if err == nil || users != nil {
				t.Fatalf("users=%v err=%v; want an error and no list", users, err)
			}
			if !strings.Contains(err.Error(), "GET /users") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q should name GET /users and contain %q", err, tt.want)
			}
		})
	}
}

func TestEmptyUserListIsNotAnError(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, usersHandler())
	users, err := f.client().ListUsers(context.Background())
	if err != nil || users == nil || len(users) != 0 {
		t.Fatalf("users=%#v err=%v; want an empty list", users, err)
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	f := newFakeAPI(t)
	f.handle("GET /api/v1.0/roles", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"roleId":"x","name":"` + strings.Repeat("a", smallBodyLimit) + `"}]`))
	})
	_, err := f.client().ListRoles(context.Background())
	if err == nil || !strings.Contains(err.Error(), "GET /roles") || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Fatalf("err = %v, want a clear size error", err)
	}
}

func TestNonJSONErrorBodyIsQuoted(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("<html>Access denied by proxy</html>"))
	})
	_, err := f.client().ListUsers(context.Background())
	if err == nil || !strings.Contains(err.Error(), "Access denied by proxy") {
		t.Fatalf("err = %v, want the proxy's text", err)
	}
}

func FuzzDecodeUsers(f *testing.F) {
	for _, s := range []string{
		`[]`, `null`, `[{"key":1,"userID":"a","branchIds":"1|2","apiUser":true}]`, `[{"key":"x"}]`,
		`<html>`, `[{"userID":"a","branchIds":"||"}]`, `[{"userID":"a"`, `{}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		users, err := decodeUsers(nil, data)
		if err != nil {
			if users != nil {
				t.Fatalf("decodeUsers returned users and an error")
			}
			if !strings.HasPrefix(err.Error(), "GET /users") {
				t.Fatalf("error %q does not name the endpoint", err)
			}
			return
		}
		if users == nil {
			t.Fatalf("decodeUsers(%q) returned a nil list without an error", data)
		}
		for _, u := range users {
			if u.UserID == "" {
				t.Fatalf("a user without login id was accepted")
			}
		}
	})
}
