# Re-enable an API user once its new password is in place:
#
#   terraform apply -invoke=action.apiusers_activate.payroll
action "apiusers_activate" "payroll" {
  config {
    login_id = "payroll-export"
  }
}
