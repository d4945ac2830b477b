package client

// BranchIDs is the pipe-separated branch list of API.md ("101|102") as a Go
// slice. nil means "absent" (omitted with omitzero); an empty non-nil slice is
// sent as "" (MODIFY: no branches; DELETE: delete the whole user).
type BranchIDs []int64

// MarshalJSON encodes the list as a pipe-separated string.
func (b BranchIDs) MarshalJSON() ([]byte, error) { panic("TODO") }

// UnmarshalJSON decodes a pipe-separated string; JSON null gives nil.
func (b *BranchIDs) UnmarshalJSON(data []byte) error { panic("TODO") }

// ParseBranchIDs parses "101|102" into a sorted, de-duplicated list.
func ParseBranchIDs(s string) (BranchIDs, error) { panic("TODO") }

// String renders the list in the wire form, ascending.
func (b BranchIDs) String() string { panic("TODO") }
