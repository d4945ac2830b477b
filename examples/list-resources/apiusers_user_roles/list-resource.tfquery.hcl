# All the roles of each API user holding any (Terraform 1.14+). List either
# these or apiusers_role_assignment for a user, not both.
list "apiusers_user_roles" "integrations" {
  provider = apiusers
  config {
    api_users_only = true
  }
}
