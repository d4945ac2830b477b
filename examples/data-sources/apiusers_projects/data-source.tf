data "apiusers_projects" "all" {}

locals {
  # Project ids by display name. Indexing a name the server does not have
  # fails at plan time, before anything is applied.
  project_ids = { for project in data.apiusers_projects.all.projects : project.name => project.project_id }
}

output "badges_project_id" {
  value = local.project_ids["Badges"]
}

output "project_ids" {
  value = data.apiusers_projects.all.project_ids
}
