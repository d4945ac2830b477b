# Adopt a user's existing privileges on a project (Terraform 1.5+). The id
# is "<project_id>/<login_id>"; the plan shows the import and no changes.
import {
  to = apiusers_project_privilege.badge_printer
  id = "badges/badge-printer"
}
