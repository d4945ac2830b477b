package provider

// causeLabel opens a diagnostic detail's last paragraph, the underlying
// error, after the sentences that say what failed and what to do (random's
// "Original Error:" convention); hintDestroyRefresh keeps it last.
const causeLabel = "\n\nOriginal Error: "

// withCause is a diagnostic's detail followed by its cause, err.
func withCause(detail string, err error) string { return detail + causeLabel + err.Error() }
