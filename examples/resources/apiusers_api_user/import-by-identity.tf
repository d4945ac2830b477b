# Adopt an existing API user by its resource identity (Terraform 1.12+), as
# `terraform query -generate-config-out` writes it: the login id.
import {
  to = apiusers_api_user.payroll
  identity = {
    login_id = "payroll-sync"
  }
}
