# Every active integration whose login id ends in "-sync".
data "apiusers_users" "sync_integrations" {
  login_id_regex = "-sync$"
  status         = "active"
  api_users_only = true
}

# users is a map keyed by login id, so it feeds for_each directly: give each
# of those integrations the read-only role.
resource "apiusers_role_assignment" "sync_read_only" {
  for_each = data.apiusers_users.sync_integrations.users

  role_id  = "read_only"
  login_id = each.key
}

# People and integrations with access to branch 101, in the "API" group.
data "apiusers_users" "branch_101_api" {
  branch_id  = 101
  user_group = "API"
}

output "sync_integrations" {
  value = data.apiusers_users.sync_integrations.login_ids
}

output "branch_101_api_descriptions" {
  value = { for id, user in data.apiusers_users.branch_101_api.users : id => user.description }
}
