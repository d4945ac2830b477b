# A password generated for one API user (Terraform 1.11+ for write-only
# arguments): it meets the server's policy, avoids the user's login id and
# organization, and is never stored in plan or state. Every plan and apply
# generates a new one; the user's password changes only when
# password_wo_version does.
locals {
  audit_login_id     = "audit-export"
  audit_organization = "Example Corp"
}

ephemeral "apiusers_password" "audit" {
  # The user's values, not references to it: the user refers to this
  # password, so referring back would be a cycle.
  login_id     = local.audit_login_id
  organization = local.audit_organization
  length       = 40
}

resource "apiusers_api_user" "audit" {
  login_id            = local.audit_login_id
  first_name          = "Audit"
  last_name           = "Export"
  organization        = local.audit_organization
  password_wo         = ephemeral.apiusers_password.audit.result
  password_wo_version = 1 # bump to send a new password
}
