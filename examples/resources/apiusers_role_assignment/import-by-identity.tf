# Adopt an existing role assignment by its resource identity (Terraform
# 1.12+): the role's id and the user's login id.
import {
  to = apiusers_role_assignment.billing_api_default
  identity = {
    role_id  = "api_default"
    login_id = "billing-sync"
  }
}
