# A generated password: the provider creates it (crypto/rand, meeting the
# server's policy) and keeps it in state, so the pipeline can hand it to the
# integration.
resource "apiusers_api_user" "payroll" {
  login_id     = "payroll-sync"
  first_name   = "Payroll"
  last_name    = "Integration"
  email        = "payroll-team@example.com"
  description  = "Nightly payroll export"
  organization = "Example Corp"
  language     = "en-GB"
  timezone     = "Europe/London"
  branch_ids   = [101, 102]
  user_group   = "API"

  # Change any value to generate a new password.
  keepers = {
    rotation = "2026-01"
  }

  # Destroying keeps the record as INACTIVE, freeing its active-user slot.
  deletion_mode = "deactivate"
}

output "payroll_password" {
  value     = apiusers_api_user.payroll.password
  sensitive = true
}

# A write-only password (Terraform 1.11+): sent to the server, never stored
# in plan or state. Bump password_wo_version to send a new one.
variable "reports_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "apiusers_api_user" "reports" {
  login_id            = "reports-reader"
  first_name          = "Reports"
  last_name           = "Integration"
  password_wo         = var.reports_password
  password_wo_version = 1
}
