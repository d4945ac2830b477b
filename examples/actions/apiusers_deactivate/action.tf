# In an incident, disable a leaked credential at once, without editing the
# apiusers_api_user that manages it and without a plan of anything else:
#
#   terraform apply -invoke=action.apiusers_deactivate.payroll
#
# Then set status = "inactive" on the resource (or rotate its password and
# invoke apiusers_activate), so that the next plan does not re-activate it.
action "apiusers_deactivate" "payroll" {
  config {
    login_id = "payroll-export"
  }
}
