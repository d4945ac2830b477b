# Adopt an existing API user by its login id (Terraform 1.5+). With
# `terraform plan -generate-config-out=generated.tf` Terraform writes the
# resource block for you; it plans without changes.
import {
  to = apiusers_api_user.payroll
  id = "payroll-sync"
}
