data "apiusers_branches" "all" {}

locals {
  # Branch ids by display name. Indexing a name the server does not have
  # fails at plan time, before anything is applied.
  branch_ids = { for branch in data.apiusers_branches.all.branches : branch.name => branch.branch_id }
}

output "branch_101_id" {
  value = local.branch_ids["Branch 101"]
}

# Every branch, e.g. for an API user's branch_ids.
output "branch_ids" {
  value = data.apiusers_branches.all.branch_ids
}
