package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestAccBranchesDataSource: the branches keyed by id, each carrying its id
// as a number; the ids in numeric order (9 before 10, which a string sort
// would not give); a branch found by name with a plain for expression; the
// ids fit an API user's branch_ids as they are.
func TestAccBranchesDataSource(t *testing.T) {
	srv := newTestServer(t, func(o *mockserver.Options) { o.Branches = []int64{101, 10, 9} })
	const data = "data.apiusers_branches.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAPIUserDestroyed(srv, "every-branch"),
		Steps: []resource.TestStep{{
			Config: providerConfig(srv) + `
data "apiusers_branches" "all" {}

output "branch_10" {
  value = one([for b in data.apiusers_branches.all.branches : b.branch_id if b.name == "Branch 10"])
}
` + testAccAPIUserBlock("u", `
  login_id   = "every-branch"
  first_name = "Every"
  last_name  = "Branch"
  branch_ids = data.apiusers_branches.all.branch_ids
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(data, at("branch_ids"), int64List(9, 10, 101)),
				statecheck.ExpectKnownValue(data, at("branches"), knownvalue.MapExact(map[string]knownvalue.Check{
					"9":   catalogueElement("branch_id", 9, "Branch 9"),
					"10":  catalogueElement("branch_id", 10, "Branch 10"),
					"101": catalogueElement("branch_id", 101, "Branch 101"),
				})),
				statecheck.ExpectKnownOutputValue("branch_10", knownvalue.Int64Exact(10)),
				statecheck.ExpectKnownValue("apiusers_api_user.u", at("branch_ids"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(9), knownvalue.Int64Exact(10), knownvalue.Int64Exact(101)})),
			},
		}},
	})
}
