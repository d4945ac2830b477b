package mockserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// testPassword meets the policy for every login id used in the tests.
const testPassword = "Sec-Ret-9-Xy"

// apiCaller calls a started Server over HTTP with one token.
type apiCaller struct {
	t          *testing.T
	base       string
	token      string
	documented bool         // the server speaks ProtocolDocumented: no X-Sync-Error ever
	client     *http.Client // nil: http.DefaultClient
}

// handlerTransport serves each request with a handler in the calling
// goroutine, without a listener, so that a test can run in a synctest
// bubble (real network connections do not work in one).
type handlerTransport struct{ handler http.Handler }

func (tr handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	tr.handler.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// startInMemory is startServer without a listener: the caller it returns
// calls the server's handler directly.
func startInMemory(t *testing.T, opts Options) (*Server, *apiCaller) {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	c := &apiCaller{t: t, base: "http://mock.invalid", documented: s.documented(),
		client: &http.Client{Transport: handlerTransport{s.Handler()}}}
	req, _ := http.NewRequest(http.MethodGet, c.base+RouteAuth, nil)
	req.Header.Set("username", s.AdminUsername())
	req.Header.Set("password", s.AdminPassword())
	req.Header.Set("appName", "mockserver-test")
	resp, err := c.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer authAnswer
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || answer.AuthenticationToken == "" {
		t.Fatalf("GET /auth: %d, %v", resp.StatusCode, err)
	}
	c.token = answer.AuthenticationToken
	return s, c
}

// startServer starts a server with opts and returns it with a caller logged
// in as the admin.
func startServer(t *testing.T, opts Options) (*Server, *apiCaller) {
	t.Helper()
	s := Start(t, opts)
	return s, login(t, s, s.AdminUsername(), s.AdminPassword())
}

// authenticateHTTP calls GET /auth and returns the status and the token.
func authenticateHTTP(t *testing.T, s *Server, username, password string) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(authRequest(s, username, password))
	if err != nil {
		t.Fatalf("GET /auth: %v", err)
	}
	defer resp.Body.Close()
	var answer authAnswer
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		t.Fatalf("GET /auth body: %v", err)
	}
	if answer.Status != strconv.Itoa(resp.StatusCode) {
		t.Fatalf("GET /auth: Status field %q does not match code %d", answer.Status, resp.StatusCode)
	}
	return resp.StatusCode, answer.AuthenticationToken
}

// authRequest is a GET /auth request with the credentials in its headers.
func authRequest(s *Server, username, password string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, s.URL()+RouteAuth, nil)
	req.Header.Set("username", username)
	req.Header.Set("password", password)
	req.Header.Set("appName", "mockserver-test")
	return req
}

func login(t *testing.T, s *Server, username, password string) *apiCaller {
	t.Helper()
	code, token := authenticateHTTP(t, s, username, password)
	if code != http.StatusOK || token == "" {
		t.Fatalf("login as %s: code %d", username, code)
	}
	return &apiCaller{t: t, base: s.URL(), token: token, documented: s.documented()}
}

// do sends a request; body is marshalled unless it is a string or nil.
func (c *apiCaller) do(method, path string, body any) (*http.Response, []byte) {
	c.t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.base+path, reader)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set(tokenHeader, c.token)
	}
	client := c.client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return resp, data
}

// wantStatus calls and checks the status code, returning the body.
func (c *apiCaller) wantStatus(code int, method, path string, body any) []byte {
	c.t.Helper()
	resp, data := c.do(method, path, body)
	if resp.StatusCode != code {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.StatusCode, code, data)
	}
	return data
}

// wantError checks the status code and that the error body's reason contains want.
func (c *apiCaller) wantError(code int, want, method, path string, body any) {
	c.t.Helper()
	data := c.wantStatus(code, method, path, body)
	var e errorBody
	if err := json.Unmarshal(data, &e); err != nil || e.Error == "" {
		c.t.Fatalf("%s %s: body %s is not {\"error\": ...}", method, path, data)
	}
	if !strings.Contains(e.Error, want) {
		c.t.Fatalf("%s %s: reason %q does not contain %q", method, path, e.Error, want)
	}
}

type op = map[string]any

// sync sends ops and returns whether they were applied and X-Sync-Error
// (always "" from a documented server, which must not send it).
func (c *apiCaller) sync(ops ...op) (bool, string) {
	c.t.Helper()
	if ops == nil {
		ops = []op{}
	}
	resp, data := c.do(http.MethodPut, RouteSync, ops)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("sync: status %d, body %s", resp.StatusCode, data)
	}
	var applied bool
	if err := json.Unmarshal(data, &applied); err != nil {
		c.t.Fatalf("sync: body %s is not true/false", data)
	}
	header := resp.Header.Get(syncErrorHeader)
	switch {
	case c.documented && header != "":
		c.t.Fatalf("sync: a documented server sent X-Sync-Error %q", header)
	case !c.documented && applied != (header == ""):
		c.t.Fatalf("sync: answer %v with X-Sync-Error %q", applied, header)
	}
	return applied, header
}

// mustSync fails the test unless ops are applied.
func (c *apiCaller) mustSync(ops ...op) {
	c.t.Helper()
	if ok, reason := c.sync(ops...); !ok {
		c.t.Fatalf("sync rejected: %s", reason)
	}
}

// users reads GET /users.
func (c *apiCaller) users() []userJSON {
	c.t.Helper()
	var users []userJSON
	if err := json.Unmarshal(c.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil), &users); err != nil {
		c.t.Fatal(err)
	}
	return users
}

// addAPIUser is an ADD of an active API user with a valid password.
func addAPIUser(loginID string) op {
	return op{"method": "ADD", "userLoginId": loginID, "firstName": "Api", "lastName": "User",
		"apiUser": true, "userPassword": testPassword}
}

// addPerson is an ADD of a person without password.
func addPerson(loginID string) op {
	return op{"method": "ADD", "userLoginId": loginID, "firstName": "Dana", "lastName": "Walker"}
}

// with returns a copy of o with the given fields set (nil values included).
func with(o op, kv ...any) op {
	c := op{}
	for k, v := range o {
		c[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		c[kv[i].(string)] = kv[i+1]
	}
	return c
}
