package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Body size limits: a list of every user can be large, anything else is small.
// A body beyond its limit is an error rather than silently cut.
const (
	usersBodyLimit = 64 << 20
	smallBodyLimit = 1 << 20
)

// decodeJSON reads a 200 body (at most limit bytes) and decodes it into out,
// a pointer to a slice or struct. what names the expected content for the
// error, e.g. "a JSON array of users".
func decodeJSON(method, path string, resp *http.Response, limit int64, out any, what string) error {
	data, err := readJSONBody(method, path, resp, limit)
	if err != nil {
		return err
	}
	return decodeJSONBytes(resp, method, path, data, out, what)
}

// readJSONBody checks that a body claims to be JSON and reads it, at most
// limit bytes.
func readJSONBody(method, path string, resp *http.Response, limit int64) ([]byte, error) {
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mediaType, _, err := mime.ParseMediaType(ct)
		if err != nil || (mediaType != "application/json" && !strings.HasSuffix(mediaType, "+json")) {
			return nil, fmt.Errorf("%s %s returned content of type %s instead of JSON; is the endpoint the Users API (a proxy or login page may be answering)?", method, path, truncateForError(resp, []byte(ct)))
		}
	}
	data, err := readLimited(resp.Body, limit)
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	return data, nil
}

// readLimited reads at most limit bytes and fails when there are more.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the body is larger than %d MiB, more than this client accepts", limit>>20)
	}
	return data, nil
}

// decodeJSONBytes decodes data, the body of resp, into out. The top-level
// JSON value must be of the kind out expects (array or object), so that null
// or a bare string is an error rather than an empty result. Unknown fields
// are ignored.
func decodeJSONBytes(resp *http.Response, method, path string, data []byte, out any, what string) error {
	wantKind := reflect.TypeOf(out).Elem().Kind()
	first := firstNonSpace(data)
	switch {
	case first == 0:
		return fmt.Errorf("%s %s returned an empty body instead of %s", method, path, what)
	case wantKind == reflect.Slice && first != '[', wantKind == reflect.Struct && first != '{':
		return fmt.Errorf("%s %s returned a body that is not %s: it starts with %s", method, path, what, truncateForError(resp, data))
	}
	if err := json.Unmarshal(data, out); err != nil {
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input") {
			return fmt.Errorf("%s %s returned a body that is not %s (broken or truncated JSON): %w", method, path, what, err)
		}
		return fmt.Errorf("%s %s returned a body that is not %s: %w", method, path, what, err)
	}
	return nil
}

func firstNonSpace(data []byte) byte {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return 0
	}
	return trimmed[0]
}

// truncateForError quotes the start of a body of resp (nil when unknown)
// for an error message, made safe by serverText first, so that a cut
// cannot leave part of a secret unmasked.
func truncateForError(resp *http.Response, data []byte) string {
	const maxLen = 80
	s := serverText(resp, string(bytes.TrimSpace(data)))
	if len(s) > maxLen {
		cut := maxLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return `"` + s + `"`
}

// decodeUsers decodes a GET /users body (of resp, nil when unknown) and
// checks that every element is a user (has a login id).
func decodeUsers(resp *http.Response, data []byte) ([]User, error) {
	var users []User
	if err := decodeJSONBytes(resp, http.MethodGet, "/users", data, &users, "a JSON array of users"); err != nil {
		return nil, err
	}
	for i, u := range users {
		if u.UserID == "" {
			return nil, fmt.Errorf("GET /users returned a user without a userID at index %d (key %d); the body is not a list of users", i, u.Key)
		}
	}
	return users, nil
}
