# Every user's privileges on one project.
data "apiusers_project_privileges" "badges" {
  project_id = "badges"
}

# Every project of the server, and every user's privileges on each.
data "apiusers_project_privileges" "all" {}

# Who may print cards on the badges project.
output "badge_printers" {
  value = [
    for login_id, privileges in data.apiusers_project_privileges.badges.privileges["badges"] :
    login_id if contains(privileges, "print_card")
  ]
}

# The import id of every privilege set the server holds, e.g.
# "badges/crm-sync", for import blocks.
output "project_privilege_ids" {
  value = flatten([
    for project_id, users in data.apiusers_project_privileges.all.privileges : [
      for login_id in keys(users) : "${project_id}/${login_id}"
    ]
  ])
}
