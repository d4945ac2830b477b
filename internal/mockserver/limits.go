package mockserver

import (
	"fmt"
	"net/http"
)

// This file holds the limits and policies of API.md Part B: GET /limits and
// the erase-only-from-trash rule a sync's DELETE must meet (the active API
// user limit: sync.go).

type limitsJSON struct {
	MaxActiveAPIUsers  int  `json:"maxActiveApiUsers"` // 0 = no limit
	EraseOnlyFromTrash bool `json:"eraseOnlyFromTrash"`
}

// handleLimits is GET /limits.
func (s *Server) handleLimits(w http.ResponseWriter, _ *http.Request) {
	// Options says "no limit" with a negative number, API.md with 0.
	writeJSON(w, http.StatusOK, limitsJSON{
		MaxActiveAPIUsers:  max(s.opts.MaxActiveAPIUsers, 0),
		EraseOnlyFromTrash: s.opts.EraseOnlyFromTrash,
	})
}

// checkErase rejects erasing u while Options.EraseOnlyFromTrash asks for the
// trash first. People are not affected.
func (s *Server) checkErase(u UserRecord) error {
	if !s.opts.EraseOnlyFromTrash || !s.isAPIUser(u) || u.Status == StatusTrash {
		return nil
	}
	return fmt.Errorf("userLoginId: %s must be in the trash before it is deleted (this server erases API users only from the trash: MODIFY its status to TRASH first)", quote(u.UserID))
}
