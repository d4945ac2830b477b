package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// stateFile is what Options.StateFile holds: the whole store and the token
// signing key, so that users and tokens survive a restart. It contains
// password hashes, never passwords, and is written with mode 0600.
type stateFile struct {
	SigningKey []byte `json:"signingKey"`
	Store      *store `json:"store"`
}

// loadState reads Options.StateFile. It returns false when there is no file
// to load (no StateFile configured, or the file does not exist yet).
func (s *Server) loadState() (bool, error) {
	if s.opts.StateFile == "" {
		return false, nil
	}
	data, err := os.ReadFile(s.opts.StateFile)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading the state file: %w", err)
	}
	var state stateFile
	if err := json.Unmarshal(data, &state); err != nil {
		return false, fmt.Errorf("state file %s is not valid: %w", s.opts.StateFile, err)
	}
	if state.Store == nil || len(state.SigningKey) == 0 {
		return false, fmt.Errorf("state file %s lacks the store or the signing key", s.opts.StateFile)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// clone also replaces what JSON leaves nil (maps, branch lists) with empty values.
	s.st, s.signingKey = state.Store.clone(), state.SigningKey
	return true, nil
}

// saveLocked writes the state file atomically (temporary file, then rename),
// so that a crash never leaves half a file. Callers hold s.mu.
func (s *Server) saveLocked() error {
	if s.opts.StateFile == "" {
		return nil
	}
	data, err := json.Marshal(stateFile{SigningKey: s.signingKey, Store: s.st})
	if err != nil {
		return fmt.Errorf("encoding the state: %w", err)
	}
	dir, base := filepath.Split(s.opts.StateFile)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing the state file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("writing the state file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("writing the state file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the state file: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.opts.StateFile); err != nil {
		return fmt.Errorf("replacing the state file: %w", err)
	}
	return nil
}
