output "api_users" {
  description = "Each integration's API user: server key, status and branches."
  value = {
    for user in concat(values(apiusers_api_user.integration), [apiusers_api_user.reporting_job, apiusers_api_user.legacy_importer]) :
    user.login_id => {
      key        = user.key
      status     = user.status
      branch_ids = user.branch_ids
    }
  }
}

output "role_assignments" {
  description = "Role assignments by ID (<role_id>/<login_id>), with the role's display name."
  value = {
    for a in concat(values(apiusers_role_assignment.integration), values(apiusers_role_assignment.reporting_job)) :
    a.id => data.apiusers_roles.all.roles[a.role_id].name
  }
}

output "project_privileges" {
  description = "Privileges per <project_id>/<login_id>."
  value       = { for id, p in apiusers_project_privilege.integration : id => sort(p.privileges) }
}

output "crm_sync_password" {
  description = "The generated password of crm-sync, for the CRM's deployment pipeline: terraform output -raw crm_sync_password."
  value       = apiusers_api_user.integration["crm-sync"].password
  sensitive   = true
}
