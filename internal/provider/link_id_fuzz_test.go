package provider

import (
	"strings"
	"testing"
)

// FuzzTwoPartIDParse: parsing never panics, accepts exactly the ids with
// two non-empty halves around one separator, and join inverts it.
func FuzzTwoPartIDParse(f *testing.F) {
	for _, s := range []string{"api_default/jdoe", "badges/j.doe@x", "/jdoe", "role/", "a/b/c", "", "noslash"} {
		f.Add(s)
	}
	id := twoPartID{first: "role_id", second: "login_id", example: "api_default/jdoe"}
	f.Fuzz(func(t *testing.T, s string) {
		first, second, err := id.parse(s)
		wellFormed := strings.Count(s, idSeparator) == 1 && !strings.HasPrefix(s, idSeparator) && !strings.HasSuffix(s, idSeparator)
		if (err == nil) != wellFormed {
			t.Fatalf("parse(%q) error=%v, want accepted=%v", s, err, wellFormed)
		}
		if err == nil && id.join(first, second) != s {
			t.Fatalf("join(parse(%q)) = %q", s, id.join(first, second))
		}
	})
}
