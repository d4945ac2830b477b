// Package validators holds the plan-time checks of the Users API rules
// (../../shared/API.md) that can be decided without the server, so that a
// user can fix the configuration before apply. The rules themselves are
// stated once, in the client (internal/client/field_rules.go); the
// validators here wrap them (api_rules.go, password_excludes.go), or carry
// what the client has no use for (the privilege catalogue, the nudge towards
// write-only passwords, the "> 0" of the provider's durations). Checks the
// framework-validators module already has (non-empty strings and sets,
// positive ids) are used from there. Each message names the attribute path
// and the rule that failed.
package validators
