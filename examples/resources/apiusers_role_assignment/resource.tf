resource "apiusers_api_user" "billing" {
  login_id   = "billing-sync"
  first_name = "Billing"
  last_name  = "Integration"
}

# Give the integration the "API default role". Referring to the user's
# login_id makes Terraform create the user first and, when the user is
# replaced (a new login id), assign the role to the new user in the same
# apply.
resource "apiusers_role_assignment" "billing_api_default" {
  role_id  = "api_default"
  login_id = apiusers_api_user.billing.login_id
}

# More roles for the same user, by display name through the role catalogue:
# a name the server does not know fails at plan time.
data "apiusers_roles" "all" {}

locals {
  role_ids_by_name = { for role in data.apiusers_roles.all.roles : role.name => role.role_id }
}

resource "apiusers_role_assignment" "billing" {
  for_each = toset(["Reports", "Read only"])

  role_id  = local.role_ids_by_name[each.key]
  login_id = apiusers_api_user.billing.login_id
}
