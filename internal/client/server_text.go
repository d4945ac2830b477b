package client

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// secretsKey keys, in a request's context, the secrets the request could
// reveal: the password, the token and the passwords of the sync it sends
// (loggingContext puts them there).
type secretsKey struct{}

// serverText is how text the server sent (an error body, a sync's reason,
// a header, an echoed field) enters an error or a log, and the only way:
//   - every secret of the request that fetched resp is replaced by ***, so
//     that a server or gateway that echoes the password it was sent, or the
//     token, does not print it in a diagnostic;
//   - control characters (except the newline), bytes that are not UTF-8 and
//     bidirectional overrides are escaped (\x1b, \u202e), so that a server
//     cannot drive the user's terminal or disguise what it printed.
//
// resp may be nil (text from a value decoded deep in a body): then only the
// escaping applies.
func serverText(resp *http.Response, text string) string {
	var secrets []string
	if resp != nil && resp.Request != nil {
		secrets = requestSecrets(resp.Request.Context())
	}
	return maskServerText(secrets, text)
}

// maskServerText is serverText with the secrets given: for an error that
// quotes an answer without holding it (Go's transport quotes a malformed
// answer, headers included, in its error).
func maskServerText(secrets []string, text string) string {
	// The longest first, so that a secret containing another is masked
	// whole rather than around the shorter one.
	for _, s := range slices.SortedFunc(slices.Values(secrets), func(a, b string) int { return len(b) - len(a) }) {
		text = strings.ReplaceAll(text, s, "***")
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(text[i]), 16))
		case r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(text[i : i+size])
		}
		i += size
	}
	return b.String()
}

// withSecrets records the request's secrets for serverText.
func withSecrets(ctx context.Context, secrets []string) context.Context {
	return context.WithValue(ctx, secretsKey{}, secrets)
}

func requestSecrets(ctx context.Context) []string {
	secrets, _ := ctx.Value(secretsKey{}).([]string)
	return secrets
}
