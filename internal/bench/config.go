package bench

import (
	"fmt"
	"strings"
)

// Kind is what a scenario's resources are.
type Kind string

const (
	// KindAPIUsers is apiusers_api_user against the mock.
	KindAPIUsers Kind = "apiusers"
	// KindFloor is floor_api_user: same attributes, no calls, served the
	// way apiusers is (SDK logs silenced, RPC contexts confined).
	KindFloor Kind = "floor"
	// KindVanilla is the same floor served with the framework's defaults
	// (providerserver.Serve, the SDK's TRACE logs on): what any framework
	// provider of this shape costs.
	KindVanilla Kind = "vanilla floor"
	// KindTerraformData is the built-in terraform_data with the same values
	// as input, for reference.
	KindTerraformData Kind = "terraform_data"
)

// benchUserPassword is the password of every benchmark user: given rather
// than generated, so that apiusers and the floor store the same data.
const benchUserPassword = "Bench-Passw0rd-1"

// userAttributes is the body every kind's user resource gets: the
// attributes an integration typically sets.
func userAttributes() string {
	return fmt.Sprintf(`  login_id    = format("bench-%%05d", count.index)
  first_name  = "Bench"
  last_name   = "Integration"
  description = "benchmark integration"
  branch_ids  = [101, 102]
  password    = %q
`, benchUserPassword)
}

// Config is the main.tf of a scenario with n users. links adds one role
// assignment and one project privilege per user (apiusers and the floor).
// batching sets the apiusers provider's batching attribute.
func Config(kind Kind, n int, links, batching bool) string {
	var b strings.Builder
	switch kind {
	case KindAPIUsers:
		fmt.Fprintf(&b, `terraform {
  required_providers {
    apiusers = { source = "apiusers/apiusers" }
  }
}

# endpoint, username and password come from APIUSERS_* in the environment.
provider "apiusers" {
  batching = %t
}
`, batching)
	case KindFloor, KindVanilla:
		source := "bench/floor"
		if kind == KindVanilla {
			source = "bench/vanilla"
		}
		// Both are the floor binary, whose resource types are floor_*.
		fmt.Fprintf(&b, `terraform {
  required_providers {
    floor = { source = %q }
  }
}
`, source)
		kind = KindFloor
	case KindTerraformData:
		fmt.Fprintf(&b, `resource "terraform_data" "u" {
  count = %d
  input = {
%s  }
}
`, n, strings.ReplaceAll(userAttributes(), "  ", "    "))
		return b.String()
	}
	prefix := string(kind) // the provider's local name: "apiusers", "floor"
	fmt.Fprintf(&b, `
resource "%[1]s_api_user" "u" {
  count = %[2]d
%[3]s}
`, prefix, n, userAttributes())
	if links {
		fmt.Fprintf(&b, `
resource "%[1]s_role_assignment" "u" {
  count    = %[2]d
  role_id  = "api_default"
  login_id = %[1]s_api_user.u[count.index].login_id
}

resource "%[1]s_project_privilege" "u" {
  count      = %[2]d
  project_id = "badges"
  login_id   = %[1]s_api_user.u[count.index].login_id
  privileges = ["access_producer", "preview_card"]
}
`, prefix, n)
	}
	return b.String()
}
