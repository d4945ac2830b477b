resource "apiusers_api_user" "reporting" {
  login_id   = "reporting-sync"
  first_name = "Reporting"
  last_name  = "Integration"
}

# Every role of the integration: apply assigns these and takes away any
# other role the user holds, also one assigned outside Terraform later.
# Referring to the user's login_id makes Terraform create the user first
# and, when the user is replaced, give the new user these roles in the same
# apply. Do not also manage this user's roles with apiusers_role_assignment:
# the plan fails if one configuration has both.
resource "apiusers_user_roles" "reporting" {
  login_id = apiusers_api_user.reporting.login_id
  role_ids = ["api_default", "reports"]
}
