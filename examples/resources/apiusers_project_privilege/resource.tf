resource "apiusers_api_user" "badge_printer" {
  login_id   = "badge-printer"
  first_name = "Badge"
  last_name  = "Printer"
}

# The printer may open the Badges project, preview and print cards, and
# nothing else. Changing the set updates it in place; removing the resource
# takes every privilege on the project away.
resource "apiusers_project_privilege" "badge_printer" {
  project_id = "badges"
  login_id   = apiusers_api_user.badge_printer.login_id
  privileges = ["access_producer", "preview_card", "print_card"]
}

# The same user on every project, with the projects taken from the server's
# catalogue.
data "apiusers_projects" "all" {}

resource "apiusers_project_privilege" "badge_printer_preview" {
  for_each = toset([for id in data.apiusers_projects.all.project_ids : id if id != "badges"])

  project_id = each.key
  login_id   = apiusers_api_user.badge_printer.login_id
  privileges = ["access_producer", "preview_card"]
}
