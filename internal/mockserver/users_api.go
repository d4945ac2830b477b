package mockserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// documentedUserJSON is a User with the documented fields of API.md only:
// what GET /users shows under ProtocolDocumented.
type documentedUserJSON struct {
	Key          int64  `json:"key"`
	UserID       string `json:"userID"`
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Email        string `json:"email"`
	Encrypted    int    `json:"encrypted"`
	TokenExpires int64  `json:"tokenExpires"`
}

// userJSON is a User with every documented and extension field, always
// present: what the extended protocol shows (GET /users, GET /users/{userID}).
// The documented fields are embedded, so JSON shows them first and flat.
type userJSON struct {
	documentedUserJSON
	Description       string `json:"description"`
	BranchIDs         string `json:"branchIds"`
	GroupID           int64  `json:"groupId"`
	UserGroup         string `json:"userGroup"`
	Status            string `json:"status"`
	APIUser           bool   `json:"apiUser"`
	Organization      string `json:"organization"`
	Language          string `json:"language"`
	Timezone          string `json:"timezone"`
	PrivateNote       string `json:"privateNote"`
	PasswordChangedAt string `json:"passwordChangedAt"` // "" when no password was ever set
}

func toUserJSON(u UserRecord) userJSON {
	changed := ""
	if !u.PasswordChangedAt.IsZero() {
		changed = u.PasswordChangedAt.UTC().Format(time.RFC3339Nano)
	}
	return userJSON{
		documentedUserJSON: documentedUserJSON{
			Key: u.Key, UserID: u.UserID, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email,
			Encrypted: 1, TokenExpires: u.TokenExpires,
		},
		Description: u.Description, BranchIDs: formatBranchIDs(u.BranchIDs), GroupID: u.GroupID,
		UserGroup: u.UserGroup, Status: u.Status, APIUser: u.APIUser, Organization: u.Organization,
		Language: u.Language, Timezone: u.Timezone, PrivateNote: u.PrivateNote, PasswordChangedAt: changed,
	}
}

// listAnswer is users as this server's protocol shows them in GET /users.
func (s *Server) listAnswer(users []userJSON) any {
	if !s.documented() {
		return users
	}
	out := make([]documentedUserJSON, 0, len(users))
	for _, u := range users {
		out = append(out, u.documentedUserJSON)
	}
	return out
}

// handleListUsers is GET /users, or the failure Faults.FailListsAfterSync,
// Faults.HideUsers or Faults.CorruptUsers asks for.
func (s *Server) handleListUsers(w http.ResponseWriter, _ *http.Request) {
	if s.faults.listLost() {
		writeError(w, http.StatusServiceUnavailable, "injected fault: the list after a sync was lost")
		return
	}
	users := s.faults.hide(s.Users())
	wire := make([]userJSON, 0, len(users))
	for _, u := range users {
		wire = append(wire, toUserJSON(u))
	}
	if mode := s.faults.current().CorruptUsers; mode != "" {
		s.faults.count(faultCorrupt)
		s.writeCorruptUsers(w, mode, wire)
		return
	}
	writeJSON(w, http.StatusOK, s.listAnswer(wire))
}

// handleGetUser is GET /users/{userID}; the login id matches case-insensitively.
func (s *Server) handleGetUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.User(r.PathValue("userID"))
	if !ok {
		writeError(w, http.StatusNotFound, "no user %s", quote(r.PathValue("userID")))
		return
	}
	writeJSON(w, http.StatusOK, toUserJSON(u))
}

// writeCorruptUsers answers 200 with a body a careful client must refuse,
// made of the fields the server's protocol shows.
func (s *Server) writeCorruptUsers(w http.ResponseWriter, mode string, users []userJSON) {
	switch mode {
	case CorruptHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>" +
			"<body><h1>We'll be back soon</h1></body></html>\n"))
	case CorruptTruncated:
		body, _ := json.Marshal(s.listAnswer(users))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body[:len(body)/2])
	case CorruptWrongTypes:
		wrong := make([]map[string]any, 0, len(users))
		for _, u := range users {
			user := map[string]any{
				"key": strconv.FormatInt(u.Key, 10), "userID": u.Key,
				"firstName": []string{u.FirstName}, "lastName": u.LastName, "email": u.Email,
				"encrypted": "1", "tokenExpires": "never",
			}
			if !s.documented() {
				user["branchIds"], user["groupId"], user["apiUser"], user["status"] = []string{u.BranchIDs}, u.UserGroup, "yes", 1
			}
			wrong = append(wrong, user)
		}
		writeJSON(w, http.StatusOK, wrong)
	default: // CorruptGarbage and anything unknown
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("\x00\x1f{[garbage]: not JSON at all \xff"))
	}
}
