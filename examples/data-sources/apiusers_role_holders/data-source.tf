# Who holds one role.
data "apiusers_role_holders" "admins" {
  role_id = "account_admin"
}

# Every role of the server and its holders.
data "apiusers_role_holders" "all" {}

output "account_admins" {
  value = data.apiusers_role_holders.admins.login_ids
}

# The import id of every role assignment the server holds, e.g.
# "api_default/crm-sync", for import blocks.
output "role_assignment_ids" {
  value = flatten([
    for role_id, login_ids in data.apiusers_role_holders.all.holders : [
      for login_id in login_ids : "${role_id}/${login_id}"
    ]
  ])
}
