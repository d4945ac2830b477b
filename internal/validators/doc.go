// Package validators holds the plan-time checks of the Users API rules
// (../../shared/API.md) that can be decided without the server: login id
// shape, password policy, email, BCP 47 language tags, IANA time zones and the
// "omit instead of empty" rule. Each message names the rule that failed, so a
// user can fix the configuration before apply.
package validators
