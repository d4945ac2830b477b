# A small company wires three integrations to its badge system. Each
# integration gets its own API user (seed 001: one API user per integration),
# a role, and privileges on the projects it works with.
#
# `make demo` runs this against the built-in mock server. The provider reads
# its endpoint and the administrator's credentials from APIUSERS_ENDPOINT,
# APIUSERS_USERNAME and APIUSERS_PASSWORD, so nothing secret is written here.

terraform {
  required_version = ">= 1.11"
  required_providers {
    apiusers = {
      source = "apiusers/apiusers"
    }
  }
}

provider "apiusers" {
  app_name = "apiusers-demo"
}

locals {
  organization = "Northwind Badges"

  # Integrations whose password the provider generates and keeps in state, so
  # the pipeline can hand it to the integration (see the outputs).
  integrations = {
    "crm-sync" = {
      first_name  = "CRM"
      last_name   = "Sync"
      description = "Nightly contact sync from the CRM into the badge database"
      email       = "crm-team@northwind.example"
      branch_ids  = [101, 102]
      roles       = ["api_default"]
      privileges = {
        badges = ["access_producer", "add_records", "edit_records", "deactivate_records"]
      }
      # Change this value to have the provider generate a new password.
      password_generation = "2026-11"
    }
    "badge-printer" = {
      first_name  = "Badge"
      last_name   = "Printer"
      description = "Lobby kiosk that photographs visitors and prints their badges"
      email       = "facilities@northwind.example"
      branch_ids  = [101]
      roles       = ["api_default"]
      privileges = {
        badges   = ["access_producer", "preview_card", "print_card"]
        visitors = ["access_producer", "add_records", "capture_photo_id", "capture_signature", "print_card"]
      }
      password_generation = "initial"
    }
  }

  # One entry per (integration, project) pair, for apiusers_project_privilege.
  project_privileges = merge([
    for login_id, integration in local.integrations : {
      for project_id, privileges in integration.privileges :
      "${project_id}/${login_id}" => {
        login_id   = login_id
        project_id = project_id
        privileges = privileges
      }
    }
  ]...)

  # One entry per (integration, role) pair, for apiusers_role_assignment.
  role_assignments = merge([
    for login_id, integration in local.integrations : {
      for role_id in integration.roles :
      "${role_id}/${login_id}" => { login_id = login_id, role_id = role_id }
    }
  ]...)
}

resource "apiusers_api_user" "integration" {
  for_each = local.integrations

  login_id     = each.key
  first_name   = each.value.first_name
  last_name    = each.value.last_name
  email        = each.value.email
  description  = each.value.description
  organization = local.organization
  branch_ids   = each.value.branch_ids

  # No password attribute: the provider generates one that meets the
  # server's policy. Changing a keeper generates a new one.
  keepers = {
    generation = each.value.password_generation
  }
}

# The server's role catalogue, for the role names in outputs.tf. A role id
# the server does not have fails the plan without it: apiusers_role_assignment
# checks its role_id against the catalogue at plan time.
data "apiusers_roles" "all" {}

resource "apiusers_role_assignment" "integration" {
  for_each = local.role_assignments

  role_id  = each.value.role_id
  login_id = apiusers_api_user.integration[each.value.login_id].login_id
}

resource "apiusers_project_privilege" "integration" {
  for_each = local.project_privileges

  project_id = each.value.project_id
  login_id   = apiusers_api_user.integration[each.value.login_id].login_id
  privileges = each.value.privileges
}

# The reporting job's password comes from a secret store, so it is passed
# write-only: it never appears in the plan or the state. Raising
# password_wo_version rotates it.
variable "reporting_job_password" {
  description = "Password of the reporting job's API user (from your secret store)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "apiusers_api_user" "reporting_job" {
  login_id     = "reporting-job"
  first_name   = "Monthly"
  last_name    = "Reporting"
  description  = "Reads badge statistics for the monthly facilities report"
  organization = local.organization
  branch_ids   = [101, 102, 103]

  password_wo         = var.reporting_job_password
  password_wo_version = 1
}

resource "apiusers_role_assignment" "reporting_job" {
  for_each = toset(["read_only", "reports"])

  role_id  = each.key
  login_id = apiusers_api_user.reporting_job.login_id
}

# A retired integration: kept for its history but inactive, so it does not
# count against the server's limit of active API users, and a destroy only
# deactivates it.
resource "apiusers_api_user" "legacy_importer" {
  login_id      = "legacy-importer"
  first_name    = "Legacy"
  last_name     = "Importer"
  description   = "Contractor import from the old HR system, retired in 2025"
  organization  = local.organization
  status        = "inactive"
  deletion_mode = "deactivate"
}
