package client

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// BranchIDs is the pipe-separated branch list of API.md ("101|102") as a Go
// slice. nil means "absent" (omitted with omitzero); an empty non-nil slice is
// sent as "" (MODIFY: no branches; DELETE: delete the whole user).
type BranchIDs []int64

// MarshalJSON encodes the list as a pipe-separated string.
func (b BranchIDs) MarshalJSON() ([]byte, error) {
	return json.Marshal(b.String())
}

// UnmarshalJSON decodes a pipe-separated string; JSON null gives nil.
func (b *BranchIDs) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*b = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("branchIds must be a pipe-separated string such as \"101|102\", got %s", truncateForError(nil, data))
	}
	parsed, err := ParseBranchIDs(s)
	if err != nil {
		return err
	}
	*b = parsed
	return nil
}

// ParseBranchIDs parses "101|102" into a sorted, de-duplicated list. The
// empty string gives an empty, non-nil list.
func ParseBranchIDs(s string) (BranchIDs, error) {
	out := BranchIDs{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for i, part := range strings.Split(s, "|") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, fmt.Errorf("branch id list %q has an empty entry at position %d; write ids separated by single pipes, e.g. \"101|102\"", s, i+1)
		}
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil || id < 0 {
			return nil, fmt.Errorf("branch id list %q has %q at position %d, which is not a non-negative whole number", s, part, i+1)
		}
		out = append(out, id)
	}
	return normalizedBranches(out), nil
}

// String renders the list in the wire form, ascending.
func (b BranchIDs) String() string {
	sorted := normalizedBranches(b)
	parts := make([]string, len(sorted))
	for i, id := range sorted {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, "|")
}
