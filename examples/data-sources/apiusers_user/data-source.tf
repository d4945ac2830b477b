# An integration Terraform does not manage: the plan fails if the server has
# no such user. Login ids are compared case-insensitively.
data "apiusers_user" "billing" {
  login_id = "billing-sync"
}

# Grant it privileges on a project, only while it is active.
resource "apiusers_project_privilege" "billing_badges" {
  project_id = "badges"
  login_id   = data.apiusers_user.billing.login_id
  privileges = ["access_producer", "preview_card"]

  lifecycle {
    precondition {
      condition     = data.apiusers_user.billing.status == "active"
      error_message = "billing-sync is ${data.apiusers_user.billing.status}, not active."
    }
  }
}

output "billing_branch_ids" {
  value = data.apiusers_user.billing.branch_ids
}
