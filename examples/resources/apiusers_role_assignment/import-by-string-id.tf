# Adopt an existing role assignment (Terraform 1.5+). The id is
# "<role_id>/<login_id>"; the plan shows the import and no changes.
import {
  to = apiusers_role_assignment.billing_api_default
  id = "api_default/billing-sync"
}
