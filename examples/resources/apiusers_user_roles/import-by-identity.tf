# Adopt the roles an existing user holds by their resource identity
# (Terraform 1.12+): the user's login id.
import {
  to = apiusers_user_roles.reporting
  identity = {
    login_id = "reporting-sync"
  }
}
