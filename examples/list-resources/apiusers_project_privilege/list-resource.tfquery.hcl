# One user's privileges on every project (Terraform 1.14+); project_id
# narrows the list to one project, api_users_only leaves people out.
list "apiusers_project_privilege" "billing" {
  provider = apiusers
  config {
    login_id = "billing-sync"
  }
}
