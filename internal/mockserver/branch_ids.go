package mockserver

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// parseBranchIDs parses the wire form "101|102" into a sorted, de-duplicated
// list. "" is the empty list. Anything but positive decimal numbers separated
// by single pipes is rejected: the mock is strict so that clients sending
// spaces, signs or empty elements find out.
func parseBranchIDs(s string) ([]int64, error) {
	ids := []int64{}
	if s == "" {
		return ids, nil
	}
	for part := range strings.SplitSeq(s, "|") {
		if part == "" || len(part) > 18 || strings.Trim(part, "0123456789") != "" {
			return nil, fmt.Errorf("branchIds: %s is not a pipe-separated list of branch numbers like \"101|102\"", quote(s))
		}
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("branchIds: %s is not a positive branch number", quote(part))
		}
		ids = append(ids, id)
	}
	return sortedUnique(ids), nil
}

// sortedUnique returns ids ascending without duplicates, in a new slice.
func sortedUnique(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// formatBranchIDs renders ids in the wire form, ascending.
func formatBranchIDs(ids []int64) string {
	parts := make([]string, 0, len(ids))
	for _, id := range sortedUnique(ids) {
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return strings.Join(parts, "|")
}

// quote renders user input for an error reason: quoted, ASCII only, so that a
// reason is always a valid header value (X-Sync-Error).
func quote(s string) string {
	const maxShown = 80
	if len(s) > maxShown {
		s = s[:maxShown] + "..."
	}
	return strconv.QuoteToASCII(s)
}
