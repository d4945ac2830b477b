# Adopt the roles an existing user holds (Terraform 1.5+). The id is the
# user's login id; with role_ids listing every role the user holds, the plan
# shows the import and no changes.
import {
  to = apiusers_user_roles.reporting
  id = "reporting-sync"
}
