# Adopt a user's existing privileges on a project by their resource identity
# (Terraform 1.12+): the project's id and the user's login id.
import {
  to = apiusers_project_privilege.badge_printer
  identity = {
    project_id = "badges"
    login_id   = "badge-printer"
  }
}
