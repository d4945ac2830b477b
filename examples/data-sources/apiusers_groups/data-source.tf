data "apiusers_groups" "all" {}

locals {
  # Group ids by display name. Indexing a name the server does not have
  # fails at plan time, before anything is applied.
  group_ids = { for group in data.apiusers_groups.all.groups : group.name => group.group_id }
}

output "api_group_id" {
  value = local.group_ids["API"]
}

output "group_ids" {
  value = data.apiusers_groups.all.group_ids
}
