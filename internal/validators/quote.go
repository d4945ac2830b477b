package validators

import "strconv"

// quote renders a user's value in a message. Never used for secrets.
func quote(s string) string { return strconv.Quote(s) }
