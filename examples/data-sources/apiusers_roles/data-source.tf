data "apiusers_roles" "all" {}

locals {
  # Role ids by display name. Indexing a name the server does not have
  # fails at plan time, before anything is applied.
  role_ids = { for role in data.apiusers_roles.all.roles : role.name => role.role_id }
}

output "api_default_role_id" {
  value = local.role_ids["API default role"]
}

output "role_ids" {
  value = data.apiusers_roles.all.role_ids
}
